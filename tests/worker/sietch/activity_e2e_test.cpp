// Activity points through the full path on the seeded Sietch: members of the simulated guild write
// a message and react to it on discord-sim; the ingestor forwards message.create and reaction.add
// (metadata only: the content stays behind) to RabbitMQ, and the worker's activity plugin turns
// them into member_activity rows (docs/events/activity.md).
#include <chrono>
#include <functional>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/redis.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis;
using namespace arrakis::testing;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

// A copy of every message.create and reaction.add the ingestor publishes, next to the worker's.
class ActivityEventTap {
 public:
  ActivityEventTap() : amqp_(amqp::Connection::open(rabbitmq_url())), queue_(unique_name("sietch-e2e.activity-tap")) {
    amqp_.declare_queue(queue_, {}, false);
    for (const char* key : {"message.create", "reaction.add"}) {
      amqp_.bind_queue(queue_, std::string(topology::kEventsExchange), key);
    }
  }
  ~ActivityEventTap() {
    try {
      amqp_.delete_queue(queue_);
    } catch (...) {
    }
  }
  // The raw body of the first event of `type` about `message_id` (waiting up to 20 s), else "".
  std::string wait_for(const std::string& type, const std::string& message_id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = amqp_.get(queue_, true);
      if (!m) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      const auto event = json::parse(m->body, nullptr, false);
      if (event.is_object() && event.value("eventType", "") == type &&
          event["data"].value("messageId", "") == message_id) {
        return m->body;
      }
    }
    return "";
  }

 private:
  amqp::Connection amqp_;
  std::string queue_;
};

// Forgets the activity turns (cooldowns) of this community in Redis: a run within the last minute
// on the same simulated guild would otherwise still hold them.
void forget_activity_turns(const std::string& community) {
  auto redis = redis::Connection::open(redis_url());
  const auto keys = redis.command({"KEYS", "*p:activity:" + community + ":*"});
  for (const auto& k : keys.elements) redis.command({"DEL", k.str});
}

std::string sim_channel(FullPathStack& stack, const std::string& key) {
  const json model = stack.harness().sim().model().to_json();
  for (const auto& c : model["guilds"][0]["channels"]) {
    if (c["key"] == key) return c["id"];
  }
  ADD_FAILURE() << "the simulated guild has no channel " << key;
  return "0";
}

void play(FullPathStack& stack, const json& line) {
  const auto r = http_request("127.0.0.1", stack.harness().sim().rest_port(), "POST", "/control/scenario",
                              line.dump() + "\n");
  const auto result = json::parse(r.body, nullptr, false);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(result["dispatched"], 1) << r.body;
}

// Member n's row once `done` holds for it (waiting up to 20 s), else the last row read.
json activity_row(const SeededSietch& s, int n, const std::function<bool(const json&)>& done) {
  json row;
  for (int tries = 0; tries < 400; ++tries) {
    const auto r = admin_exec(
        "SELECT activity_balance, total_messages, total_reactions_given, total_reactions_received "
        "FROM member_activity WHERE profile_id = $1::uuid",
        {s.profile_id(n)});
    if (!r.empty()) {
      row = {{"balance", r[0][0].as<double>()}, {"messages", r[0][1].as<int>()}, {"given", r[0][2].as<int>()},
             {"received", r[0][3].as<int>()}};
      if (done(row)) return row;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return row;
}

}  // namespace

TEST_F(SietchFullPath, ActivityPointsFromDiscordMessagesAndReactions) {
  forget_activity_turns(stack().community_id());
  // Seeded member 1 (balance 13, 7 messages) writes; member 2 (balance 26) reacts to it.
  const auto writer = user_as_member(1, 0);
  const auto reactor = user_as_member(2, 1);
  const std::string general = sim_channel(stack(), "general");
  const std::string message_id = "1300000000000004242";
  const std::string bot = std::to_string(stack().harness().sim().model().bot().id);
  // The bot is mentioned, so Discord shows the ingestor the content even without MESSAGE_CONTENT.
  const std::string content = "<@" + bot + "> the spice must flow";
  ActivityEventTap tap;

  play(stack(), {{"kind", "message"}, {"guild", 0}, {"user", writer}, {"channel", general}, {"id", message_id},
                 {"content", content}});
  const auto forwarded = tap.wait_for("message.create", message_id);
  ASSERT_FALSE(forwarded.empty()) << "no message.create was published" << stack().logs();
  EXPECT_EQ(forwarded.find("spice"), std::string::npos) << "the content left the ingestor: " << forwarded;
  const auto event = json::parse(forwarded);
  EXPECT_FALSE(event["data"].contains("content"));
  EXPECT_EQ(event["data"]["authorId"], writer);
  EXPECT_EQ(event["data"]["length"], content.size());
  const auto wrote = activity_row(sietch(), 1, [](const json& r) { return r["messages"] == 8; });
  EXPECT_EQ(wrote["messages"], 8) << wrote << stack().logs();
  EXPECT_DOUBLE_EQ(wrote.value("balance", 0.0), 14);

  play(stack(), {{"kind", "reaction"}, {"guild", 0}, {"user", reactor}, {"message_id", message_id}});
  const auto reacted = json::parse(tap.wait_for("reaction.add", message_id), nullptr, false);
  ASSERT_TRUE(reacted.is_object()) << "no reaction.add was published" << stack().logs();
  EXPECT_EQ(reacted["data"]["messageAuthorId"], writer);
  const auto received = activity_row(sietch(), 1, [](const json& r) { return r["received"] == 1; });
  EXPECT_EQ(received["received"], 1) << received << stack().logs();
  EXPECT_DOUBLE_EQ(received.value("balance", 0.0), 16);
  const auto gave = activity_row(sietch(), 2, [](const json& r) { return r["given"] == 1; });
  EXPECT_EQ(gave["given"], 1) << gave;
  EXPECT_DOUBLE_EQ(gave.value("balance", 0.0), 27);
}
