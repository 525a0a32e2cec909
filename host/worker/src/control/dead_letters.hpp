#pragma once
// Operator access to arrakis.dlq: look at dead-lettered messages without losing them, and
// replay them to arrakis.events under their original routing key.
//
// Peeking uses basic.get without ack on a connection of its own, then basic.reject(requeue) for
// every message it took. RabbitMQ puts a requeued message back at its original position when it
// can, so the queue's order survives a peek (the messages come back flagged "redelivered", which
// nothing reads on the DLQ). A dedicated consumer with nack/requeue would behave the same but
// needs a prefetch window sized to the peek; basic.get keeps it to one round trip per message.
// Every call opens its own short-lived connection: admin calls are rare, and closing the
// connection returns anything still unacknowledged to the queue even if a call fails half-way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/amqp.hpp"

namespace arrakis::worker {

struct DeadLetter {
  std::string message_id;
  std::string routing_key;  // the original one (x-arrakis-routing-key), "" when unknown
  std::string queue;        // the queue it was consumed from
  std::string reason;
  std::string plugin;
  std::int64_t failed_at_ms = 0;
  std::int64_t attempts = 0;
  std::string body;
  amqp::Table headers;
};

// Reads what the consumers wrote into a dead-lettered message's headers.
DeadLetter dead_letter_from(const amqp::Message& message);
nlohmann::json to_json(const DeadLetter& d, bool with_body);

struct ReplayReport {
  std::vector<std::string> replayed;                           // message ids
  std::vector<std::pair<std::string, std::string>> refused;    // message id, why (left in the DLQ)
  std::size_t not_scanned = 0;  // messages beyond the scan bound, untouched (run the replay again)
};

class DeadLetters {
 public:
  // Every operation holds at most `max_scan` messages (unacked, in memory) at a time: a DLQ of a
  // million messages must not take the worker's memory. Messages beyond it are left alone.
  static constexpr std::size_t kDefaultMaxScan = 1000;
  explicit DeadLetters(std::string amqp_url, std::size_t max_scan = kDefaultMaxScan)
      : amqp_url_(std::move(amqp_url)), max_scan_(max_scan) {}

  // The first `limit` messages, oldest first; they stay in the DLQ. Also returns the queue depth.
  std::vector<DeadLetter> peek(std::size_t limit, std::uint32_t* depth = nullptr) const;
  // Looks among the first `max_scan` messages only.
  std::optional<DeadLetter> find(const std::string& message_id) const;
  std::size_t max_scan() const { return max_scan_; }
  // Republishes one message (by id) or every message (nullopt) to arrakis.events with its
  // original routing key (confirmed), then acks it from the DLQ. A message without an original
  // routing key stays in the DLQ and is reported. At most `max_scan` messages per call.
  ReplayReport replay(const std::optional<std::string>& message_id) const;

 private:
  std::string amqp_url_;
  std::size_t max_scan_;
};

}  // namespace arrakis::worker
