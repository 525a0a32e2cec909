// `arrakisctl community show|set` against a real worker and PostgreSQL: the worker changes
// community_config as the host role (migration 0018), checks every field before writing any, and
// the change is what plugin SQL reads under row-level security, for that community only.
#include <gtest/gtest.h>

#include <random>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/testing/servers.hpp"
#include "ctl_runner.hpp"
#include "worker_harness.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string dump(const CtlResult& r) { return "exit " + std::to_string(r.code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err; }

std::string random_guild() {
  std::mt19937_64 rng(std::random_device{}());
  return std::to_string(300000000000000000ull + rng() % 600000000000000000ull);
}

class CommunityConfigCtl : public ::testing::Test {
 protected:
  void SetUp() override {
    // The host role, as deployed: without its grant (0018) the worker could not read the table.
    h_.extra_env["DATABASE_HOST_URL"] = database_host_url();
    db::Pool host(database_host_url(), 1);
    community_a_ = plugin_host::PostgresSql::community_for_guild(host, h_.guild_id());
    guild_b_ = random_guild();
    community_b_ = plugin_host::PostgresSql::community_for_guild(host, guild_b_);
    h_.start_worker();
    ASSERT_TRUE(h_.wait_for_health(200, 30s)) << h_.worker().log();
  }

  CtlResult ctl(std::vector<std::string> args) {
    std::vector<std::string> full = {"--url", "http://127.0.0.1:" + std::to_string(h_.http_port()), "--token-file",
                                     h_.admin_token_file().string(), "community"};
    full.insert(full.end(), args.begin(), args.end());
    return run_ctl(full);
  }

  json show_json(const std::string& guild) {
    const auto r = ctl({"show", guild, "--json"});
    EXPECT_EQ(r.code, 0) << dump(r);
    return json::parse(r.out, nullptr, false);
  }

  // What a plugin call of `community` reads with plain SQL (the application role, under RLS).
  json plugin_reads(const std::string& community) {
    db::Pool app(database_url(), 1);
    plugin_host::PostgresSql sql(app);
    plugin_host::Invocation invocation;
    invocation.guild_id = community == community_a_ ? h_.guild_id() : guild_b_;
    invocation.community_id = community;
    arrakis_call c;
    c.services = &sql;
    c.invocation = &invocation;
    std::string rows;
    EXPECT_EQ(sql.sql_query(c, "SELECT community_id::text AS community, naib_role_id, activity_channel_ids, "
                               "launch_date::text AS launch_date FROM community_config", "[]", rows),
              ARRAKIS_OK)
        << c.last_error;
    if (c.sql) c.sql->finish(true);
    return json::parse(rows, nullptr, false);
  }

  WorkerHarness h_;
  std::string community_a_, guild_b_, community_b_;
};

}  // namespace

