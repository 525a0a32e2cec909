// Signed plugins: with trusted keys configured, unsigned, tampered and wrong-ABI plugins are each
// refused with a distinct message, and the active version keeps serving.
#include <gtest/gtest.h>

#include <fstream>

#include "arrakis/plugin_host/plugin_signature.hpp"
#include "workspace.hpp"

using namespace arrakis::testing;

namespace {

struct SignedWorkspace {
  SigningKeyPair key = generate_signing_key();
  fs::path root = fs::temp_directory_path() / ("arrakis-sign-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(std::random_device{}()));
  EffectRecorder lifecycle, self_test;
  std::unique_ptr<PluginManager> manager;
  SignedWorkspace() {
    fs::create_directories(root / "drop");
    manager = std::make_unique<PluginManager>(PluginManager::Options{root / "drop", root / "store", {key.public_key_hex}},
                                              lifecycle, self_test);
  }
  ~SignedWorkspace() {
    manager.reset();
    fs::remove_all(root);
  }
  fs::path drop(const std::string& fixture_name, bool signed_file) {
    const fs::path target = root / "drop" / ("lib" + fixture_name + ".so");
    fs::copy_file(fixture(fixture_name), target, fs::copy_options::overwrite_existing);
    if (signed_file) std::ofstream(target.string() + ".sig") << sign_plugin_file(target, key.secret_key_hex) << "\n";
    return target;
  }
  std::string refusal(const fs::path& file) {
    try {
      manager->load_file(file);
    } catch (const PluginError& e) {
      return e.what();
    }
    return "<accepted>";
  }
};

}  // namespace

TEST(PluginSigning, SignedPluginIsAccepted) {
  SignedWorkspace ws;
  auto out = ws.manager->load_file(ws.drop("echo-v1", true));
  EXPECT_EQ(out.name, "echo");
}

TEST(PluginSigning, UnsignedTamperedAndWrongAbiAreRefusedDistinctly) {
  SignedWorkspace ws;
  ws.manager->load_file(ws.drop("echo-v1", true));

  const auto unsigned_why = ws.refusal(ws.drop("echo-v2", false));
  EXPECT_NE(unsigned_why.find("unsigned plugin libecho-v2.so"), std::string::npos) << unsigned_why;

  auto tampered = ws.drop("echo-v2", true);
  { std::ofstream(tampered, std::ios::app) << "extra bytes after signing"; }
  const auto tampered_why = ws.refusal(tampered);
  EXPECT_NE(tampered_why.find("bad signature on libecho-v2.so"), std::string::npos) << tampered_why;

  const auto abi_why = ws.refusal(ws.drop("c99-wrong-abi", true));
  EXPECT_NE(abi_why.find("built for ABI 2."), std::string::npos) << abi_why;

  EXPECT_NE(unsigned_why, tampered_why);
  EXPECT_NE(tampered_why, abi_why);

  EffectRecorder services;
  ASSERT_EQ(ws.manager->dispatch(command("echo", {{"text", "ok"}}), services).status, ARRAKIS_OK);
  EXPECT_EQ(last_reply(services), "echo 1.0.0: ok");
}

TEST(PluginSigning, SignatureByAnUntrustedKeyIsRefused) {
  SignedWorkspace ws;
  const auto stranger = generate_signing_key();
  const fs::path file = ws.root / "drop" / "libecho.so";
  fs::copy_file(fixture("echo-v1"), file);
  std::ofstream(file.string() + ".sig") << sign_plugin_file(file, stranger.secret_key_hex) << "\n";
  EXPECT_NE(ws.refusal(file).find("bad signature"), std::string::npos);
}
