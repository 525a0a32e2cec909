#include "outbox/outbox_relay.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "arrakis/amqp.hpp"
#include "arrakis/config.hpp"
#include "arrakis/tls.hpp"
#include "arrakis/metrics.hpp"
#include "arrakis/topology.hpp"
#include "outbox/writer_key.hpp"

namespace arrakis::worker::outbox {
namespace {

constexpr const char* kChannel = "arrakis_outbox";
constexpr std::chrono::seconds kConfirmTimeout{10};
constexpr std::chrono::seconds kKeyRefresh{60};
constexpr std::chrono::milliseconds kMinBackoff{250};
constexpr std::chrono::milliseconds kMaxBackoff{10000};

struct Row {
  std::string id;
  std::string routing_key;
  std::string body;
  std::optional<std::string> refused;  // why the broker did not take it
  bool confirmed = false;
};

// "{a,b,c}": a uuid[] literal (row ids are uuids produced by PostgreSQL, no quoting needed).
std::string uuid_array(const std::vector<const Row*>& rows) {
  std::string out = "{";
  for (const auto* r : rows) {
    if (out.size() > 1) out.push_back(',');
    out += r->id;
  }
  out.push_back('}');
  return out;
}

}  // namespace

struct OutboxRelay::Impl {
  Options options;
  db::Pool& pool;
  std::thread thread;
  std::atomic<bool> stopping{false};
  int wake_fd = -1;
  std::optional<amqp::Connection> broker;
  std::unique_ptr<pqxx::connection> listener;
  std::chrono::steady_clock::time_point next_key_refresh{};
  mutable std::mutex stats_mutex;
  RelayStats stats;

  Impl(Options o, db::Pool& p) : options(std::move(o)), pool(p), wake_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (wake_fd < 0) throw std::runtime_error("outbox relay: eventfd failed");
  }
  ~Impl() { ::close(wake_fd); }

  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
  }

  // Sleeps up to `timeout`, waking early on stop() or (when listening) on a NOTIFY.
  void wait(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wake_fd, POLLIN, 0}, {listener ? listener->sock() : -1, POLLIN, 0}};
    const int n = ::poll(fds, listener ? 2 : 1, static_cast<int>(timeout.count()));
    if (n > 0 && (fds[0].revents & POLLIN)) {
      std::uint64_t drained;
      [[maybe_unused]] const auto r = ::read(wake_fd, &drained, sizeof drained);
    }
    if (n > 0 && listener && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) listener->get_notifs();
  }

  void refresh_key() {
    if (std::chrono::steady_clock::now() < next_key_refresh) return;
    auto& key = WriterKey::process();
    key.register_in(pool, options.replica_id);
    if (const auto purged = WriterKey::purge_stale(pool); purged > 0) {
      spdlog::info("purged {} stale outbox writer key(s)", purged);
    }
    next_key_refresh = std::chrono::steady_clock::now() + kKeyRefresh;
  }

  void connect() {
    if (!broker || !broker->is_open()) {
      broker.reset();
      auto conn = amqp::Connection::open(options.amqp_url);
      topology::declare_topology(conn);  // the bindings that route internal.# and job.#
      conn.enable_confirms();
      broker.emplace(std::move(conn));
    }
    if (!listener || !listener->is_open()) {
      // Not a db::Pool connection: apply the PostgreSQL CA here too (docs/security.md).
      listener = std::make_unique<pqxx::connection>(database_tls_url(options.database_url, default_database_ca()));
      pqxx::nontransaction tx(*listener);
      tx.exec(std::string("LISTEN ") + kChannel);
    }
  }

  // Publishes one batch of due rows; returns how many rows it claimed.
  std::size_t relay_batch() {
    auto lease = pool.lease();
    pqxx::work tx(*lease);
    const auto result = tx.exec_params(
        "SELECT id::text, routing_key, body::text FROM event_outbox WHERE next_attempt_at <= now() "
        "ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
        static_cast<long long>(options.batch));
    if (result.empty()) {
      tx.commit();
      return 0;
    }
    std::vector<Row> rows;
    rows.reserve(result.size());
    for (const auto& r : result) rows.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), std::nullopt, false});

    std::map<std::uint64_t, std::size_t> by_sequence;
    const std::string exchange(topology::kEventsExchange);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      amqp::PublishOptions o;
      o.persistent = true;
      o.mandatory = true;  // an unroutable row is kept, never dropped silently
      o.message_id = rows[i].id;
      by_sequence[broker->publish(exchange, rows[i].routing_key, rows[i].body, o)] = i;
    }
    collect_confirms(rows, by_sequence);

    std::vector<const Row*> done, refused;
    for (const auto& r : rows) (r.confirmed && !r.refused ? done : refused).push_back(&r);
    if (!done.empty()) tx.exec_params("DELETE FROM event_outbox WHERE id = ANY($1::uuid[])", uuid_array(done));
    for (const auto* r : refused) {
      const std::string why = r->refused.value_or("no confirm");
      spdlog::error("outbox: the broker did not take {} ({}): {}; trying again later", r->id, r->routing_key, why);
      tx.exec_params(
          "UPDATE event_outbox SET attempts = attempts + 1, last_error = $2, "
          "next_attempt_at = now() + make_interval(secs => least(300, power(2, least(attempts, 9)))) WHERE id = $1",
          r->id, why.substr(0, 500));
    }
    tx.commit();
    metrics::registry().counter_add("arrakis_outbox_published_total", {}, static_cast<double>(done.size()));
    if (!refused.empty()) {
      metrics::registry().counter_add("arrakis_outbox_refused_total", {}, static_cast<double>(refused.size()));
    }
    std::lock_guard lock(stats_mutex);
    stats.published += done.size();
    stats.refused += refused.size();
    return rows.size();
  }

  // Waits for the broker's answer to every publish of the batch (throws after kConfirmTimeout:
  // the connection is then dropped and the rows, still in the table, are published again).
  void collect_confirms(std::vector<Row>& rows, const std::map<std::uint64_t, std::size_t>& by_sequence) {
    std::size_t open = rows.size();
    const auto deadline = std::chrono::steady_clock::now() + kConfirmTimeout;
    while (open > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw amqp::AmqpError("no publisher confirm within 10 s");
      for (const auto& c : broker->poll_confirms(left)) {
        if (c.kind == amqp::Confirm::Kind::returned) {
          if (auto it = by_sequence.find(c.sequence); it != by_sequence.end()) {
            rows[it->second].refused = "unroutable: " + c.reply_text;
          }
          continue;
        }
        const auto first = c.multiple ? by_sequence.begin() : by_sequence.find(c.sequence);
        const auto last = by_sequence.upper_bound(c.sequence);
        for (auto it = first; it != by_sequence.end() && it != last; ++it) {
          auto& row = rows[it->second];
          if (row.confirmed) continue;
          row.confirmed = true;
          if (c.kind == amqp::Confirm::Kind::nack) row.refused = "nacked by the broker";
          --open;
        }
      }
    }
  }

  void loop() {
    auto backoff = kMinBackoff;
    bool down = false;
    while (!stopping) {
      try {
        refresh_key();
        if (!options.publish) {
          wait(kKeyRefresh);
          continue;
        }
        connect();
        while (!stopping && relay_batch() == options.batch) {
        }
        if (down) spdlog::info("outbox relay: PostgreSQL and RabbitMQ reachable again");
        down = false;
        backoff = kMinBackoff;
        wait(options.poll);
      } catch (const std::exception& e) {
        if (!down) {
          spdlog::error("outbox relay: {}; retrying with back-off (rows wait in the table)", e.what());
          std::lock_guard lock(stats_mutex);
          ++stats.outages;
        }
        down = true;
        broker.reset();
        listener.reset();
        next_key_refresh = {};
        wait(backoff);
        backoff = std::min(backoff * 2, kMaxBackoff);
      }
    }
  }
};

