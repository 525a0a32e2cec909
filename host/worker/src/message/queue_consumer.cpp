#include "message/queue_consumer.hpp"

#include <utility>  // before Boost.Asio (it uses std::exchange)

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include <openssl/evp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <mutex>

#include "arrakis/json_limits.hpp"
#include "arrakis/metrics.hpp"
#include "arrakis/state_store.hpp"
#include "arrakis/topology.hpp"
#include "message/pending_copies.hpp"

namespace arrakis::worker {
namespace {

constexpr const char* kAttemptsHeader = "x-arrakis-attempts";
constexpr const char* kReasonHeader = "x-arrakis-reason";
// A copy the broker has not confirmed by then means the settle connection is stuck: reconnect (the
// broker redelivers the originals, which are not acked yet).
constexpr std::chrono::seconds kConfirmTimeout{10};
// The longest the consumer thread sleeps when nothing happens (heartbeats, budgets, stop requests).
constexpr std::chrono::milliseconds kIdleWait{20};

// What the poison guard counts redeliveries under: the message id, or, for a message published
// without one, the SHA-256 of its body (so an id-less poison message is caught as well).
std::string redelivery_key(const amqp::Message& m) {
  if (!m.message_id.empty()) return m.message_id;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(m.body.data(), m.body.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = "body-sha256:";
  for (unsigned int i = 0; i < size; ++i) {
    key += kHex[digest[i] >> 4];
    key += kHex[digest[i] & 0xF];
  }
  return key;
}

}  // namespace

std::int64_t attempts_of(const amqp::Message& m) {
  auto it = m.headers.find(kAttemptsHeader);
  if (it == m.headers.end()) return 0;
  if (const auto* n = std::get_if<std::int64_t>(&it->second)) return *n;
  return 0;
}

namespace {

// Before 1 retry queue per step: copies carried their own TTL in one `<queue>.retry`, where RabbitMQ
// expires only the head, so a 2-minute retry held back every 1-second retry queued behind it. Still
// declared so that copies an older replica put there during a rolling deploy come back.
std::string legacy_retry_queue(const std::string& queue) { return queue + ".retry"; }

// One retry queue per back-off step, with the step as the queue's TTL: every copy in it waits the
// same time, so none waits behind a longer one. Expired copies dead-letter back to the queue.
std::string retry_queue(const std::string& queue, std::chrono::milliseconds step) {
  return queue + ".retry." + std::to_string(step.count()) + "ms";
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct QueueConsumer::Impl {
  Options options;
  MessageHandler& handler;
  state::StateStore* redeliveries;
  boost::asio::thread_pool pool;
  std::thread thread;
  std::atomic<bool> stopping{false};

  struct Completion {
    std::uint64_t generation;
    std::uint64_t tag;
    Outcome outcome;
  };
  struct InFlight {
    amqp::Message message;
    std::chrono::steady_clock::time_point deadline;
    bool abandoned = false;  // settled early because it ran over budget
  };
  mutable std::mutex mutex;
  std::deque<Completion> completions;
  std::map<std::uint64_t, InFlight> in_flight;  // by delivery tag, current connection only
  std::uint64_t generation = 0;                 // bumps on every reconnect: old tags are void
  ConsumerStats stats;

  Impl(Options o, MessageHandler& h, state::StateStore* r)
      : options(std::move(o)), handler(h), redeliveries(r), pool(static_cast<std::size_t>(std::max(1, options.threads))) {}

  void count(const char* outcome) {
    metrics::registry().counter_add("arrakis_messages_total", {{"queue", options.queue}, {"outcome", outcome}});
  }

  // Copies awaiting their confirm, on the current settle connection.
  PendingCopies pending;
  // Pool threads write here when a handler finished, so the consumer thread wakes at once instead of
  // at its next poll timeout.
  int wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

  ~Impl() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
  }

  // Publishes a copy of `m` on the settle connection without waiting for its confirm; the original
  // is acked (or rejected) in take_confirms() when the broker answers.
  void publish_copy(amqp::Connection& conn, amqp::Connection& pub, const std::string& exchange, const std::string& key,
                    const amqp::Message& m, amqp::Table headers, const std::string& expiration, bool requeue_on_nack) {
    amqp::PublishOptions o;
    o.priority = m.priority;
    o.message_id = m.message_id;
    o.headers = std::move(headers);
    o.expiration = expiration;
    try {
      const auto seq = pub.publish(exchange, key, m.body, o);
      pending.add(seq, {m.delivery_tag, requeue_on_nack, std::chrono::steady_clock::now()});
    } catch (const amqp::AmqpError& e) {
      // Never lost: a refused retry goes back to the queue, a refused dead letter to the queue's own
      // dead-letter exchange (without the reason). The settle connection is broken: reconnect.
      spdlog::error("{}: could not publish a copy of {} ({}); {} it", options.queue, m.message_id, e.what(),
                    requeue_on_nack ? "requeueing" : "rejecting");
      conn.reject(m.delivery_tag, requeue_on_nack);
      throw;
    }
  }

  // Settles the originals whose copies the broker has answered.
  void take_confirms(amqp::Connection& conn, amqp::Connection& pub) {
    for (const auto& confirm : pub.poll_confirms(std::chrono::milliseconds(0))) {
      for (const auto& settled : pending.apply(confirm)) {
        if (settled.confirmed) {
          conn.ack(settled.copy.delivery_tag);
        } else {
          spdlog::error("{}: the broker refused a copy; {} the original", options.queue,
                        settled.copy.requeue_on_nack ? "requeueing" : "rejecting");
          conn.reject(settled.copy.delivery_tag, settled.copy.requeue_on_nack);
        }
      }
    }
    if (const auto oldest = pending.oldest(); oldest && std::chrono::steady_clock::now() - *oldest > kConfirmTimeout) {
      throw amqp::AmqpError("no publisher confirm for a settle copy within " + std::to_string(kConfirmTimeout.count()) +
                            " s");
    }
  }

  void dead_letter(amqp::Connection& conn, amqp::Connection& pub, const amqp::Message& m, const Outcome& outcome) {
    amqp::Table headers = m.headers;
    headers[kReasonHeader] = outcome.reason.substr(0, 1000);
    headers["x-arrakis-queue"] = options.queue;
    headers["x-arrakis-routing-key"] = m.routing_key;
    headers["x-arrakis-failed-at"] = now_ms();
    if (!outcome.plugin.empty()) headers["x-arrakis-plugin"] = outcome.plugin;
    ++stats.dead_lettered;
    count("dead_letter");
    spdlog::warn("{}: message {} dead-lettered: {}", options.queue, m.message_id, outcome.reason);
    publish_copy(conn, pub, std::string(topology::kDeadLetterExchange), std::string(topology::kDeadLetterRoutingKey), m,
                 std::move(headers), "", false);
  }

  void settle(amqp::Connection& conn, amqp::Connection& pub, const amqp::Message& m, const Outcome& outcome) {
    switch (outcome.kind) {
      case Outcome::Kind::ack:
        conn.ack(m.delivery_tag);
        ++stats.acked;
        count("ack");
        return;
      case Outcome::Kind::dead_letter: return dead_letter(conn, pub, m, outcome);
      case Outcome::Kind::retry: {
        const auto attempt = attempts_of(m) + 1;
        if (attempt >= options.max_attempts) {
          return dead_letter(conn, pub, m,
                             Outcome::dead("gave up after " + std::to_string(attempt) + " attempts: " + outcome.reason,
                                           outcome.plugin));
        }
        amqp::Table headers = m.headers;
        headers[kAttemptsHeader] = attempt;
        headers["x-arrakis-last-error"] = outcome.reason.substr(0, 1000);
        const auto& b = options.backoff;
        const auto delay = b.empty() ? std::chrono::milliseconds(1000) : b[std::min<std::size_t>(attempt - 1, b.size() - 1)];
        ++stats.retried;
        count("retry");
        spdlog::info("{}: message {} retried in {} ms (attempt {}): {}", options.queue, m.message_id, delay.count(),
                     attempt, outcome.reason);
        publish_copy(conn, pub, "", retry_queue(options.queue, delay), m, std::move(headers), "", true);
        return;
      }
    }
  }

  void declare_retry_queues(amqp::Connection& conn) {
    const amqp::Table back = {{"x-dead-letter-exchange", std::string("")}, {"x-dead-letter-routing-key", options.queue}};
    conn.declare_queue(legacy_retry_queue(options.queue), back);
    std::vector<std::chrono::milliseconds> steps = options.backoff;
    if (steps.empty()) steps.push_back(std::chrono::milliseconds(1000));
    for (const auto step : steps) {
      amqp::Table args = back;
      args["x-message-ttl"] = static_cast<std::int64_t>(step.count());
      conn.declare_queue(retry_queue(options.queue, step), args);
    }
  }

  // A message the broker redelivered (its consumer died) too often is a poison message.
  bool poisoned(const amqp::Message& m) {
    if (!m.redelivered || !redeliveries) return false;
    try {
      const auto n = redeliveries->increment("redelivered:" + options.queue + ":" + redelivery_key(m), 1,
                                             std::chrono::hours(24));
      return n >= options.max_attempts;
    } catch (const std::exception&) {
      return false;  // cannot count without Redis: let it through
    }
  }

  void submit(amqp::Message message) {
    const auto tag = message.delivery_tag;
    std::uint64_t gen;
    {
      std::lock_guard lock(mutex);
      gen = generation;
      in_flight[tag] = InFlight{message, std::chrono::steady_clock::now() + options.budget};
      ++stats.received;
    }
    boost::asio::post(pool, [this, gen, tag, msg = std::move(message)] {
      Outcome outcome;
      try {
        outcome = handler.handle(msg);
      } catch (const std::exception& e) {
        outcome = Outcome::retry(std::string("handler failed: ") + e.what());
      }
      {
        std::lock_guard lock(mutex);
        completions.push_back({gen, tag, std::move(outcome)});
      }
      wake();
    });
  }

  void settle_completions(amqp::Connection& conn, amqp::Connection& pub) {
    std::deque<Completion> done;
    {
      std::lock_guard lock(mutex);
      done.swap(completions);
    }
    for (auto& c : done) {
      amqp::Message message;
      {
        std::lock_guard lock(mutex);
        if (c.generation != generation) continue;  // its connection is gone: the broker redelivers it
        auto it = in_flight.find(c.tag);
        if (it == in_flight.end()) continue;
        const bool abandoned = it->second.abandoned;
        message = std::move(it->second.message);
        in_flight.erase(it);
        if (abandoned) continue;  // settled when it ran over budget
      }
      settle(conn, pub, message, c.outcome);
    }
  }

  void enforce_budgets(amqp::Connection& conn, amqp::Connection& pub) {
    std::vector<amqp::Message> late;
    {
      std::lock_guard lock(mutex);
      const auto now = std::chrono::steady_clock::now();
      for (auto& [tag, f] : in_flight) {
        if (!f.abandoned && now > f.deadline) {
          f.abandoned = true;
          late.push_back(f.message);
        }
      }
    }
    for (const auto& m : late) {
      ++stats.over_budget;
      metrics::registry().counter_add("arrakis_plugin_over_budget_total", {{"queue", options.queue}});
      spdlog::error("{}: message {} exceeded its {} ms budget; retrying it", options.queue, m.message_id,
                    options.budget.count());
      settle(conn, pub, m, Outcome::retry("plugin call exceeded its time budget"));
    }
  }

  void run() {
    std::chrono::milliseconds backoff(1000);
    while (!stopping) {
      try {
        auto conn = amqp::Connection::open(options.amqp_url);
        auto pub = amqp::Connection::open(options.amqp_url);
        pub.enable_confirms();
        topology::declare_topology(conn);
        declare_retry_queues(conn);
        conn.set_prefetch(static_cast<std::uint16_t>(options.prefetch));
        conn.consume(options.queue);
        {
          std::lock_guard lock(mutex);
          stats.connected = true;
        }
        backoff = std::chrono::milliseconds(1000);
        spdlog::info("consuming {} (prefetch {})", options.queue, options.prefetch);
        while (!stopping) {
          settle_completions(conn, pub);
          take_confirms(conn, pub);
          enforce_budgets(conn, pub);
          wait_for_work(conn, pub);
          // Everything the broker has sent so far (the prefetch bounds it).
          while (auto m = conn.next_message(std::chrono::milliseconds(0))) {
            // Checked before any handler parses the body: too big or too deep cannot be handled
            // safely, and would fail the same way on every replica.
            if (auto why = json_limit_violation(m->body, options.json_limits)) {
              dead_letter(conn, pub, *m, Outcome::dead("refused before parsing: " + *why));
              continue;
            }
            if (poisoned(*m)) {
              dead_letter(conn, pub, *m, Outcome::dead("poison message: redelivered too many times"));
              continue;
            }
            submit(std::move(*m));
          }
        }
        drain(conn, pub);
        return;
      } catch (const std::exception& e) {
        {
          std::lock_guard lock(mutex);
          stats.connected = false;
          ++stats.reconnects;
          ++generation;  // tags of the lost connection are void; the broker redelivers those messages
          in_flight.clear();
          pending.clear();
        }
        spdlog::error("{}: RabbitMQ connection lost ({}); reconnecting in {} ms", options.queue, e.what(), backoff.count());
        for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping; waited += std::chrono::milliseconds(50)) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
      }
    }
  }

