// The loader's checks of the ABI contract: each broken plugin is refused with a clear reason.
#include <gtest/gtest.h>

#include <fstream>

#include "workspace.hpp"

using namespace arrakis::testing;

namespace {

std::string refusal(const std::string& fixture_name) {
  EffectRecorder lifecycle;
  try {
    LoadedPlugin::load(fixture(fixture_name), lifecycle);
  } catch (const PluginError& e) {
    return e.what();
  }
  return "<loaded>";
}

}  // namespace

TEST(PluginAbi, WrongMajorIsRefusedNamingBothVersions) {
  const auto why = refusal("c99-wrong-abi");
  EXPECT_NE(why.find("built for ABI 2."), std::string::npos) << why;
  EXPECT_NE(why.find("host speaks ABI 1.1"), std::string::npos) << why;
}

TEST(PluginAbi, MissingEntrySymbolIsRefused) {
  const auto why = refusal("not-a-plugin");
  EXPECT_NE(why.find("exports no arrakis_plugin_entry symbol"), std::string::npos) << why;
}

TEST(PluginAbi, DescriptorOfUnknownSizeIsRefused) {
  const auto why = refusal("c99-bad-size");
  EXPECT_NE(why.find("descriptor has unknown size 8"), std::string::npos) << why;
}

TEST(PluginAbi, FileThatIsNotALibraryIsRefused) {
  const auto path = std::filesystem::temp_directory_path() / ("arrakis-garbage-" + std::to_string(::getpid()) + ".so");
  { std::ofstream(path) << "not an ELF file"; }
  EffectRecorder lifecycle;
  EXPECT_THROW(LoadedPlugin::load(path, lifecycle), PluginError);
  std::filesystem::remove(path);
}

TEST(PluginAbi, HostTableSlotsWithoutAServiceSayNotAvailable) {
  // A bare HostServices implements nothing: every slot answers NOT_AVAILABLE with a reason.
  HostServices bare;
  Invocation inv;
  arrakis_call call;
  call.services = &bare;
  call.invocation = &inv;
  const arrakis_host_api* api = host_api_table();
  EXPECT_GE(api->struct_size, sizeof(arrakis_host_api));
  EXPECT_EQ(api->abi_major, static_cast<std::uint32_t>(ARRAKIS_ABI_MAJOR));
  arrakis_host_buffer out{};
  EXPECT_EQ(api->chain_rpc(&call, {"eth_blockNumber", 15}, {"[]", 2}, &out), ARRAKIS_NOT_AVAILABLE);
  EXPECT_EQ(call.last_error, "chain_rpc is not available in this host");
  EXPECT_EQ(api->guild_add_role(&call, {"1", 1}, {"2", 1}, {"", 0}), ARRAKIS_NOT_AVAILABLE);
  EXPECT_EQ(api->sql_exec(&call, {"SELECT 1", 8}, {"[]", 2}, nullptr), ARRAKIS_NOT_AVAILABLE);
  EXPECT_EQ(api->http_respond(&call, 200, {"", 0}, {"", 0}), ARRAKIS_BAD_INPUT);  // not an HTTP call
  // last_error hands out a host buffer the plugin releases.
  ASSERT_EQ(api->last_error(&call, &out), ARRAKIS_OK);
  EXPECT_EQ(std::string(out.data, out.size), "http_respond is only valid while handling an HTTP route");
  api->buffer_release(&out);
  EXPECT_EQ(out.data, nullptr);
  // A null call is refused, never dereferenced.
  EXPECT_EQ(api->state_delete(nullptr, {"k", 1}), ARRAKIS_BAD_INPUT);
}
