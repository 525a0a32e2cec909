#include "control/dead_letters.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "arrakis/topology.hpp"

namespace arrakis::worker {

using nlohmann::json;

namespace {

const std::string kDlq{topology::kDeadLetterQueue};

std::string text_header(const amqp::Table& h, const char* key) {
  auto it = h.find(key);
  if (it == h.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return {};
}

std::int64_t int_header(const amqp::Table& h, const char* key) {
  auto it = h.find(key);
  if (it == h.end()) return 0;
  if (const auto* n = std::get_if<std::int64_t>(&it->second)) return *n;
  return 0;
}

json header_json(const amqp::Table& headers) {
  json out = json::object();
  for (const auto& [k, v] : headers) std::visit([&](const auto& x) { out[k] = x; }, v);
  return out;
}

// Takes (without ack) up to `limit` messages from the DLQ; they return to it when rejected with
// requeue or when the connection closes.
std::vector<amqp::Message> take(amqp::Connection& conn, std::size_t limit) {
  std::vector<amqp::Message> out;
  while (out.size() < limit) {
    auto m = conn.get(kDlq, /*no_ack=*/false);
    if (!m) break;
    out.push_back(std::move(*m));
  }
  return out;
}

void give_back(amqp::Connection& conn, const std::vector<amqp::Message>& messages) {
  for (const auto& m : messages) conn.reject(m.delivery_tag, /*requeue=*/true);
}

}  // namespace

DeadLetter dead_letter_from(const amqp::Message& m) {
  DeadLetter d;
  d.message_id = m.message_id;
  d.routing_key = text_header(m.headers, "x-arrakis-routing-key");
  // Rejected through the queue's own dead-letter policy: the routing key is still the original.
  if (d.routing_key.empty() && m.routing_key != topology::kDeadLetterRoutingKey) d.routing_key = m.routing_key;
  d.queue = text_header(m.headers, "x-arrakis-queue");
  d.reason = text_header(m.headers, "x-arrakis-reason");
  d.plugin = text_header(m.headers, "x-arrakis-plugin");
  d.failed_at_ms = int_header(m.headers, "x-arrakis-failed-at");
  d.attempts = int_header(m.headers, "x-arrakis-attempts");
  d.body = m.body;
  d.headers = m.headers;
  return d;
}

json to_json(const DeadLetter& d, bool with_body) {
  json j = {{"messageId", d.message_id}, {"routingKey", d.routing_key}, {"queue", d.queue},
            {"reason", d.reason},        {"plugin", d.plugin},          {"failedAt", d.failed_at_ms},
            {"attempts", d.attempts},    {"bytes", d.body.size()}};
  if (with_body) {
    j["body"] = d.body;
    j["headers"] = header_json(d.headers);
  }
  return j;
}

std::vector<DeadLetter> DeadLetters::peek(std::size_t limit, std::uint32_t* depth) const {
  auto conn = amqp::Connection::open(amqp_url_);
  if (depth) *depth = conn.declare_queue(kDlq, {}, true, /*passive=*/true);
  const auto taken = take(conn, limit);
  std::vector<DeadLetter> out;
  for (const auto& m : taken) out.push_back(dead_letter_from(m));
  give_back(conn, taken);
  return out;
}

std::optional<DeadLetter> DeadLetters::find(const std::string& message_id) const {
  auto conn = amqp::Connection::open(amqp_url_);
  const auto depth = conn.declare_queue(kDlq, {}, true, /*passive=*/true);
  const auto taken = take(conn, std::min<std::size_t>(depth, max_scan_));
  std::optional<DeadLetter> found;
  for (const auto& m : taken) {
    if (m.message_id == message_id) {
      found = dead_letter_from(m);
      break;
    }
  }
  give_back(conn, taken);
  return found;
}

ReplayReport DeadLetters::replay(const std::optional<std::string>& message_id) const {
  auto conn = amqp::Connection::open(amqp_url_);
  auto pub = amqp::Connection::open(amqp_url_);
  pub.enable_confirms();
  // Only what is in the DLQ now: a replayed message that fails again comes back behind these.
  const auto depth = conn.declare_queue(kDlq, {}, true, /*passive=*/true);
  const auto taken = take(conn, std::min<std::size_t>(depth, max_scan_));
  ReplayReport report;
  report.not_scanned = depth > taken.size() ? depth - taken.size() : 0;
  std::vector<amqp::Message> keep;
  for (const auto& m : taken) {
    if (message_id && m.message_id != *message_id) {
      keep.push_back(m);
      continue;
    }
    const auto d = dead_letter_from(m);
    if (d.routing_key.empty()) {
      report.refused.emplace_back(m.message_id, "no original routing key (header x-arrakis-routing-key)");
      keep.push_back(m);
      continue;
    }
    amqp::PublishOptions o;
    o.priority = m.priority;
    o.message_id = m.message_id;
    o.mandatory = true;  // a routing key nothing is bound to comes back instead of vanishing
    // A replay starts over: the failure bookkeeping stays behind in the DLQ's copy.
    for (const auto& [k, v] : m.headers) {
      if (k.rfind("x-arrakis-", 0) != 0) o.headers[k] = v;
    }
    o.headers["x-arrakis-replayed"] = true;
    const auto seq = pub.publish(std::string(topology::kEventsExchange), d.routing_key, m.body, o);
    if (!pub.wait_for_confirm(seq, std::chrono::seconds(10))) {
      report.refused.emplace_back(m.message_id, "the broker refused the republished copy");
      keep.push_back(m);
      continue;
    }
    conn.ack(m.delivery_tag);
    report.replayed.push_back(m.message_id);
    spdlog::info("dlq: replayed {} to {} as {}", m.message_id, topology::kEventsExchange, d.routing_key);
  }
  give_back(conn, keep);
  return report;
}

}  // namespace arrakis::worker
