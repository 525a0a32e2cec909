// Jobs with a tenant, on the real worker process, broker and database: a per-community schedule
// fans out into one item per active community, each run under its community's row-level security;
// one community's failing item is retried and dead-lettered alone while the others complete; a
// failing global job is retried with back-off long before its next period, under the jobs role.
// The fixture's schedules fire every minute, so this test waits for the next minute boundary.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "outbox_test_support.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string header_text(const amqp::Message& m, const std::string& name) {
  auto it = m.headers.find(name);
  if (it == m.headers.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return {};
}

TEST(WorkerJobs, PerCommunityItemsRunUnderTheirTenantAndFailAloneGlobalJobRetriesWithBackoff) {
  WorkerHarness h;
  db::Pool admin(database_admin_url(), 1);
  admin_exec(admin, tenant_table("fixture_job_seeds", "marker text NOT NULL"));
  admin_exec(admin, tenant_table("fixture_job_runs",
                                 "seen integer, markers text, attempt integer, fired_at bigint, payload_community text, "
                                 "guild_id text, timeout text, created_at timestamptz NOT NULL DEFAULT now()"));
  admin_exec(admin, {"DROP TABLE IF EXISTS fixture_global_runs",
                     "CREATE TABLE fixture_global_runs (fired_at bigint, attempt integer, role text, timeout text, "
                     "community text, created_at timestamptz NOT NULL DEFAULT now())",
                     "GRANT SELECT, INSERT ON fixture_global_runs TO arrakis_jobs",
                     "DELETE FROM event_outbox WHERE routing_key LIKE 'job.job-fixture.%'"});

  // Three communities: two complete, the third fails every time.
  const std::string base = h.guild_id();
  std::vector<std::string> guilds = {base + "1", base + "2", base + "3"};
  std::vector<std::string> communities;
  for (const auto& g : guilds) communities.push_back(community_of(admin, g));
  const std::vector<std::string> markers = {"a-" + guilds[0], "b-" + guilds[1], "fail"};
  admin.transaction([&](pqxx::work& tx) {
    for (std::size_t i = 0; i < 3; ++i) {
      tx.exec_params("INSERT INTO fixture_job_seeds (community_id, marker) VALUES ($1::uuid, $2)", communities[i], markers[i]);
    }
  });

  add_fixture_plugin(h, "libjob-fixture.so");
  use_role_urls(h);
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();

  // The next firing: at most a minute away; the failing item is dead-lettered about 6 s later
  // (attempts 1, 2, 3 with back-off 1 s and 5 s), the global job succeeds on its third attempt.
  auto runs = [&] {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec("SELECT community_id::text, seen, markers, attempt, fired_at, payload_community, guild_id, timeout "
                     "FROM fixture_job_runs ORDER BY created_at");
    });
  };
  auto global_runs = [&] {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec("SELECT fired_at, attempt, role, timeout, community, "
                     "extract(epoch FROM created_at) * 1000 - fired_at AS after_ms FROM fixture_global_runs "
                     "ORDER BY created_at");
    });
  };
  std::vector<amqp::Message> dead;
  const auto deadline = std::chrono::steady_clock::now() + 100s;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& m : h.drain_dlq()) dead.push_back(std::move(m));
    const bool failing_dead = std::any_of(dead.begin(), dead.end(), [&](const amqp::Message& m) {
      return json::parse(m.body).value("communityId", "") == communities[2];
    });
    if (runs().size() >= 2 && global_runs().size() >= 1 && failing_dead) break;
    std::this_thread::sleep_for(250ms);
  }

  const auto r = runs();
  ASSERT_EQ(r.size(), 2u) << h.worker().log();
  std::set<std::string> ran;
  std::int64_t fired_at = 0;
  for (const auto& row : r) {
    const auto community = row[0].as<std::string>();
    ran.insert(community);
    const auto i = static_cast<std::size_t>(std::find(communities.begin(), communities.end(), community) - communities.begin());
    ASSERT_LT(i, 2u) << "only the two healthy communities complete";
    EXPECT_EQ(row[1].as<int>(), 1) << "row-level security: an item sees its own community's seed only";
    EXPECT_EQ(row[2].as<std::string>(), markers[i]);
    EXPECT_EQ(row[3].as<int>(), 1) << "completed on the first attempt";
    EXPECT_EQ(row[5].as<std::string>(), community) << "payload communityId";
    EXPECT_EQ(row[6].as<std::string>(), guilds[i]) << "payload guildId";
    EXPECT_EQ(row[7].as<std::string>(), "1500ms") << "the schedule's statement timeout";
    if (fired_at == 0) fired_at = row[4].as<std::int64_t>();
    EXPECT_EQ(row[4].as<std::int64_t>(), fired_at) << "every item carries the firing's time";
  }
  EXPECT_EQ(ran.size(), 2u);

  // The failing community's item alone went to the DLQ, after its three attempts.
  std::vector<amqp::Message> failing;
  for (const auto& m : dead) {
    const auto body = json::parse(m.body);
    if (body.value("plugin", "") != "job-fixture") continue;
    EXPECT_EQ(body.value("communityId", ""), communities[2]) << "only the failing community is dead-lettered";
    if (body.value("communityId", "") == communities[2]) failing.push_back(m);
  }
  ASSERT_EQ(failing.size(), 1u) << h.worker().log();
  const auto reason = header_text(failing[0], "x-arrakis-reason");
  EXPECT_NE(reason.find("gave up after 3 attempts"), std::string::npos) << reason;
  EXPECT_NE(reason.find("told to fail"), std::string::npos) << reason;

  // The global job: one successful run, its third attempt, seconds after the firing (back-off
  // 1 s then 5 s), long before the next period; under the jobs role when the servers have it.
  const auto g = global_runs();
  ASSERT_GE(g.size(), 1u) << h.worker().log();
  EXPECT_EQ(g[0][1].as<int>(), 3);
  EXPECT_EQ(g[0][4].as<std::string>(), "") << "a global job has no community";
  const double after_ms = g[0][5].as<double>();
  EXPECT_GT(after_ms, 5000.0) << "two back-offs (1 s, 5 s) before the third attempt";
  EXPECT_LT(after_ms, 40000.0) << "retried well before the next period (60 s)";
  if (const char* jobs = std::getenv("DATABASE_JOBS_URL"); jobs && *jobs) {
    EXPECT_EQ(g[0][2].as<std::string>(), "arrakis_jobs") << "jobs never run as the table owner";
  }
}

}  // namespace
