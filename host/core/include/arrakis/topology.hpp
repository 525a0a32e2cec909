#pragma once
// The RabbitMQ topology of Arrakis, in one place: the names every program and test uses, and the
// full description that declare_topology() applies from code. infrastructure/rabbitmq/
// definitions.json describes the same objects for operators (setup-topology.sh); an integration
// test checks that the two agree.
#include <string>
#include <string_view>
#include <vector>

#include "arrakis/amqp.hpp"

namespace arrakis::topology {

// Exchanges
inline constexpr std::string_view kEventsExchange = "arrakis.events";    // topic: the ingestor publishes here
inline constexpr std::string_view kDeadLetterExchange = "arrakis.dlx";   // direct: rejected / expired messages
inline constexpr std::string_view kControlExchange = "arrakis.control";  // fanout: fleet control (plugin versions)

// Queues
inline constexpr std::string_view kInteractionsQueue = "arrakis.interactions";  // priority 0-10
inline constexpr std::string_view kGuildEventsQueue = "arrakis.events.guild";
inline constexpr std::string_view kDeadLetterQueue = "arrakis.dlq";  // kept 7 days

inline constexpr std::string_view kDeadLetterRoutingKey = "dead";
// Routing keys the outbox relay publishes, both consumed from kGuildEventsQueue:
// internal.<name> (plugin-to-plugin events) and job.<plugin>.<schedule> (one item of a job firing).
inline constexpr std::string_view kInternalEventsBinding = "internal.#";
inline constexpr std::string_view kJobItemsBinding = "job.#";
inline constexpr int kMaxPriority = 10;
inline constexpr long long kDeadLetterTtlMs = 604'800'000;  // 7 days

struct Exchange {
  std::string name;
  std::string type;
};
struct Queue {
  std::string name;
  amqp::Table arguments;
};
struct Binding {
  std::string exchange;
  std::string queue;
  std::string routing_key;
};
struct Topology {
  std::vector<Exchange> exchanges;
  std::vector<Queue> queues;
  std::vector<Binding> bindings;
};

// Every exchange, queue (with its arguments) and binding, all durable.
const Topology& canonical();

// Declares canonical() on `connection`, so a program works against a fresh broker. Declaring what
// already exists with the same arguments changes nothing; a queue that exists with different
// arguments makes the broker close the channel and this throws amqp::AmqpError naming the queue.
void declare_topology(amqp::Connection& connection);

}  // namespace arrakis::topology