OutboxRelay::OutboxRelay(Options options, db::Pool& pool) : impl_(std::make_unique<Impl>(std::move(options), pool)) {}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::start() {
  if (impl_->thread.joinable()) return;
  try {
    impl_->refresh_key();  // at once, so the first calls after start can publish
  } catch (const std::exception& e) {
    spdlog::error("outbox writer key not registered yet ({}); event_publish answers retryable until it is", e.what());
  }
  impl_->thread = std::thread([this] { impl_->loop(); });
}

void OutboxRelay::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  impl_->wake();
  impl_->thread.join();
  WriterKey::process().unregister_from(impl_->pool);
}

RelayStats OutboxRelay::stats() const {
  std::lock_guard lock(impl_->stats_mutex);
  return impl_->stats;
}

std::string OutboxRelay::database_url(const Config& c) {
  if (const char* url = std::getenv("DATABASE_HOST_URL"); url && *url) return url;
  return c.database_admin_url.empty() ? c.database_url : c.database_admin_url;
}

OutboxRelay::Options OutboxRelay::from_environment(Options o) {
  if (const char* v = std::getenv("ARRAKIS_OUTBOX_RELAY"); v && *v) {
    const std::string s(v);
    if (s == "on") {
      o.publish = true;
    } else if (s == "off") {
      o.publish = false;
    } else {
      throw std::invalid_argument("ARRAKIS_OUTBOX_RELAY must be on or off, not '" + s + "'");
    }
  }
  if (const char* v = std::getenv("ARRAKIS_OUTBOX_POLL_MS"); v && *v) {
    char* end = nullptr;
    const long ms = std::strtol(v, &end, 10);
    if (*end != '\0' || ms < 10 || ms > 60000) {
      throw std::invalid_argument("ARRAKIS_OUTBOX_POLL_MS must be a number of milliseconds from 10 to 60000");
    }
    o.poll = std::chrono::milliseconds(ms);
  }
  return o;
}

}  // namespace arrakis::worker::outbox
