#include "interaction_publisher.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/testing/slash_command_payload.hpp"
#include "arrakis/topology.hpp"

namespace arrakis::bench {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

InteractionPublisher::InteractionPublisher(discord_sim::Simulator& sim, const std::string& rabbitmq_url,
                                           std::string guild_id)
    : sim_(sim), amqp_(amqp::Connection::open(rabbitmq_url)), guild_id_(std::move(guild_id)) {
  topology::declare_topology(amqp_);
  amqp_.enable_confirms();
}

void InteractionPublisher::publish_one(const std::string& command, std::uint64_t n) {
  discord_sim::InteractionSeed seed;
  seed.type = 2;
  seed.guild_id = std::stoull(guild_id_);
  seed.channel_id = 1;
  seed.user_id = 42;
  seed.name = command;
  const auto issued = sim_.interactions().create(seed);
  const std::string event_id = "bench-" + guild_id_ + "-" + std::to_string(n);
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  json options = json::array();
  if (command == "echo") options.push_back({{"name", "text"}, {"type", 3}, {"value", "load " + std::to_string(n)}});
  const json payload = testing::slash_command_payload(
      {event_id, guild_id_, command, options, std::to_string(issued.id), issued.token, now_ms});
  amqp::PublishOptions o;
  o.priority = 10;
  o.message_id = event_id;
  o.headers = {{"shardId", std::int64_t{0}}, {"guildId", guild_id_}};
  const auto body = payload.dump();
  // The clock of both latencies starts here, as if the gateway had just delivered the interaction.
  sim_.interactions().mark_dispatched(issued.id);
  last_sequence_ = amqp_.publish(std::string(topology::kEventsExchange), "interaction.command." + command, body, o);
}

void InteractionPublisher::take_confirms(std::chrono::milliseconds wait, PublishReport& report) {
  for (const auto& c : amqp_.poll_confirms(wait)) {
    // RabbitMQ confirms one channel's publishes in order, so the highest sequence answered tells
    // how many were answered (a `multiple` ack covers every earlier one).
    confirmed_through_ = std::max(confirmed_through_, c.sequence);
    if (c.kind != amqp::Confirm::Kind::ack) ++report.nacked;
  }
  const auto answered = confirmed_through_ - std::min(confirmed_through_, report.first_sequence);
  report.acked = answered - std::min(answered, report.nacked);
}

PublishReport InteractionPublisher::run(double rate, std::uint64_t count, const std::vector<std::string>& commands) {
  if (rate <= 0 || commands.empty()) throw std::invalid_argument("rate > 0 and at least one command");
  PublishReport report;
  report.first_sequence = last_sequence_;
  const auto start = Clock::now();
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
    auto now = Clock::now();
    if (now < due) {
      // Read confirms while waiting: it keeps the socket drained and costs nothing on time.
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - now);
      if (wait.count() > 1) take_confirms(wait - std::chrono::milliseconds(1), report);
      std::this_thread::sleep_until(due);
    } else {
      report.max_behind_ms = std::max(report.max_behind_ms, std::chrono::duration<double, std::milli>(now - due).count());
    }
    publish_one(commands[i % commands.size()], next_number_++);
    ++report.published;
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (report.acked + report.nacked < report.published && Clock::now() < deadline) {
    take_confirms(std::chrono::milliseconds(100), report);
  }
  return report;
}

}  // namespace arrakis::bench