  // Sleeps until a delivery or a confirm arrives, a handler finishes, or kIdleWait passes.
  void wait_for_work(amqp::Connection& conn, amqp::Connection& pub) {
    if (conn.has_buffered_input() || pub.has_buffered_input()) return;
    pollfd fds[3] = {{conn.socket_fd(), POLLIN, 0}, {pub.socket_fd(), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    if (::poll(fds, 3, static_cast<int>(kIdleWait.count())) > 0 && (fds[2].revents & POLLIN)) {
      std::uint64_t ignored;
      [[maybe_unused]] const auto n = ::read(wake_fd, &ignored, sizeof ignored);
    }
  }

  std::chrono::steady_clock::time_point drain_deadline;
  void drain(amqp::Connection& conn, amqp::Connection& pub) {
    while (std::chrono::steady_clock::now() < drain_deadline) {
      settle_completions(conn, pub);
      take_confirms(conn, pub);
      {
        std::lock_guard lock(mutex);
        if (in_flight.empty() && pending.empty()) break;
      }
      wait_for_work(conn, pub);
    }
    std::lock_guard lock(mutex);
    if (!in_flight.empty()) {
      spdlog::warn("{}: {} message(s) still running at shutdown; the broker will redeliver them", options.queue,
                   in_flight.size());
    }
    stats.connected = false;
  }
};

QueueConsumer::QueueConsumer(Options options, MessageHandler& handler, state::StateStore* redeliveries)
    : impl_(std::make_unique<Impl>(std::move(options), handler, redeliveries)) {}

QueueConsumer::~QueueConsumer() { stop(std::chrono::seconds(5)); }

void QueueConsumer::start() {
  impl_->thread = std::thread([this] { impl_->run(); });
}

void QueueConsumer::stop(std::chrono::milliseconds drain) {
  if (!impl_->thread.joinable()) return;
  impl_->drain_deadline = std::chrono::steady_clock::now() + drain;
  impl_->stopping = true;
  impl_->thread.join();
  impl_->pool.join();
}

ConsumerStats QueueConsumer::stats() const {
  std::lock_guard lock(impl_->mutex);
  ConsumerStats s = impl_->stats;
  s.in_flight = impl_->in_flight.size();
  return s;
}

}  // namespace arrakis::worker
