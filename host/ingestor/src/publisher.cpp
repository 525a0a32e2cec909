#include "arrakis/ingestor/publisher.hpp"

#include <algorithm>
#include <optional>

#include <spdlog/spdlog.h>

#include "arrakis/amqp.hpp"
#include "arrakis/ingestor/confirm_window.hpp"
#include "arrakis/topology.hpp"

namespace arrakis::ingestor {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial, std::chrono::milliseconds max) {
  auto delay = initial;
  for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

Publisher::Publisher(PublisherOptions options, EventBuffer& buffer, Metrics& metrics)
    : options_(std::move(options)), buffer_(buffer), metrics_(metrics) {
  if (options_.exchange.empty()) options_.exchange = std::string(topology::kEventsExchange);
}

Publisher::~Publisher() { stop(); }

void Publisher::start() { thread_ = std::thread([this] { run(); }); }

void Publisher::stop() {
  stop_ = true;
  sleep_cv_.notify_all();
  buffer_.notify();
  if (thread_.joinable()) thread_.join();
}

PublisherStatus Publisher::status() const {
  PublisherStatus s;
  s.connected = connected_;
  s.channel_open = channel_open_;
  s.published = published_;
  s.confirmed = confirmed_;
  s.nacked = nacked_;
  s.returned = returned_;
  s.errors = errors_;
  s.dropped = dropped_;
  s.in_flight = in_flight_;
  return s;
}

void Publisher::sleep_for(std::chrono::milliseconds delay) {
  std::unique_lock lock(sleep_mutex_);
  sleep_cv_.wait_for(lock, delay, [&] { return stop_.load(); });
}

void Publisher::run() {
  std::optional<amqp::Connection> connection;
  ConfirmWindow window(options_.window);
  int failures = 0;
  bool redeclare = false;

  auto lose_connection = [&](const std::string& why, std::vector<OutboundEvent> unsent) {
    ++errors_;
    connected_ = false;
    channel_open_ = false;
    connection.reset();
    // Nothing unconfirmed is lost: every publish without an ack is sent again after reconnecting.
    auto unconfirmed = window.take_all();
    in_flight_ = 0;
    for (auto& e : unsent) unconfirmed.push_back(std::move(e));
    spdlog::warn("RabbitMQ lost ({}); {} unconfirmed events will be published again", why, unconfirmed.size());
    buffer_.requeue_front(std::move(unconfirmed));
  };

  while (!stop_) {
    if (!connection) {
      try {
        connection.emplace(amqp::Connection::open(options_.url));
        if (options_.declare_topology) topology::declare_topology(*connection);
        connection->enable_confirms();
        connected_ = true;
        channel_open_ = true;
        if (failures > 0) spdlog::info("RabbitMQ connection restored after {} attempts", failures);
        failures = 0;
        redeclare = false;
      } catch (const std::exception& e) {
        connection.reset();
        ++errors_;
        ++failures;
        const auto delay = backoff_delay(failures, options_.backoff_initial, options_.backoff_max);
        spdlog::warn("RabbitMQ unavailable ({}); retrying in {} ms, {} events buffered", e.what(), delay.count(),
                     buffer_.held());
        sleep_for(delay);
        continue;
      }
    }

    std::vector<OutboundEvent> batch;
    std::size_t sent = 0;
    try {
      if (redeclare && options_.declare_topology) {
        topology::declare_topology(*connection);
        redeclare = false;
      }
      // Keep the window full: publish everything that fits, then read the broker's answers.
      if (window.room() > 0) {
        batch = buffer_.take(window.room(), window.empty() ? std::chrono::milliseconds(50) : std::chrono::milliseconds(0));
        amqp::PublishOptions po;
        po.persistent = true;
        po.mandatory = true;
        for (; sent < batch.size(); ++sent) {
          auto& e = batch[sent];
          po.priority = e.priority;
          po.message_id = e.event_id;
          po.headers = {{"shardId", std::int64_t{e.shard_id}}, {"guildId", e.guild_id}};
          const auto seq = connection->publish(options_.exchange, e.event_type, e.body, po);
          ++published_;
          window.add(seq, std::move(e));
        }
        batch.clear();
        in_flight_ = window.size();
      }
      if (window.empty()) continue;
      const auto wait = window.room() == 0 ? std::chrono::milliseconds(100)
                                           : (buffer_.waiting() > 0 ? std::chrono::milliseconds(0) : std::chrono::milliseconds(2));
      ConfirmWindow::Outcome outcome;
      for (const auto& c : connection->poll_confirms(wait)) window.apply(c, outcome);
      in_flight_ = window.size();
      for (std::size_t i = 0; i < outcome.confirmed.size(); ++i) {
        metrics_.confirmed(outcome.confirmed[i].shard_id, outcome.confirmed[i].event_type, outcome.latencies_ms[i]);
      }
      confirmed_ += outcome.confirmed.size();
      nacked_ += outcome.nacked;
      returned_ += outcome.returned;
      std::size_t done = outcome.confirmed.size();
      std::vector<OutboundEvent> retry;
      for (auto& e : outcome.retry) {
        if (e.attempts >= options_.max_return_attempts) {
          ++dropped_;
          ++done;
          spdlog::error("event {} ({}) was refused {} times by RabbitMQ; giving up on it", e.event_id, e.event_type,
                        e.attempts);
        } else {
          retry.push_back(std::move(e));
        }
      }
      if (outcome.returned > 0) {
        redeclare = true;  // unroutable: a queue or binding is missing, declare the topology again
        spdlog::warn("{} events returned unroutable by RabbitMQ; declaring the topology again and retrying",
                     outcome.returned);
      }
      if (!retry.empty()) buffer_.requeue_front(std::move(retry));
      buffer_.release(done);
    } catch (const std::exception& e) {
      // Events of the batch that were never published go back too, behind the unconfirmed ones.
      std::vector<OutboundEvent> unsent;
      for (std::size_t i = sent; i < batch.size(); ++i) unsent.push_back(std::move(batch[i]));
      lose_connection(e.what(), std::move(unsent));
      ++failures;
    }
  }
  connected_ = false;
  channel_open_ = false;
}

}  // namespace arrakis::ingestor
