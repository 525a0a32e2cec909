#pragma once
// RAII wrapper of one rabbitmq-c connection with one channel (channel 1).
// Not thread-safe: one connection per thread, as rabbitmq-c requires.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "arrakis/tls.hpp"

namespace arrakis::amqp {

class AmqpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using FieldValue = std::variant<std::string, std::int64_t, bool>;
using Table = std::map<std::string, FieldValue>;

struct PublishOptions {
  std::uint8_t priority = 0;
  bool persistent = true;
  bool mandatory = false;
  std::string message_id;
  std::string content_type = "application/json";
  Table headers;
  std::string expiration;  // per-message TTL in ms, as text ("" = none)
};

struct Message {
  std::string body;
  std::string routing_key;
  std::string exchange;
  std::string message_id;
  std::uint8_t priority = 0;
  Table headers;
  std::uint64_t delivery_tag = 0;
  bool redelivered = false;
};

// The broker's answer to one publish on a confirm channel.
struct Confirm {
  enum class Kind { ack, nack, returned } kind;
  std::uint64_t sequence;  // publish sequence number; for `multiple` acks every seq <= this one
  bool multiple = false;
  std::string reply_text;  // for returned messages
};

class Connection {
 public:
  // Connects, logs in and opens channel 1. Throws AmqpError naming the broker address
  // (never the password). amqps:// connects over TLS with the process's default_amqp_tls() files:
  // the server's certificate must chain to the CA and name the URL's host (docs/security.md).
  static Connection open(const std::string& url, std::chrono::seconds heartbeat = std::chrono::seconds(30),
                         std::chrono::milliseconds connect_timeout = std::chrono::seconds(5));
  static Connection open(const std::string& url, const TlsFiles& tls,
                         std::chrono::seconds heartbeat = std::chrono::seconds(30),
                         std::chrono::milliseconds connect_timeout = std::chrono::seconds(5));
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  void declare_exchange(const std::string& name, const std::string& type, bool durable = true);
  // One round trip to the broker (a passive declare of amq.direct); throws when it is gone.
  void ping();
  // passive=true only checks that the queue exists (never changes its arguments).
  // Returns the number of messages ready in the queue.
  std::uint32_t declare_queue(const std::string& name, const Table& arguments = {}, bool durable = true,
                              bool passive = false);
  void bind_queue(const std::string& queue, const std::string& exchange, const std::string& routing_key);
  void purge_queue(const std::string& queue);
  void delete_queue(const std::string& queue);

  // Publisher confirms: after this, publish() returns increasing sequence numbers (1, 2, ...).
  void enable_confirms();
  std::uint64_t publish(const std::string& exchange, const std::string& routing_key, const std::string& body,
                        const PublishOptions& options = {});
  // Reads the confirms (and returns) that arrive within `timeout`; empty when none came.
  std::vector<Confirm> poll_confirms(std::chrono::milliseconds timeout);
  // Convenience: waits until `sequence` is acked (true) or nacked/returned (false). Throws on timeout.
  bool wait_for_confirm(std::uint64_t sequence, std::chrono::milliseconds timeout);

  void set_prefetch(std::uint16_t count);
  std::string consume(const std::string& queue, bool no_ack = false);
  std::optional<Message> next_message(std::chrono::milliseconds timeout);
  // Single message pull (basic.get); nullopt when the queue is empty.
  std::optional<Message> get(const std::string& queue, bool no_ack = false);
  void ack(std::uint64_t delivery_tag);
  void reject(std::uint64_t delivery_tag, bool requeue);

  // For event loops that wait on several sources with poll(): the socket, and whether rabbitmq-c
  // already holds input (decoded frames or unread bytes) that the socket would no longer signal.
  int socket_fd() const;
  bool has_buffered_input() const;

  // True while the socket and the channel are open as far as this side knows.
  bool is_open() const;
  const std::string& endpoint() const;  // host:port, for messages

 private:
  struct State;
  explicit Connection(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace arrakis::amqp
