#pragma once
// Consumes one queue with manual acks and a prefetch, runs each message's handler on a thread
// pool, and settles it on the consumer thread (rabbitmq-c connections are single-threaded):
//   ack         -> basic.ack
//   retry       -> a copy goes to <queue>.retry.<N>ms, the retry queue of its back-off step (the step
//                  is that queue's TTL, so no copy waits behind a longer one), whose dead-letter
//                  target is the queue again; then ack. After max_attempts: dead-letter.
//   dead_letter -> a copy with the reason in its headers goes to arrakis.dlx/"dead" (-> arrakis.dlq),
//                  confirmed, then ack. Nothing is acked before its copy is confirmed.
// Copies are published on a second connection with publisher confirms that are collected as they
// come (PendingCopies), so a burst of dead letters never stalls reading. The consumer thread sleeps
// in poll() on both sockets and an eventfd that the pool threads signal when a handler is done.
// A message redelivered by the broker (a worker died holding it) more than max_attempts times is
// dead-lettered (poison guard, counted in Redis by message id, or by body hash when it has none).
// A body over the JSON size or depth limits (arrakis/json_limits.hpp) is dead-lettered before any
// handler sees it. A handler over its time budget is reported and
// its message retried; its late completion is ignored.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "arrakis/amqp.hpp"
#include "arrakis/json_limits.hpp"
#include "message/outcome.hpp"

namespace arrakis::state {
class StateStore;
}

namespace arrakis::worker {

// How many times the message was already retried by a consumer (0 for a first delivery).
std::int64_t attempts_of(const amqp::Message& message);

class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  // Runs on a pool thread. Must not throw (exceptions become a retry).
  virtual Outcome handle(const amqp::Message& message) = 0;
};

struct ConsumerStats {
  std::uint64_t received = 0, acked = 0, retried = 0, dead_lettered = 0, over_budget = 0, reconnects = 0;
  std::size_t in_flight = 0;
  bool connected = false;
};

class QueueConsumer {
 public:
  struct Options {
    std::string amqp_url;
    std::string queue;
    int prefetch = 10;
    int threads = 8;
    int max_attempts = 5;
    std::chrono::milliseconds budget{10000};
    JsonLimits json_limits;
    std::vector<std::chrono::milliseconds> backoff{std::chrono::seconds(1), std::chrono::seconds(5),
                                                   std::chrono::seconds(30), std::chrono::minutes(2)};
  };

  QueueConsumer(Options options, MessageHandler& handler, state::StateStore* redeliveries);
  ~QueueConsumer();
  QueueConsumer(const QueueConsumer&) = delete;
  QueueConsumer& operator=(const QueueConsumer&) = delete;

  void start();
  // Stops taking messages, waits up to `drain` for handlers in flight and settles them; what is
  // still unsettled is returned to the queue by the broker when the connection closes.
  void stop(std::chrono::milliseconds drain);
  ConsumerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::worker
