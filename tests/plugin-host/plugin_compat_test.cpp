// Forward and backward compatibility within ABI major 1: a plugin built against the frozen 1.0
// header is served by this (1.1) host, and a 1.1 SDK plugin handed a host table of 1.0's size
// degrades or fails with NOT_AVAILABLE without ever touching a slot the table does not have.
#include <gtest/gtest.h>

#include <utility>  // before Boost (DLL uses std::exchange)

#include <boost/dll/shared_library.hpp>

#include <atomic>
#include <cstring>

#include "arrakis/plugin_host/invocation.hpp"
#include "workspace.hpp"

using namespace arrakis::testing;
using nlohmann::json;

namespace {

Invocation slash(const std::string& name) {
  return invocation_from_payload({{"eventId", "e-" + name},
                                  {"eventType", "interaction.command." + name},
                                  {"guildId", "g1"},
                                  {"userId", "u1"},
                                  {"data", {{"commandName", name}}}});
}

// The 1.1 slots of a table truncated to 1.0 are filled with this: calling one is the bug under test.
std::atomic<int> trap_calls{0};
arrakis_status trap_out(arrakis_call*, arrakis_host_buffer*) {
  ++trap_calls;
  return ARRAKIS_OK;
}
arrakis_status trap_publish(arrakis_call*, arrakis_borrowed_str, arrakis_borrowed_str) {
  ++trap_calls;
  return ARRAKIS_OK;
}

// Loads the compat fixture by hand, handing it `table` instead of the host's own.
struct HandLoaded {
  boost::dll::shared_library lib;
  const arrakis_plugin_descriptor* descriptor = nullptr;
  arrakis_status entry_status = ARRAKIS_OK;
  char refusal[256] = {0};

  explicit HandLoaded(const arrakis_host_api* table)
      : lib(boost::dll::fs::path(fixture("compat").string()), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {
    auto& entry = lib.get<std::remove_pointer_t<arrakis_plugin_entry_fn>>(ARRAKIS_PLUGIN_ENTRY_SYMBOL);
    arrakis_handshake hs{sizeof(arrakis_handshake), ARRAKIS_ABI_MAJOR, 0, table, refusal, sizeof refusal};
    entry_status = entry(&hs, &descriptor);
  }

  arrakis_status run(HostServices& services, const Invocation& inv, std::string& error) {
    void* state = nullptr;
    arrakis_call init_call;
    init_call.services = &services;
    init_call.invocation = &inv;
    if (descriptor->init) descriptor->init(&init_call, &state);
    arrakis_call call;
    call.services = &services;
    call.invocation = &inv;
    const arrakis_event event{sizeof(arrakis_event), inv.kind, {inv.type.data(), inv.type.size()},
                              {inv.payload_json.data(), inv.payload_json.size()}};
    const auto s = descriptor->handle(state, &call, &event);
    error = call.error;
    return s;
  }
};

// A copy of the host's table as a 1.0 host would hand it: 1.0's size, and nothing valid beyond.
arrakis_host_api table_of_1_0() {
  arrakis_host_api t = *host_api_table();
  t.struct_size = offsetof(arrakis_host_api, guild_get);
  t.abi_minor = 0;
  t.guild_get = &trap_out;
  t.guild_list_roles = &trap_out;
  t.guild_list_channels = &trap_out;
  t.event_publish = &trap_publish;
  return t;
}

}  // namespace

TEST(PluginCompat, A10PluginIsServedByThe11Host) {
  Workspace ws;
  ws.drop_in("abi10");
  const auto report = ws.manager->discover();
  ASSERT_EQ(report.loaded.size(), 1u) << (report.refused.empty() ? "" : report.refused.front().second);
  const auto status = ws.manager->status("legacy");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->info.abi_minor, 0u);
  ASSERT_EQ(status->info.commands.size(), 1u);
  EXPECT_EQ(status->info.commands[0].definition_json, "");  // 1.0 has no definition field: never read
  ASSERT_EQ(status->info.components.size(), 1u);
  EXPECT_EQ(status->info.components[0].flags, 0u);  // a plain prefix: deferred as an update
  ASSERT_EQ(status->info.schedules.size(), 1u);
  EXPECT_EQ(status->info.schedules[0].scope, static_cast<std::uint32_t>(ARRAKIS_SCHEDULE_GLOBAL));
  EXPECT_EQ(status->info.schedules[0].max_attempts, 0u);

