// QueueConsumer against the real broker: dead letters and retries are settled by copies that are
// confirmed asynchronously; every original is acked exactly when its copy is safe, and nothing is
// lost or left unacked, even in a burst.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/state_store.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "control/dead_letters.hpp"
#include "message/queue_consumer.hpp"

using namespace arrakis;
using namespace std::chrono_literals;

namespace {

// Dead-letters messages whose body starts with "bad", retries "retry" once and "always retry" on
// every attempt, acks the rest.
class ScriptedHandler : public worker::MessageHandler {
 public:
  worker::Outcome handle(const amqp::Message& m) override {
    ++calls;
    if (m.body.rfind("bad", 0) == 0) return worker::Outcome::dead("scripted failure for " + m.message_id, "scripted");
    if (m.body.rfind("retry", 0) == 0 && worker::attempts_of(m) == 0) return worker::Outcome::retry("try again");
    if (m.body.rfind("always retry", 0) == 0) return worker::Outcome::retry("again and again");
    return worker::Outcome::ack();
  }
  std::atomic<int> calls{0};
};

std::string reason_of(const amqp::Message& m) {
  auto it = m.headers.find("x-arrakis-reason");
  return it == m.headers.end() ? std::string() : std::get<std::string>(it->second);
}

class QueueConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    amqp_ = std::make_unique<amqp::Connection>(amqp::Connection::open(arrakis::testing::rabbitmq_url()));
    topology::declare_topology(*amqp_);
    queue_ = "arrakis.test.consumer-" + std::to_string(::getpid());
    amqp_->declare_queue(queue_, {}, false);
    while (amqp_->get(std::string(topology::kDeadLetterQueue), true)) {
    }
  }
  void TearDown() override {
    amqp_->delete_queue(queue_);
    amqp_->delete_queue(queue_ + ".retry");
    for (const char* step : {"100ms", "1000ms", "5000ms", "30000ms", "60000ms", "120000ms"}) {
      amqp_->delete_queue(queue_ + ".retry." + step);
    }
  }
  void publish(const std::string& body, const std::string& id) {
    amqp::PublishOptions o;
    o.message_id = id;
    amqp_->publish("", queue_, body, o);
  }
  std::unique_ptr<amqp::Connection> amqp_;
  std::string queue_;
};

}  // namespace

TEST_F(QueueConsumerTest, BurstOfDeadLettersIsCopiedWithReasonsAndEveryOriginalAcked) {
  constexpr int kBad = 300, kGood = 300;
  for (int n = 0; n < kBad + kGood; ++n) {
    publish(n % 2 ? "good" : "bad", "m-" + std::to_string(n));
  }
  ScriptedHandler handler;
  worker::QueueConsumer::Options o;
  o.amqp_url = arrakis::testing::rabbitmq_url();
  o.queue = queue_;
  o.prefetch = 50;
  o.threads = 4;
  worker::QueueConsumer consumer(o, handler, nullptr);
  consumer.start();
  for (int n = 0; n < 300 && consumer.stats().acked + consumer.stats().dead_lettered < kBad + kGood; ++n) {
    std::this_thread::sleep_for(20ms);
  }
  // Acks of originals follow their copies' confirms: wait until the broker holds none unacked.
  for (int n = 0; n < 200 && amqp_->declare_queue(queue_, {}, false, true) + consumer.stats().in_flight > 0; ++n) {
    std::this_thread::sleep_for(20ms);
  }
  consumer.stop(5s);

  const auto stats = consumer.stats();
  EXPECT_EQ(stats.acked, static_cast<std::uint64_t>(kGood));
  EXPECT_EQ(stats.dead_lettered, static_cast<std::uint64_t>(kBad));
  EXPECT_EQ(amqp_->declare_queue(queue_, {}, false, true), 0u) << "nothing returned to the queue: all acked";

  std::set<std::string> dead_ids;
  while (auto m = amqp_->get(std::string(topology::kDeadLetterQueue), true)) {
    EXPECT_EQ(m->body, "bad");
    EXPECT_EQ(reason_of(*m), "scripted failure for " + m->message_id);
    EXPECT_EQ(std::get<std::string>(m->headers.at("x-arrakis-plugin")), "scripted");
    EXPECT_EQ(std::get<std::string>(m->headers.at("x-arrakis-queue")), queue_);
    dead_ids.insert(m->message_id);
  }
  EXPECT_EQ(dead_ids.size(), static_cast<std::size_t>(kBad)) << "each dead letter copied exactly once";
}

TEST_F(QueueConsumerTest, RetriedMessageComesBackThroughTheRetryQueueAndIsAckedOnce) {
  ScriptedHandler handler;
  worker::QueueConsumer::Options o;
  o.amqp_url = arrakis::testing::rabbitmq_url();
  o.queue = queue_;
  o.backoff = {std::chrono::milliseconds(100)};
  worker::QueueConsumer consumer(o, handler, nullptr);
  consumer.start();
  publish("retry me", "r-1");
  for (int n = 0; n < 250 && consumer.stats().acked < 1; ++n) std::this_thread::sleep_for(20ms);
  consumer.stop(5s);
  const auto stats = consumer.stats();
  EXPECT_EQ(stats.retried, 1u);
  EXPECT_EQ(stats.acked, 1u);
  EXPECT_EQ(handler.calls.load(), 2) << "first delivery, then the copy back from the retry queue";
  EXPECT_EQ(amqp_->declare_queue(queue_ + ".retry", {}, true, true), 0u);
}

