#include "arrakis/topology.hpp"

namespace arrakis::topology {

const Topology& canonical() {
  static const Topology topology = [] {
    const std::string events(kEventsExchange), dlx(kDeadLetterExchange), control(kControlExchange);
    const std::string interactions(kInteractionsQueue), guild(kGuildEventsQueue), dlq(kDeadLetterQueue);
    const amqp::Table dead_letter{{"x-dead-letter-exchange", dlx},
                                  {"x-dead-letter-routing-key", std::string(kDeadLetterRoutingKey)}};
    amqp::Table interaction_arguments = dead_letter;
    interaction_arguments["x-max-priority"] = std::int64_t{kMaxPriority};
    Topology t;
    t.exchanges = {{events, "topic"}, {dlx, "direct"}, {control, "fanout"}};
    t.queues = {{interactions, interaction_arguments},
                {guild, dead_letter},
                {dlq, {{"x-message-ttl", std::int64_t{kDeadLetterTtlMs}}}}};
    // message.# and reaction.# feed activity tracking (decision D8).
    t.bindings = {{events, interactions, "interaction.#"},
                  {events, guild, "member.#"},
                  {events, guild, "guild.#"},
                  {events, guild, "message.#"},
                  {events, guild, "reaction.#"},
                  // Plugin-to-plugin events and job items, both relayed from the outbox.
                  {events, guild, std::string(kInternalEventsBinding)},
                  {events, guild, std::string(kJobItemsBinding)},
                  {dlx, dlq, std::string(kDeadLetterRoutingKey)}};
    return t;
  }();
  return topology;
}

void declare_topology(amqp::Connection& connection) {
  const auto& t = canonical();
  for (const auto& exchange : t.exchanges) connection.declare_exchange(exchange.name, exchange.type, true);
  for (const auto& queue : t.queues) connection.declare_queue(queue.name, queue.arguments, true);
  for (const auto& binding : t.bindings) connection.bind_queue(binding.queue, binding.exchange, binding.routing_key);
}

}  // namespace arrakis::topology
