// Plugin-to-plugin events through the outbox, on the real worker process, broker and database:
// an event published by a call that rolls back is never delivered; one from a call that commits
// is delivered exactly once, even when the worker is SIGKILLed right after the commit, before its
// relay could publish, and when the row reaches the broker twice.
#include <gtest/gtest.h>

#include <thread>

#include "arrakis/testing/http_client.hpp"
#include "outbox_test_support.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The value of one Prometheus sample (0 when absent).
double metric_value(const std::string& text, const std::string& sample) {
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return 0;
  return std::stod(text.substr(at + sample.size() + 2));
}

class WorkerOutbox : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_exec(admin, tenant_table("fixture_internal_deliveries",
                                   "event_id text NOT NULL, n integer NOT NULL, source_plugin text, source_version text, "
                                   "payload_community text, guild_id text"));
    admin_exec(admin, {"DELETE FROM event_outbox WHERE routing_key = 'internal.fixture.ping'"});
    community = community_of(admin, h.guild_id());
    add_fixture_plugin(h, "liboutbox-pub.so");
    add_fixture_plugin(h, "liboutbox-sub.so");
    use_role_urls(h);
  }

  long long deliveries(int n) {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM fixture_internal_deliveries WHERE n = $1", n)[0].as<long long>();
    });
  }
  long long outbox_rows() {
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec1("SELECT count(*) FROM event_outbox WHERE routing_key = 'internal.fixture.ping'")[0].as<long long>();
    });
  }
  template <typename Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return pred();
  }

  WorkerHarness h;
  db::Pool admin{database_admin_url(), 1};
  std::string community;
};

TEST_F(WorkerOutbox, CommittedCallsDeliverOnceAndRolledBackCallsNever) {
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  h.command("publish", {{"n", "1"}, {"mode", "ok"}});
  h.command("publish", {{"n", "2"}, {"mode", "fail"}});
  h.command("publish", {{"n", "3"}, {"mode", "ok"}});
  ASSERT_TRUE(eventually([&] { return deliveries(1) >= 1 && deliveries(3) >= 1; }, 20s)) << h.worker().log();
  std::this_thread::sleep_for(1500ms);  // room for a wrong delivery of 2 or a second one of 1 or 3
  EXPECT_EQ(deliveries(1), 1);
  EXPECT_EQ(deliveries(2), 0) << "the call that failed after publishing rolled its event back";
  EXPECT_EQ(deliveries(3), 1);
  EXPECT_EQ(outbox_rows(), 0) << "relayed rows are deleted after the broker's confirm";

  // The subscriber saw the envelope of plugin_events.h: source, the publisher's community and guild.
  const auto row = admin.transaction([&](pqxx::work& tx) {
    return tx.exec1("SELECT community_id::text, source_plugin, source_version, payload_community, guild_id, event_id "
                    "FROM fixture_internal_deliveries WHERE n = 1");
  });
  EXPECT_EQ(row[0].as<std::string>(), community);
  EXPECT_EQ(row[1].as<std::string>(), "outbox-pub");
  EXPECT_EQ(row[2].as<std::string>(), "1.0.0");
  EXPECT_EQ(row[3].as<std::string>(), community);
  EXPECT_EQ(row[4].as<std::string>(), h.guild_id());
  EXPECT_EQ(row[5].as<std::string>().size(), 36u) << "eventId is the outbox row's uuid";
  // The failed command itself is dead-lettered (it failed); no internal event is.
  for (const auto& m : h.drain_dlq()) EXPECT_EQ(m.body.find("internal.fixture.ping"), std::string::npos) << m.body;
}

TEST_F(WorkerOutbox, InvalidTypeIsRefusedWithAClearError) {
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  h.command("publish", {{"n", "4"}, {"mode", "badtype"}});
  ASSERT_TRUE(h.wait_for_calls("/webhooks/", 1, 10s)) << h.worker().log();
  const auto calls = h.rest_calls("/webhooks/");
  const std::string body = calls.back().dump();
  EXPECT_NE(body.find("refused"), std::string::npos) << body;
  EXPECT_NE(body.find("internal.<name>"), std::string::npos) << body;
  EXPECT_EQ(outbox_rows(), 0);
}

TEST_F(WorkerOutbox, CommittedEventSurvivesSigkillBeforeTheRelayAndADoublePublishRunsOnce) {
  // A worker whose relay is off: the commit lands in the outbox and nothing publishes it.
  h.extra_env["ARRAKIS_OUTBOX_RELAY"] = "off";
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  h.command("publish", {{"n", "10"}, {"mode", "ok"}});
  ASSERT_TRUE(eventually([&] { return outbox_rows() == 1; }, 20s)) << h.worker().log();
  h.kill_worker();  // SIGKILL right after the commit
  EXPECT_EQ(deliveries(10), 0);

  // A relay that published the row and died before deleting it: the same row reaches the broker
  // once by that relay (simulated here) and once more by the next relay.
  const auto row = admin.transaction([&](pqxx::work& tx) {
    return tx.exec1("SELECT id::text, routing_key, body::text FROM event_outbox WHERE routing_key = 'internal.fixture.ping'");
  });
  h.publish(row[1].as<std::string>(), row[2].as<std::string>(), 0, row[0].as<std::string>());

  h.extra_env.erase("ARRAKIS_OUTBOX_RELAY");
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  ASSERT_TRUE(eventually([&] { return outbox_rows() == 0 && deliveries(10) >= 1; }, 20s)) << h.worker().log();
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(deliveries(10), 1) << h.worker().log();
  // Both copies reached this worker: the second was either skipped by its Redis mark or ran
  // concurrently and had its SQL commit refused by the idempotency key (one row either way).
  const auto metrics = http_request("127.0.0.1", h.http_port(), "GET", "/metrics").body;
  const double handled = metric_value(metrics, "arrakis_plugin_call_seconds_count{plugin=\"outbox-sub\",version=\"1.0.0\"}") +
                         metric_value(metrics, "arrakis_duplicate_events_total");
  EXPECT_EQ(handled, 2.0) << metrics.substr(0, 3000);
  EXPECT_EQ(h.queue_depth("arrakis.events.guild"), 0u);
  EXPECT_TRUE(h.drain_dlq().empty());
}

TEST_F(WorkerOutbox, PluginSqlCannotWriteTheOutbox) {
  // Plugin SQL runs as the application role; it has no privilege on the outbox tables, and the
  // insert function refuses a caller without the worker's registered key.
  db::Pool app(database_url(), 1);
  auto attempt = [&](const std::string& sql) {
    try {
      app.transaction([&](pqxx::work& tx) {
        tx.exec("SELECT set_config('app.community_id', '" + community + "', true)");
        tx.exec(sql);
      });
      return std::string("accepted");
    } catch (const pqxx::sql_error& e) {
      return std::string(e.what()).substr(0, 200);  // (pqxx 6 does not always carry the SQLSTATE here)
    }
  };
  EXPECT_NE(attempt("INSERT INTO event_outbox (routing_key, body) VALUES ('internal.fixture.ping', '{}')")
                .find("permission denied for table event_outbox"),
            std::string::npos);
  EXPECT_NE(attempt("SELECT count(*) FROM outbox_writers").find("permission denied for table outbox_writers"),
            std::string::npos);
  EXPECT_NE(attempt("SELECT app.publish_internal_event('guessed', 'internal.fixture.ping', '{}', 'outbox-pub', '1.0.0')")
                .find("not an outbox writer"),
            std::string::npos);
  EXPECT_EQ(outbox_rows(), 0);
}

}  // namespace
