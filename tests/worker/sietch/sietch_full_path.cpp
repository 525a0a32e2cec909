#include "sietch_full_path.hpp"

#include <cstdlib>
#include <filesystem>

#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

AdminSql worker_admin_sql() {
  return [](const std::string& sql, const std::vector<std::string>& params) {
    arrakis::db::Pool admin(database_admin_url(), 1);
    std::vector<const char*> ptrs;
    for (const auto& p : params) ptrs.push_back(p.c_str());
    return admin.transaction(
        [&](pqxx::work& tx) { return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(ptrs)); });
  };
}

}  // namespace

pqxx::result admin_exec(const std::string& sql, const std::vector<std::string>& params) {
  return worker_admin_sql()(sql, params);
}

json subcommand(const std::string& name, json options) {
  return json::array({{{"name", name}, {"type", 1}, {"options", std::move(options)}}});
}

std::size_t sim_member_index(FullPathStack& stack, bool admin) {
  const auto members = stack.members();
  const json model = stack.harness().sim().model().to_json();
  for (const bool dms_open_only : {true, false}) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (const auto& m : model["guilds"][0]["members"]) {
        if (m["id"] == members[i] && m.value("admin", false) == admin &&
            !(dms_open_only && m.value("blocks_dms", false))) {
          return i;
        }
      }
    }
  }
  ADD_FAILURE() << "the simulated guild has no " << (admin ? "administrator" : "plain member");
  return 0;
}

std::string sim_member(FullPathStack& stack, bool admin) { return stack.members().at(sim_member_index(stack, admin)); }

const json& embed_field(const json& embed, const std::string& name) {
  if (embed.is_object() && embed.contains("fields")) {
    for (const auto& f : embed.at("fields")) {
      if (f.value("name", "") == name) return f;
    }
  }
  static thread_local json missing;
  missing = {{"name", name}, {"value", "<missing field " + name + ">"}};
  return missing;
}

void SietchFullPath::SetUpTestSuite() {
  std::vector<std::filesystem::path> plugins;
  for (const auto& entry : std::filesystem::directory_iterator(ARRAKIS_PLUGIN_BUILD_DIR)) {
    if (entry.path().extension() == ".so") plugins.push_back(entry.path());
  }
  arrakis::chain_sim::SimulatorOptions chain;
  chain.block_time_ms = 0;  // a frozen head: burn-scan windows stay where a test expects them
  chain_ = std::make_unique<arrakis::chain_sim::ChainSimulator>(std::move(chain));
  ::setenv("ARRAKIS_CHAIN_RPC_URLS", chain_->url().c_str(), 1);  // the worker inherits the environment
  ::setenv("ARRAKIS_PLUGIN_VERIFY_BASE_URL", kVerifyBaseUrl, 1);
  // No real firing in the middle of a test (the hourly role sync, the 6-hourly chain sync): tests
  // that need a job queue its item themselves.
  ::setenv("ARRAKIS_SCHEDULES", "off", 1);
  stack_ = std::make_unique<FullPathStack>(plugins);
}

void SietchFullPath::TearDownTestSuite() {
  stack_.reset();
  ::unsetenv("ARRAKIS_CHAIN_RPC_URLS");
  ::unsetenv("ARRAKIS_PLUGIN_VERIFY_BASE_URL");
  ::unsetenv("ARRAKIS_SCHEDULES");
  chain_.reset();
}

void SietchFullPath::SetUp() {
  ASSERT_TRUE(stack_->error().empty()) << stack_->error();
  chain_->faults().clear();
  const auto admin = worker_admin_sql();
  const auto community = stack_->community_id();
  // A fresh Sietch per test: nothing one test changes leaks into the next.
  for (const char* table : {"member_badges", "member_activity", "naib_seats", "waitlist_registrations",
                            "notification_preferences", "water_sharer_grants", "alert_history", "tier_history",
                            "audit_log", "profiles"}) {
    admin(std::string("DELETE FROM ") + table + " WHERE community_id = $1::uuid", {community});
  }
  seeded_ = seed_sietch(admin, community);
}

void SietchFullPath::TearDown() { clear_ranking(worker_admin_sql()); }

std::string SietchFullPath::user_as_member(int n, std::size_t sim_member) {
  const std::string user = stack_->members().at(sim_member);
  const auto admin = worker_admin_sql();
  admin("DELETE FROM wallet_verifications WHERE discord_user_id = $1", {user});
  admin("UPDATE wallet_verifications SET discord_user_id = $1 WHERE discord_user_id = $2", {user, member_discord_id(n)});
  admin("UPDATE profiles SET discord_id = $1 WHERE id = $2::uuid", {user, seeded_.profile_id(n)});
  return user;
}

std::string SietchFullPath::stranger(std::size_t sim_member) { return stack_->members().at(sim_member); }

