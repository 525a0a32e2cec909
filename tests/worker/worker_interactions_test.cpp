// Interactions through the whole worker: deferred exactly once before the plugin runs, answered
// with the plugin's reply; failures answered and dead-lettered with their reason.
#include <gtest/gtest.h>

#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string header_text(const arrakis::amqp::Message& m, const std::string& name) {
  auto it = m.headers.find(name);
  if (it == m.headers.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return {};
}

}  // namespace

class WorkerInteractions : public ::testing::Test {
 protected:
  void SetUp() override {
    h.start_worker();
    ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  }
  WorkerHarness h;
};

TEST_F(WorkerInteractions, DeferredExactlyOnceThenAnsweredWithThePluginsReply) {
  const auto i = h.command("echo", {{"text", "hi"}});
  ASSERT_TRUE(h.wait_for_calls(i.token + "/messages/@original", 1, 20s))
      << h.worker().log() << "\nREST calls seen by the simulator: " << h.rest_calls("/").dump(1)
      << "\ninteractions queue depth: " << h.queue_depth("arrakis.interactions");
  const auto callbacks = h.rest_calls("/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback");
  ASSERT_EQ(callbacks.size(), 1u) << "deferred exactly once: " << callbacks.dump(2);
  const auto defer = json::parse(callbacks[0].value("body", "{}"));
  EXPECT_EQ(defer["type"], 5);
  EXPECT_EQ(defer["data"]["flags"], 64) << "echo declares its command ephemeral";
  const auto edits = h.rest_calls(i.token + "/messages/@original");
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0]["method"], "PATCH");
  EXPECT_LT(callbacks[0]["id"].get<long long>(), edits[0]["id"].get<long long>()) << "defer comes before the reply";
  EXPECT_EQ(json::parse(edits[0].value("body", "{}"))["content"], "echo 1.0.0: hi");
  EXPECT_TRUE(h.drain_dlq().empty());
}

TEST_F(WorkerInteractions, ThrowingPluginGivesOneErrorAnswerAndOneDeadLetterWithTheReason) {
  const auto i = h.command("echo", {{"mode", "throw"}});
  ASSERT_TRUE(h.wait_for_calls(i.token + "/messages/@original", 1, 20s)) << h.worker().log();
  std::this_thread::sleep_for(300ms);  // nothing more may follow
  EXPECT_EQ(h.rest_calls("/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback").size(), 1u);
  // echo is deferred ephemerally: the member's own "thinking" becomes the error, nothing is left hanging.
  const auto answers = h.rest_calls(i.token + "/messages/@original");
  ASSERT_EQ(answers.size(), 1u) << answers.dump(2);
  EXPECT_EQ(answers[0].value("method", ""), "PATCH");
  EXPECT_NE(answers[0].value("body", "").find("An error occurred"), std::string::npos) << answers.dump();
  EXPECT_TRUE(h.rest_calls(i.token + "?wait=true").empty()) << "no second message";
  std::vector<arrakis::amqp::Message> dead;
  for (int n = 0; n < 50 && dead.empty(); ++n) {
    dead = h.drain_dlq();
    if (dead.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(header_text(dead[0], "x-arrakis-reason").find("the echo plugin was asked to throw"), std::string::npos);
  EXPECT_EQ(header_text(dead[0], "x-arrakis-plugin"), "echo");
}

TEST_F(WorkerInteractions, UnknownCommandIsAnsweredClearlyAndAcked) {
  const auto i = h.command("nonexistent", json::object());
  ASSERT_TRUE(h.wait_for_calls(i.token + "/callback", 1, 20s)) << h.worker().log();
  const auto cb = json::parse(h.rest_calls(i.token + "/callback")[0].value("body", "{}"));
  EXPECT_EQ(cb["type"], 4);
  EXPECT_EQ(cb["data"]["flags"], 64);
  EXPECT_NE(cb["data"]["content"].get<std::string>().find("isn't available"), std::string::npos);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(h.drain_dlq().empty());
}

TEST_F(WorkerInteractions, MalformedPayloadIsDeadLetteredAndTheWorkerKeepsServing) {
  h.publish("interaction.command.echo", "{not json", 10, "bad-1");
  std::vector<arrakis::amqp::Message> dead;
  for (int n = 0; n < 50 && dead.empty(); ++n) {
    dead = h.drain_dlq();
    if (dead.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(header_text(dead[0], "x-arrakis-reason"), "malformed JSON payload");
  const auto i = h.command("echo", {{"text", "still here"}});
  ASSERT_TRUE(h.wait_for_calls(i.token + "/messages/@original", 1, 20s));
}

TEST_F(WorkerInteractions, ReplyArrivesThroughARateLimitStorm) {
  // Every follow-up / edit route answers 429 for 1.5 s; the worker must wait and still deliver.
  h.sim().faults().add_storm("/webhooks/", 1500ms);
  std::vector<SimInteraction> sent;
  for (int n = 0; n < 5; ++n) sent.push_back(h.command("echo", {{"text", "storm " + std::to_string(n)}}));
  for (const auto& i : sent) {
    bool delivered = false;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!delivered && std::chrono::steady_clock::now() < deadline) {
      for (const auto& c : h.rest_calls(i.token + "/messages/@original")) delivered |= c.value("status", 0) == 200;
      if (!delivered) std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(delivered) << "reply for " << i.token << " never got through";
  }
  // Obeyed: after a 429 the worker never called the route again inside the announced retry_after.
  EXPECT_GT(h.sim().recorder().stats()["errors_by_status"].value("429", 0), 0) << "the storm never hit";
}

TEST_F(WorkerInteractions, ExpiredInteractionIsDeadLetteredWithoutCallingDiscord) {
  const auto i = h.command("echo", {{"text", "late"}}, 10s);
  std::vector<arrakis::amqp::Message> dead;
  for (int n = 0; n < 100 && dead.empty(); ++n) {
    dead = h.drain_dlq();
    if (dead.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(header_text(dead[0], "x-arrakis-reason").rfind("interaction expired", 0), 0u) << header_text(dead[0], "x-arrakis-reason");
  EXPECT_TRUE(h.rest_calls(i.token).empty()) << "no REST call for an interaction that can no longer be answered";
}
