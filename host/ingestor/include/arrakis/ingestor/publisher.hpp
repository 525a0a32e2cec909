#pragma once
// Publishes buffered events to RabbitMQ on its own thread (rabbitmq-c is not thread-safe): a
// confirm channel, persistent messages with `mandatory`, a bounded window of unconfirmed
// publishes kept full (pipelined), nacks and returns retried, and reconnection with exponential
// back-off (1, 2, 4 ... 30 s) that declares the topology again. An event leaves the buffer only
// when the broker has confirmed it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/metrics.hpp"
#include "arrakis/ingestor/status.hpp"

namespace arrakis::ingestor {

struct PublisherOptions {
  std::string url;              // amqp://...
  std::size_t window = 256;     // unconfirmed publishes at most
  std::string exchange;         // default: arrakis.events
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{30000};
  int max_return_attempts = 10;  // an event returned unroutable this often is logged and counted as dropped
  bool declare_topology = true;
};

// The n-th back-off delay (n = 1, 2, ...): initial * 2^(n-1), capped at max.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial, std::chrono::milliseconds max);

class Publisher {
 public:
  Publisher(PublisherOptions options, EventBuffer& buffer, Metrics& metrics);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  void start();
  // Ends the thread; events still buffered stay in the buffer (call after draining it).
  void stop();
  PublisherStatus status() const;

 private:
  void run();
  bool connect();
  void sleep_for(std::chrono::milliseconds delay);

  PublisherOptions options_;
  EventBuffer& buffer_;
  Metrics& metrics_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;

  std::atomic<bool> connected_{false};
  std::atomic<bool> channel_open_{false};
  std::atomic<std::uint64_t> published_{0}, confirmed_{0}, nacked_{0}, returned_{0}, errors_{0}, dropped_{0},
      in_flight_{0};
};

}  // namespace arrakis::ingestor
