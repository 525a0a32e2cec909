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

TEST(PluginSigning, TheStoreKeepsTheSignatureAndReChecksTheCopyOnEveryActivation) {
  SignedWorkspace ws;
  const auto v1 = ws.manager->load_file(ws.drop("echo-v1", true));
  ws.manager->load_file(ws.drop("echo-v2", true));
  // The signature travelled into the store with the version (it names the signer later).
  ASSERT_FALSE(ws.manager->store().kept_signature(v1.stored_path).empty());

  // Someone changes the stored copy of 1.0.0 after it was accepted: a rollback must refuse it.
  { std::ofstream(v1.stored_path, std::ios::app) << "planted"; }
  try {
    ws.manager->activate("echo", "1.0.0");
    FAIL() << "a modified stored copy was activated";
  } catch (const PluginError& e) {
    EXPECT_NE(std::string(e.what()).find("was modified after it was accepted"), std::string::npos) << e.what();
  }
  EffectRecorder services;
  ASSERT_EQ(ws.manager->dispatch(command("echo", {{"text", "ok"}}), services).status, ARRAKIS_OK);
  EXPECT_EQ(last_reply(services), "echo 2.0.0: ok") << "the active version keeps serving";
}

TEST(PluginSigning, ARefusedFileLeavesNoStagedCopyBehind) {
  // The host's private copy is made before anything is checked; a refusal must remove it, or
  // every refused drop would leave a library in the store's staging area.
  SignedWorkspace ws;
  ws.refusal(ws.drop("c99-wrong-abi", true));
  auto tampered = ws.drop("echo-v2", true);
  { std::ofstream(tampered, std::ios::app) << "extra bytes after signing"; }
  ws.refusal(tampered);
  EXPECT_TRUE(fs::is_empty(ws.root / "store" / ".staging"));
}