TEST_F(QueueConsumerTest, TooDeepOrTooBigBodyIsDeadLetteredBeforeAnyHandlerRuns) {
  // 100,000 nested arrays (200 KB): copying such a value once crashed every worker replica.
  publish(std::string(100000, '[') + std::string(100000, ']'), "deep");
  publish("\"" + std::string(2 * 1024 * 1024, 'x') + "\"", "big");
  publish("good", "fine");
  ScriptedHandler handler;
  worker::QueueConsumer::Options o;
  o.amqp_url = arrakis::testing::rabbitmq_url();
  o.queue = queue_;
  worker::QueueConsumer consumer(o, handler, nullptr);
  consumer.start();
  for (int n = 0; n < 250 && consumer.stats().acked + consumer.stats().dead_lettered < 3; ++n) {
    std::this_thread::sleep_for(20ms);
  }
  consumer.stop(5s);
  EXPECT_EQ(handler.calls.load(), 1) << "only the ordinary message reached the handler";
  EXPECT_EQ(consumer.stats().acked, 1u);
  std::map<std::string, std::string> reasons;
  while (auto m = amqp_->get(std::string(topology::kDeadLetterQueue), true)) reasons[m->message_id] = reason_of(*m);
  EXPECT_EQ(reasons["deep"], "refused before parsing: JSON nested deeper than 64 levels");
  EXPECT_EQ(reasons["big"], "refused before parsing: JSON of 2097154 bytes exceeds the limit of 1048576");
  EXPECT_EQ(reasons.size(), 2u);
}

TEST_F(QueueConsumerTest, RedeliveredMessageWithoutAnIdIsCaughtByTheBodyHash) {
  // A consumer that died holding it: the broker delivers it again with the redelivered flag.
  amqp_->publish("", queue_, "poison without an id", {});
  auto held = amqp_->get(queue_);
  ASSERT_TRUE(held);
  ASSERT_TRUE(held->message_id.empty());
  amqp_->reject(held->delivery_tag, true);

  arrakis::state::StateStore::Options so;
  so.redis_url = arrakis::testing::redis_url();
  arrakis::state::StateStore redis(so);
  ScriptedHandler handler;
  worker::QueueConsumer::Options o;
  o.amqp_url = arrakis::testing::rabbitmq_url();
  o.queue = queue_;
  o.max_attempts = 1;  // the first redelivery is already one too many
  worker::QueueConsumer consumer(o, handler, &redis);
  consumer.start();
  for (int n = 0; n < 250 && consumer.stats().dead_lettered < 1; ++n) std::this_thread::sleep_for(20ms);
  consumer.stop(5s);
  EXPECT_EQ(handler.calls.load(), 0);
  auto dead = amqp_->get(std::string(topology::kDeadLetterQueue), true);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->body, "poison without an id");
  EXPECT_EQ(reason_of(*dead), "poison message: redelivered too many times");
}

TEST_F(QueueConsumerTest, AShortRetryNeverWaitsBehindALongOne) {
  // A copy due in 60 s sits in the retry queues first; a copy due in 100 ms follows it. With one
  // retry queue and per-message TTLs, RabbitMQ expires only the head: the short one would wait 60 s.
  ScriptedHandler handler;
  worker::QueueConsumer::Options o;
  o.amqp_url = arrakis::testing::rabbitmq_url();
  o.queue = queue_;
  o.backoff = {std::chrono::milliseconds(100), std::chrono::seconds(60)};
  worker::QueueConsumer consumer(o, handler, nullptr);
  consumer.start();
  amqp::PublishOptions long_wait;
  long_wait.message_id = "slow";
  long_wait.headers["x-arrakis-attempts"] = std::int64_t{1};  // its next retry is the second step: 60 s
  amqp_->publish("", queue_, "always retry", long_wait);
  for (int n = 0; n < 250 && consumer.stats().retried < 1; ++n) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(consumer.stats().retried, 1u);
  publish("retry me", "fast");
  for (int n = 0; n < 250 && consumer.stats().acked < 1; ++n) std::this_thread::sleep_for(20ms);
  consumer.stop(5s);
  EXPECT_EQ(consumer.stats().acked, 1u) << "the 100 ms retry came back while the 60 s one still waits";
  EXPECT_EQ(amqp_->declare_queue(queue_ + ".retry.60000ms", {}, true, true), 1u);
}

TEST_F(QueueConsumerTest, DlqToolsHoldAtMostTheirScanBound) {
  // Three dead letters; tools bounded to two look at the first two only and touch nothing else.
  for (const char* id : {"d-1", "d-2", "d-3"}) {
    amqp::PublishOptions o;
    o.message_id = id;
    o.headers["x-arrakis-reason"] = std::string("test");
    amqp_->publish("", std::string(topology::kDeadLetterQueue), "{}", o);
  }
  const worker::DeadLetters dlq(arrakis::testing::rabbitmq_url(), 2);
  EXPECT_TRUE(dlq.find("d-2"));
  EXPECT_FALSE(dlq.find("d-3")) << "beyond the bound";
  // None of them has an original routing key: a replay refuses what it scanned, counts the rest.
  const auto report = dlq.replay(std::nullopt);
  EXPECT_EQ(report.refused.size(), 2u);
  EXPECT_EQ(report.not_scanned, 1u);
  EXPECT_EQ(amqp_->declare_queue(std::string(topology::kDeadLetterQueue), {}, true, true), 3u) << "all still there";
  while (amqp_->get(std::string(topology::kDeadLetterQueue), true)) {
  }
}