  EffectRecorder effects;
  const auto r = ws.manager->dispatch(slash("legacy"), effects);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
  ASSERT_EQ(effects.effects("interaction.reply").size(), 1u);
  EXPECT_EQ(effects.effects("interaction.reply")[0]["message"]["content"], "legacy command");

  const auto route = ws.manager->component("legacy:open");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->plugin, "legacy");
  EXPECT_EQ(route->flags, 0u);
}

TEST(PluginCompat, A11PluginReadsItsNewDeclarationsOnThe11Host) {
  Workspace ws;
  ws.drop_in("compat");
  ASSERT_EQ(ws.manager->discover().loaded.size(), 1u);
  const auto info = ws.manager->status("compat")->info;
  EXPECT_EQ(info.abi_minor, 1u);
  EXPECT_EQ(json::parse(info.commands.at(0).definition_json)["name"], "compat");
  // The longest declared prefix decides the flags: "compat:open" opens a modal, the rest are ephemeral.
  EXPECT_EQ(ws.manager->component("compat:open:1")->flags, static_cast<std::uint32_t>(ARRAKIS_COMPONENT_NO_DEFER));
  EXPECT_EQ(ws.manager->component("compat:other")->flags, static_cast<std::uint32_t>(ARRAKIS_COMPONENT_EPHEMERAL));
}

TEST(PluginCompat, A11PluginDegradesOnAHostTableOf10Size) {
  trap_calls = 0;
  const arrakis_host_api old_table = table_of_1_0();
  HandLoaded plugin(&old_table);
  ASSERT_EQ(plugin.entry_status, ARRAKIS_OK) << plugin.refusal;

  EffectRecorder effects;
  std::string error;
  EXPECT_EQ(plugin.run(effects, slash("compat"), error), ARRAKIS_OK) << error;
  ASSERT_EQ(effects.effects("interaction.reply").size(), 1u);
  EXPECT_EQ(effects.effects("interaction.reply")[0]["message"]["content"], "degraded: this host is older than ABI 1.1");
  EXPECT_EQ(trap_calls.load(), 0) << "the SDK called a slot beyond the table's struct_size";
}

TEST(PluginCompat, A11PluginWithoutFallbackFailsCleanlyWithNotAvailable) {
  trap_calls = 0;
  const arrakis_host_api old_table = table_of_1_0();
  HandLoaded plugin(&old_table);
  ASSERT_EQ(plugin.entry_status, ARRAKIS_OK);
  EffectRecorder effects;
  std::string error;
  EXPECT_EQ(plugin.run(effects, slash("compat-strict"), error), ARRAKIS_NOT_AVAILABLE);
  EXPECT_NE(error.find("event_publish"), std::string::npos) << error;
  EXPECT_TRUE(effects.effects("interaction.reply").empty());
  EXPECT_EQ(trap_calls.load(), 0);
}

TEST(PluginCompat, A11PluginUsesTheNewSlotsOnAFullTable) {
  HandLoaded plugin(host_api_table());
  ASSERT_EQ(plugin.entry_status, ARRAKIS_OK);
  EffectRecorder effects;
  effects.answer_reads([](const std::string& kind, const json&) -> std::optional<std::string> {
    if (kind == "guild.get") return json{{"id", "g1"}, {"name", "Sietch"}}.dump();
    return std::nullopt;
  });
  std::string error;
  EXPECT_EQ(plugin.run(effects, slash("compat"), error), ARRAKIS_OK) << error;
  EXPECT_EQ(effects.effects("interaction.reply")[0]["message"]["content"], "guild Sietch");
  EXPECT_EQ(plugin.run(effects, slash("compat-strict"), error), ARRAKIS_OK) << error;
  ASSERT_EQ(effects.effects("event.publish").size(), 1u);
  EXPECT_EQ(effects.effects("event.publish")[0]["type"], "internal.compat");
}

TEST(PluginCompat, AHostTableSmallerThan10IsRefusedAtTheHandshake) {
  arrakis_host_api tiny = *host_api_table();
  tiny.struct_size = offsetof(arrakis_host_api, sql_query);
  HandLoaded plugin(&tiny);
  EXPECT_EQ(plugin.entry_status, ARRAKIS_REFUSED);
  EXPECT_NE(std::string(plugin.refusal).find("too small"), std::string::npos) << plugin.refusal;
}
