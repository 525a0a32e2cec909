// The RabbitMQ topology (issue 4 item 1) against the live broker: setup-topology.sh applied twice
// gives exactly the objects of the design; routing and dead-lettering work end to end; the code
// path (declare_topology) and the operator path (definitions.json) describe the same topology.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>
#include <tuple>

#include "arrakis/amqp.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "management_api.hpp"

using nlohmann::json;
using namespace arrakis;
using namespace std::chrono_literals;

namespace {

const std::string kScript = ARRAKIS_SOURCE_ROOT "/infrastructure/rabbitmq/setup-topology.sh";
const std::string kDefinitions = ARRAKIS_SOURCE_ROOT "/infrastructure/rabbitmq/definitions.json";

struct ScriptResult {
  int exit_code;
  std::string output;
};

// Runs the script with `env_prefix` (VAR=value ...) in front; stdout and stderr together.
ScriptResult run_script(const std::string& env_prefix = {}) {
  const std::string command = env_prefix + " '" + kScript + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::string output;
  std::array<char, 512> buffer{};
  while (auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

json to_json(const amqp::Table& table) {
  json out = json::object();
  for (const auto& [key, value] : table) std::visit([&, k = key](const auto& v) { out[k] = v; }, value);
  return out;
}

using BindingKey = std::tuple<std::string, std::string, std::string>;  // exchange, queue, routing key

std::set<BindingKey> canonical_bindings() {
  std::set<BindingKey> out;
  for (const auto& b : topology::canonical().bindings) out.emplace(b.exchange, b.queue, b.routing_key);
  return out;
}

// What the broker holds on `vhost`, for the queues of the design, read through the management API.
void expect_canonical_topology_on(const arrakis::testing::ManagementApi& api, const std::string& vhost) {
  const auto v = arrakis::testing::encode_path_segment(vhost);
  for (const auto& exchange : topology::canonical().exchanges) {
    auto e = api.get("/exchanges/" + v + "/" + exchange.name);
    EXPECT_EQ(e.value("type", ""), exchange.type) << exchange.name;
    EXPECT_TRUE(e.value("durable", false)) << exchange.name;
    EXPECT_FALSE(e.value("auto_delete", true)) << exchange.name;
  }
  std::set<std::string> queues;
  for (const auto& queue : topology::canonical().queues) {
    queues.insert(queue.name);
    auto q = api.get("/queues/" + v + "/" + queue.name);
    EXPECT_TRUE(q.value("durable", false)) << queue.name;
    EXPECT_EQ(q["arguments"], to_json(queue.arguments)) << queue.name;
  }
  std::set<BindingKey> found;
  for (const auto& b : api.get("/bindings/" + v)) {
    if (b["source"] == "" || !queues.count(b["destination"])) continue;  // "" = the default exchange
    found.emplace(b["source"], b["destination"], b["routing_key"]);
  }
  EXPECT_EQ(found, canonical_bindings());
}

class Topology : public ::testing::Test {
 protected:
  void SetUp() override {
    management_url_ = arrakis::testing::rabbitmq_management_url();
    amqp_url_ = arrakis::testing::rabbitmq_url();
    ASSERT_FALSE(management_url_.empty());
    ASSERT_FALSE(amqp_url_.empty());
    api_.emplace(management_url_);
  }
  std::string management_url_, amqp_url_;
  std::optional<arrakis::testing::ManagementApi> api_;
};

TEST_F(Topology, ScriptAppliedTwiceLeavesExactlyTheDesignedTopology) {
  for (int run = 0; run < 2; ++run) {
    auto result = run_script();
    ASSERT_EQ(result.exit_code, 0) << "run " << run << ": " << result.output;
  }
  expect_canonical_topology_on(*api_, "/");
  // The literal values of the design, so a typo in canonical() cannot hide behind itself.
  auto interactions = api_->get("/queues/%2F/arrakis.interactions")["arguments"];
  EXPECT_EQ(interactions["x-max-priority"], 10);
  EXPECT_EQ(interactions["x-dead-letter-exchange"], "arrakis.dlx");
  EXPECT_EQ(interactions["x-dead-letter-routing-key"], "dead");
  EXPECT_EQ(api_->get("/queues/%2F/arrakis.dlq")["arguments"]["x-message-ttl"], 604800000);
  EXPECT_EQ(api_->get("/exchanges/%2F/arrakis.control")["type"], "fanout");
}

TEST_F(Topology, MemberJoinIsRoutedToGuildEventsAndARejectionLandsInTheDlq) {
  ASSERT_EQ(run_script().exit_code, 0);
  auto conn = amqp::Connection::open(amqp_url_);
  // Shared well-known queues: start from empty so what we read is what we sent.
  conn.purge_queue(std::string(topology::kGuildEventsQueue));
  conn.purge_queue(std::string(topology::kDeadLetterQueue));
  conn.enable_confirms();
  const std::string body = R"({"eventId":"topology-test-)" + std::to_string(::getpid()) + R"("})";
  amqp::PublishOptions options;
  options.mandatory = true;  // unroutable would come back as "returned", not silently vanish
  const auto seq = conn.publish(std::string(topology::kEventsExchange), "member.join", body, options);
  ASSERT_TRUE(conn.wait_for_confirm(seq, 5s)) << "member.join was not routed";

  auto delivered = conn.get(std::string(topology::kGuildEventsQueue));
  ASSERT_TRUE(delivered) << "member.join did not reach " << topology::kGuildEventsQueue;
  EXPECT_EQ(delivered->body, body);
  EXPECT_EQ(delivered->routing_key, "member.join");
  conn.reject(delivered->delivery_tag, /*requeue=*/false);

  // Dead-lettering is asynchronous inside the broker: wait for it, with a deadline.
  std::optional<amqp::Message> dead;
  for (int i = 0; i < 100 && !dead; ++i) {
    dead = conn.get(std::string(topology::kDeadLetterQueue));
    if (!dead) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(dead) << "the rejected message never reached " << topology::kDeadLetterQueue;
  EXPECT_EQ(dead->body, body);
  EXPECT_EQ(dead->routing_key, topology::kDeadLetterRoutingKey);
  conn.ack(dead->delivery_tag);
}

TEST_F(Topology, EveryEventFamilyHasAQueueAndMessageCreateIsNotDropped) {
  ASSERT_EQ(run_script().exit_code, 0);
  auto conn = amqp::Connection::open(amqp_url_);
  conn.enable_confirms();
  // Mandatory publishes come back "returned" when nothing is bound for the key.
  for (const std::string key : {"interaction.command.stats", "member.leave", "guild.join", "message.create",
                                "reaction.add"}) {
    amqp::PublishOptions options;
    options.mandatory = true;
    options.expiration = "1";  // do not leave test traffic for a worker to find
    options.message_id = "topology-test-" + key;  // how a returned message is matched to its publish
    EXPECT_TRUE(conn.wait_for_confirm(conn.publish(std::string(topology::kEventsExchange), key, "{}", options), 5s))
        << key << " is not routed to any queue";
  }
  amqp::PublishOptions options;
  options.mandatory = true;
  options.message_id = "topology-test-unroutable";
  EXPECT_FALSE(conn.wait_for_confirm(conn.publish(std::string(topology::kEventsExchange), "nobody.listens", "{}", options), 5s));
}

TEST_F(Topology, CodeAndDefinitionsFileDeclareTheSameTopologyOnAFreshBroker) {
  // A fresh virtual host stands in for a fresh broker.
  const std::string vhost = "arrakis-topology-" + std::to_string(::getpid());
  ASSERT_LT(api_->request("PUT", "/vhosts/" + vhost), 300);
  ASSERT_LT(api_->request("PUT", "/permissions/" + vhost + "/guest", nullptr,
                          R"({"configure":".*","write":".*","read":".*"})"),
            300);
  auto amqp_vhost_url = amqp_url_;
  if (amqp_vhost_url.back() != '/') amqp_vhost_url += '/';
  amqp_vhost_url += vhost;
  {
    // What the host programs do at start.
    auto conn = amqp::Connection::open(amqp_vhost_url);
    topology::declare_topology(conn);
    topology::declare_topology(conn);  // and again: idempotent
  }
  expect_canonical_topology_on(*api_, vhost);
  // The operator script then finds nothing to change (an argument mismatch would be refused).
  auto result = run_script("RABBITMQ_VHOST='" + vhost + "'");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  expect_canonical_topology_on(*api_, vhost);
  api_->request("DELETE", "/vhosts/" + vhost);
}

TEST_F(Topology, DefinitionsFileNamesExactlyTheCanonicalObjects) {
  std::ifstream in(kDefinitions);
  ASSERT_TRUE(in) << kDefinitions;
  const auto file = json::parse(in);
  std::set<std::pair<std::string, std::string>> exchanges, expected_exchanges;
  for (const auto& e : file["exchanges"]) exchanges.emplace(e["name"], e["type"]);
  for (const auto& e : topology::canonical().exchanges) expected_exchanges.emplace(e.name, e.type);
  EXPECT_EQ(exchanges, expected_exchanges);
  std::map<std::string, json> queues, expected_queues;
  for (const auto& q : file["queues"]) queues[q["name"]] = q["arguments"];
  for (const auto& q : topology::canonical().queues) expected_queues[q.name] = to_json(q.arguments);
  EXPECT_EQ(queues, expected_queues);
  std::set<BindingKey> bindings;
  for (const auto& b : file["bindings"]) bindings.emplace(b["source"], b["destination"], b["routing_key"]);
  EXPECT_EQ(bindings, canonical_bindings());
}

TEST_F(Topology, UnreachableBrokerIsAClearErrorWithoutThePassword) {
  auto result = run_script("RABBITMQ_MANAGEMENT_URL=http://guest:hunter2@127.0.0.1:1/api");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("cannot reach the RabbitMQ management API at http://127.0.0.1:1/api"), std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("hunter2"), std::string::npos) << result.output;
}

}  // namespace
