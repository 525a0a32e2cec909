// rabbitmq-c wrapper against the real broker started by `tools/dev services`.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/testing/servers.hpp"

using namespace arrakis::amqp;
using namespace std::chrono_literals;

namespace {

class Amqp : public ::testing::Test {
 protected:
  void SetUp() override {
    url = arrakis::testing::rabbitmq_url();
    ASSERT_FALSE(url.empty());
    try {
      conn.emplace(Connection::open(url));
    } catch (const AmqpError& e) {
      FAIL() << "RabbitMQ is required and not reachable at RABBITMQ_URL: " << e.what();
    }
    exchange = arrakis::testing::unique_name("test.x");
    queue = arrakis::testing::unique_name("test.q");
    conn->declare_exchange(exchange, "topic", false);
    conn->declare_queue(queue, {{"x-max-priority", std::int64_t{10}}}, false);
    conn->bind_queue(queue, exchange, "member.#");
  }
  void TearDown() override {
    if (conn && conn->is_open()) conn->delete_queue(queue);
  }
  std::string url, exchange, queue;
  std::optional<Connection> conn;
};

}  // namespace

TEST_F(Amqp, PublishWithConfirmThenConsumeWithManualAck) {
  conn->enable_confirms();
  PublishOptions o;
  o.priority = 5;
  o.message_id = "evt-1";
  o.headers = {{"shardId", std::int64_t{3}}, {"guildId", std::string("42")}};
  const auto seq = conn->publish(exchange, "member.join", R"({"x":1})", o);
  EXPECT_EQ(seq, 1u);
  EXPECT_TRUE(conn->wait_for_confirm(seq, 5s));

  auto consumer = Connection::open(url);
  consumer.set_prefetch(1);
  consumer.consume(queue);
  auto msg = consumer.next_message(5s);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->body, R"({"x":1})");
  EXPECT_EQ(msg->routing_key, "member.join");
  EXPECT_EQ(msg->message_id, "evt-1");
  EXPECT_EQ(msg->priority, 5);
  EXPECT_EQ(std::get<std::int64_t>(msg->headers.at("shardId")), 3);
  EXPECT_EQ(std::get<std::string>(msg->headers.at("guildId")), "42");
  EXPECT_FALSE(msg->redelivered);
  consumer.ack(msg->delivery_tag);
  EXPECT_FALSE(consumer.next_message(200ms));
}

TEST_F(Amqp, UnackedMessageIsRedeliveredAfterConsumerDies) {
  conn->enable_confirms();
  ASSERT_TRUE(conn->wait_for_confirm(conn->publish(exchange, "member.leave", "body"), 5s));
  {
    auto consumer = Connection::open(url);
    consumer.consume(queue);
    auto msg = consumer.next_message(5s);
    ASSERT_TRUE(msg);
    // no ack: the connection closes with the message outstanding
  }
  auto again = conn->get(queue);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->redelivered);
  EXPECT_EQ(again->body, "body");
  conn->ack(again->delivery_tag);
}

TEST_F(Amqp, PipelinedConfirmsCoverEveryPublish) {
  conn->enable_confirms();
  constexpr int kCount = 500;
  std::uint64_t last = 0;
  for (int i = 0; i < kCount; ++i) last = conn->publish(exchange, "member.update", std::to_string(i));
  std::set<std::uint64_t> acked;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  std::uint64_t covered = 0;
  while (covered < last && std::chrono::steady_clock::now() < deadline) {
    for (const auto& c : conn->poll_confirms(500ms)) {
      ASSERT_EQ(c.kind, Confirm::Kind::ack);
      if (c.multiple) covered = std::max(covered, c.sequence);
      else acked.insert(c.sequence);
      while (acked.count(covered + 1)) ++covered;
    }
  }
  EXPECT_EQ(covered, static_cast<std::uint64_t>(kCount));
  EXPECT_EQ(conn->declare_queue(queue, {}, false, true), static_cast<std::uint32_t>(kCount));
}

TEST_F(Amqp, UnroutableMandatoryPublishIsReturned) {
  conn->enable_confirms();
  PublishOptions o;
  o.mandatory = true;
  o.message_id = "lost-1";
  const auto seq = conn->publish(exchange, "nobody.listens", "x", o);
  EXPECT_FALSE(conn->wait_for_confirm(seq, 5s));
}

TEST_F(Amqp, RejectedMessageIsDeadLettered) {
  const auto dlx = arrakis::testing::unique_name("test.dlx");
  const auto dlq = arrakis::testing::unique_name("test.dlq");
  const auto work = arrakis::testing::unique_name("test.work");
  conn->declare_exchange(dlx, "direct", false);
  conn->declare_queue(dlq, {}, false);
  conn->bind_queue(dlq, dlx, "dead");
  conn->declare_queue(work, {{"x-dead-letter-exchange", dlx}, {"x-dead-letter-routing-key", std::string("dead")}}, false);
  conn->publish("", work, "poison");
  auto msg = conn->get(work);
  ASSERT_TRUE(msg);
  conn->reject(msg->delivery_tag, false);
  std::optional<Message> dead;
  for (int i = 0; i < 50 && !dead; ++i) {
    dead = conn->get(dlq, true);
    if (!dead) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->body, "poison");
  conn->delete_queue(work);
  conn->delete_queue(dlq);
}

TEST(AmqpUnavailable, ClosedPortIsAClearError) {
  try {
    Connection::open("amqp://guest:hunter22@127.0.0.1:1/", std::chrono::seconds(1), 500ms);
    FAIL() << "expected AmqpError";
  } catch (const AmqpError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:1"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter22"), std::string::npos) << what;
  }
}
