#pragma once
// The Sietch command plugins through the full path (discord-sim -> ingestor -> RabbitMQ -> worker
// -> discord-sim), on the standard seeded Sietch (plugins/sietch/testing/.../community.hpp) in the
// worker's own database. Each command's end-to-end test is a TEST_F of this fixture in a file
// sietch/<command>_e2e_test.cpp (the CMake glob picks it up) that asserts what the user sees.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "arrakis/chain_sim/simulator.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "full_path_stack.hpp"

// The worker's ARRAKIS_PLUGIN_VERIFY_BASE_URL: /verify links start with it (a test opens the same
// path on the worker's route listener).
inline constexpr const char* kVerifyBaseUrl = "http://verify.arrakis.test";

// SQL as the admin role on the worker's own database (row-level security bypassed), for set-up and
// for checking what a command wrote.
pqxx::result admin_exec(const std::string& sql, const std::vector<std::string>& params = {});
// A subcommand as Discord nests it in a command's options.
nlohmann::json subcommand(const std::string& name, nlohmann::json options = nlohmann::json::array());
// The index in stack.members() of the first human whose Administrator flag is `admin` (one who
// accepts DMs when there is one), and that human's id. discord-sim makes the first two humans of a
// guild administrators and sends their permission bits with every interaction.
std::size_t sim_member_index(arrakis::testing::FullPathStack& stack, bool admin);
std::string sim_member(arrakis::testing::FullPathStack& stack, bool admin);
// The field of an embed by name (a placeholder naming it when absent, so a test fails readably).
const nlohmann::json& embed_field(const nlohmann::json& embed, const std::string& name);

class SietchFullPath : public ::testing::Test {
 protected:
  // Every built plugin of the product (the plugin build directory) in one worker, reading the
  // chain from chain() (ARRAKIS_CHAIN_RPC_URLS).
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;
  void TearDown() override;

  arrakis::testing::FullPathStack& stack() { return *stack_; }
  // The chain simulator the worker reads (head frozen); a test sets the holders it needs. Faults
  // are cleared before each test; a circuit breaker a test trips in the worker stays open 30 s.
  static arrakis::chain_sim::ChainSimulator& chain() { return *chain_; }
  const arrakis::sietch::testing::SeededSietch& sietch() const { return seeded_; }

  // A human of the simulated guild, made seeded member `n` of the Sietch (their profile and wallet
  // now belong to that Discord user), so a command they send acts as that member.
  std::string user_as_member(int n, std::size_t sim_member = 0);
  // A human of the simulated guild with no profile at all.
  std::string stranger(std::size_t sim_member = 1);

 private:
  static inline std::unique_ptr<arrakis::chain_sim::ChainSimulator> chain_;
  static inline std::unique_ptr<arrakis::testing::FullPathStack> stack_;
  arrakis::sietch::testing::SeededSietch seeded_;
};
