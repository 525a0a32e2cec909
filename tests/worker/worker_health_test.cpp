// The arrakis-worker program against the real servers: /health is 200 with every dependency up
// and 503 naming the one that is down.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "arrakis/migrations.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

namespace {

// Polls /health until it answers `want` (the consumers connect a moment after start).
HttpResult wait_for_health(std::uint16_t port, ChildProcess& worker, int want) {
  HttpResult last;
  for (int i = 0; i < 300; ++i) {
    try {
      last = http_request("127.0.0.1", port, "GET", "/health");
      if (last.status == want) return last;
    } catch (const std::exception&) {
      if (!worker.running()) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ADD_FAILURE() << "worker never answered /health with " << want << "; last: " << last.body << "\nlog:\n" << worker.log();
  return last;
}

std::map<std::string, std::string> worker_env(std::uint16_t port) {
  const std::string dir = ::testing::TempDir() + "/worker-health-" + std::to_string(::getpid());
  return {{"RABBITMQ_URL", rabbitmq_url()},
          {"ARRAKIS_PLUGIN_DIR", dir + "/plugins"},
          {"ARRAKIS_PLUGIN_STORE", dir + "/store"},
          {"ARRAKIS_ADMIN_TOKEN_FILE", dir + "/admin-token"},
          {"REDIS_URL", redis_url()},
          {"DATABASE_URL", database_url()},
          {"ARRAKIS_HTTP_PORT", std::to_string(port)},
          {"ARRAKIS_ROUTES_PORT", "0"},  // any free port: tests run side by side
          {"ARRAKIS_LOG_FORMAT", "json"}};
}

}  // namespace

TEST(WorkerHealth, HealthyWhenEveryDependencyIsUp) {
  const auto port = free_port();
  ChildProcess worker(ARRAKIS_WORKER_BINARY, {}, worker_env(port), ::testing::TempDir() + "/worker-ok.log");
  auto res = wait_for_health(port, worker, 200);
  ASSERT_EQ(res.status, 200) << res.body;
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["status"], "healthy");
  for (const char* dep : {"rabbitmq", "redis", "postgres"}) EXPECT_EQ(body["checks"][dep]["ok"], true) << dep;
  EXPECT_EQ(worker.stop(), 0);
  EXPECT_NE(worker.log().find("arrakis-worker ready"), std::string::npos) << worker.log();
}

// The BGT ranking not refreshed for 24 hours (eligibility_health_status, docs/events/eligibility-sync.md):
// still 200, since the worker serves the last ranking, but "degraded", naming the check.
TEST(WorkerHealth, DegradedWhileTheRankingIsInItsGracePeriod) {
  arrakis::migrations::apply_migrations(database_admin_url(), ARRAKIS_MIGRATIONS_DIR);
  auto set_grace = [](bool grace) {
    pqxx::connection c(database_admin_url());
    pqxx::work tx(c);
    tx.exec_params("UPDATE eligibility_health_status SET in_grace_period = $1, consecutive_failures = $2 WHERE id = 1",
                   grace, grace ? 5 : 0);
    tx.commit();
  };
  set_grace(true);
  const auto port = free_port();
  ChildProcess worker(ARRAKIS_WORKER_BINARY, {}, worker_env(port), ::testing::TempDir() + "/worker-degraded.log");
  auto res = wait_for_health(port, worker, 200);
  set_grace(false);
  ASSERT_EQ(res.status, 200) << res.body;
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["status"], "degraded") << res.body;
  EXPECT_EQ(body["checks"]["eligibility"]["degraded"], true);
  EXPECT_EQ(body["checks"]["eligibility"]["consecutiveFailures"], 5);
  EXPECT_EQ(worker.stop(), 0);
}

TEST(WorkerHealth, UnhealthyNamingTheMissingDependency) {
  const auto port = free_port();
  auto env = worker_env(port);
  env["REDIS_URL"] = "redis://127.0.0.1:" + std::to_string(free_port());
  ChildProcess worker(ARRAKIS_WORKER_BINARY, {}, env, ::testing::TempDir() + "/worker-noredis.log");
  auto res = wait_for_health(port, worker, 503);
  ASSERT_EQ(res.status, 503) << res.body;
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["checks"]["redis"]["ok"], false);
  EXPECT_EQ(body["checks"]["postgres"]["ok"], true);
  EXPECT_TRUE(worker.running()) << "a missing dependency must not stop the worker";
  EXPECT_EQ(worker.stop(), 0);
}

TEST(WorkerHealth, BadConfigurationExitsWithTheVariableName) {
  auto env = worker_env(free_port());
  env["ARRAKIS_HTTP_PORT"] = "not-a-port";
  ChildProcess worker(ARRAKIS_WORKER_BINARY, {}, env, ::testing::TempDir() + "/worker-badcfg.log");
  EXPECT_EQ(worker.wait(), 2);
  EXPECT_NE(worker.log().find("ARRAKIS_HTTP_PORT=not-a-port"), std::string::npos) << worker.log();
}

TEST(WorkerHealth, SecretsNeverReachTheLog) {
  const auto port = free_port();
  auto env = worker_env(port);
  env["DISCORD_BOT_TOKEN"] = "MTIz.worker-log-secret.token-value-xyz";
  env["DISCORD_APPLICATION_ID"] = "1";
  env["ARRAKIS_LOG_LEVEL"] = "trace";
  ChildProcess worker(ARRAKIS_WORKER_BINARY, {}, env, ::testing::TempDir() + "/worker-secret.log");
  wait_for_health(port, worker, 200);
  worker.stop();
  const auto log = worker.log();
  EXPECT_NE(log.find("DISCORD_BOT_TOKEN=***"), std::string::npos) << log;
  EXPECT_EQ(log.find("worker-log-secret"), std::string::npos) << log;
}