TEST_F(CommunityConfigCtl, SetThenShowRoundTrips) {
  const std::string guild = h_.guild_id();
  auto r = ctl({"set", guild, "naib_role_id=1100000000000000001", "fedaykin_role_id=1100000000000000002",
                "the_door_channel_id=1200000000000000001", "census_channel_id=1200000000000000002",
                "activity_channel_ids=1200000000000000003, 1200000000000000004",
                "launch_date=2025-03-01T23:30:00-02:00"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_NE(r.out.find("guild " + guild + ": set "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("complete: yes"), std::string::npos) << r.out;

  auto shown = show_json(guild);
  const json& config = shown["config"];
  EXPECT_EQ(config["naib_role_id"], "1100000000000000001") << shown;
  EXPECT_EQ(config["fedaykin_role_id"], "1100000000000000002");
  EXPECT_EQ(config["the_door_channel_id"], "1200000000000000001");
  EXPECT_EQ(config["census_channel_id"], "1200000000000000002");
  EXPECT_EQ(config["activity_channel_ids"], json::array({"1200000000000000003", "1200000000000000004"}));
  EXPECT_EQ(config["launch_date"], "2025-03-02") << "a date-time keeps its UTC date";
  EXPECT_TRUE(config["oasis_channel_id"].is_null());
  EXPECT_EQ(shown["complete"], true);
  EXPECT_EQ(shown["updatedBy"], "operator");
  EXPECT_EQ(shown["communityId"], community_a_);

  r = ctl({"show", guild});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_EQ(r.out.rfind("guild:     " + guild, 0), 0u) << r.out;
  EXPECT_NE(r.out.find("complete:  yes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("naib_role_id              1100000000000000001\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("activity_channel_ids      1200000000000000003,1200000000000000004\n"), std::string::npos)
      << r.out;

  // An empty value unsets a field (the list: every channel again).
  r = ctl({"set", guild, "naib_role_id=", "activity_channel_ids=", "launch_date=2025-04-05"});
  ASSERT_EQ(r.code, 0) << dump(r);
  EXPECT_NE(r.out.find("complete: no (unset: naib_role_id)"), std::string::npos) << r.out;
  shown = show_json(guild);
  EXPECT_TRUE(shown["config"]["naib_role_id"].is_null()) << shown;
  EXPECT_EQ(shown["config"]["activity_channel_ids"], json::array());
  EXPECT_EQ(shown["config"]["launch_date"], "2025-04-05");
  EXPECT_EQ(shown["complete"], false);
}

TEST_F(CommunityConfigCtl, BadValuesUnknownFieldsAndUnknownGuildsAreRefusedAndChangeNothing) {
  const std::string guild = h_.guild_id();
  ASSERT_EQ(ctl({"set", guild, "naib_role_id=1100000000000000009"}).code, 0);
  const json before = show_json(guild);

  const std::vector<std::pair<std::vector<std::string>, std::string>> refused{
      {{"set", guild, "naib_role_id=<@&1100000000000000001>"}, "naib_role_id must be a Discord role id"},
      {{"set", guild, "census_channel_id=general"}, "census_channel_id must be a Discord channel id"},
      {{"set", guild, "fedaykin_role_id=123456789012345678901"}, "fedaykin_role_id must be a Discord role id"},
      {{"set", guild, "naib_role_id=1100000000000000001", "colour=blue"}, "unknown field 'colour'"},
      {{"set", guild, "complete=true"}, "unknown field 'complete'"},
      {{"set", guild, "activity_channel_ids=1200000000000000003,general"}, "activity_channel_ids[1] must be"},
      {{"set", guild, "launch_date=2025-02-30"}, "launch_date is not a real date"},
      {{"set", guild, "launch_date=next tuesday"}, "launch_date must be an ISO date"},
      {{"set", guild, "launch_date="}, "launch_date cannot be unset"},
  };
  for (const auto& [args, message] : refused) {
    const auto r = ctl(args);
    EXPECT_EQ(r.code, 1) << dump(r);
    EXPECT_NE(r.err.find("error (HTTP 400): " + message), std::string::npos) << dump(r);
    EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << dump(r);
  }
  const json after = show_json(guild);
  EXPECT_EQ(after["config"], before["config"]);
  EXPECT_EQ(after["updatedAt"], before["updatedAt"]) << "a refused change writes nothing";

  // A guild the worker has never seen: no community, nothing created.
  const std::string unknown = random_guild();
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", unknown},
                                               std::vector<std::string>{"set", unknown, "naib_role_id=1"}}) {
    const auto r = ctl(args);
    EXPECT_EQ(r.code, 1) << dump(r);
    EXPECT_NE(r.err.find("error (HTTP 404): no community for guild " + unknown), std::string::npos) << dump(r);
  }
  db::Pool admin(database_admin_url(), 1);
  EXPECT_EQ(admin.transaction([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT count(*) FROM communities WHERE discord_guild_id = $1", unknown)[0].as<int>();
  }), 0);

  auto r = ctl({"show", "my-guild"});
  EXPECT_EQ(r.code, 1) << dump(r);
  EXPECT_NE(r.err.find("'my-guild' is not a Discord guild id"), std::string::npos) << dump(r);
  r = ctl({"set", guild, "naib_role_id"});
  EXPECT_EQ(r.code, 2) << dump(r);
  EXPECT_NE(r.err.find("expected FIELD=VALUE"), std::string::npos) << dump(r);
}

TEST_F(CommunityConfigCtl, TheChangeIsWhatPluginSqlReadsForThatCommunityOnly) {
  const auto r = ctl({"set", h_.guild_id(), "naib_role_id=1100000000000000042", "activity_channel_ids=1200000000000000042",
                      "launch_date=2025-06-01"});
  ASSERT_EQ(r.code, 0) << dump(r);

  const json a = plugin_reads(community_a_);
  ASSERT_EQ(a.size(), 1u) << "a plugin call sees its own community's row only: " << a;
  EXPECT_EQ(a[0]["community"], community_a_);
  EXPECT_EQ(a[0]["naib_role_id"], "1100000000000000042");
  EXPECT_EQ(a[0]["launch_date"], "2025-06-01");
  EXPECT_NE(a[0]["activity_channel_ids"].dump().find("1200000000000000042"), std::string::npos) << a;

  const json b = plugin_reads(community_b_);
  ASSERT_EQ(b.size(), 1u) << b;
  EXPECT_EQ(b[0]["community"], community_b_);
  EXPECT_TRUE(b[0]["naib_role_id"].is_null()) << "another community's configuration is untouched: " << b;
  EXPECT_EQ(b[0]["launch_date"], "2025-01-01");
}
