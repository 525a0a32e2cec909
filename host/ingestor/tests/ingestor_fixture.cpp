#include "ingestor_fixture.hpp"

#include <random>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"

namespace arrakis::ingestor::testing {

void IngestorTest::SetUp() {
  const std::string url = arrakis::testing::rabbitmq_url();
  ASSERT_FALSE(url.empty());
  broker = std::make_unique<amqp::Connection>(amqp::Connection::open(url));
  topology::declare_topology(*broker);
  broker->purge_queue(std::string(topology::kInteractionsQueue));
  broker->purge_queue(std::string(topology::kGuildEventsQueue));
}

void IngestorTest::TearDown() {
  if (ingestor && ingestor->running()) stop_ingestor();
  sim.reset();
}

void IngestorTest::start_sim(int guilds, int members) {
  discord_sim::Options o;
  o.guilds = guilds;
  o.members_per_guild = members;
  o.seed = 7;
  o.heartbeat_ms = 1000;
  o.time_factor = 100;  // identify window 50 ms
  o.bot_token = "ingestor-test-token";
  o.rest_threads = 2;
  o.replay_capacity = 20000;
  sim = std::make_unique<discord_sim::Simulator>(o);
}

void IngestorTest::start_ingestor(const std::map<std::string, std::string>& extra) {
  http_port = arrakis::testing::free_port();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  log_path = std::string(::testing::TempDir()) + "ingestor-" + info->name() + ".log";
  std::map<std::string, std::string> env{{"RABBITMQ_URL", arrakis::testing::rabbitmq_url()},
                                         {"DISCORD_BOT_TOKEN", "ingestor-test-token"},
                                         {"DISCORD_APPLICATION_ID", "1"},
                                         {"DISCORD_API_BASE", sim->api_base()},
                                         {"ARRAKIS_INGESTOR_HTTP_PORT", std::to_string(http_port)},
                                         {"ARRAKIS_GATEWAY_TIME_FACTOR", "100"},
                                         {"ARRAKIS_LOG_FORMAT", "text"},
                                         {"ARRAKIS_LOG_LEVEL", "info"}};
  for (const auto& [k, v] : extra) env[k] = v;
  ingestor = std::make_unique<arrakis::testing::ChildProcess>(ARRAKIS_INGESTOR_BIN, std::vector<std::string>{}, env, log_path);
  ASSERT_TRUE(wait_for([&] {
    try {
      auto r = arrakis::testing::http_request("127.0.0.1", http_port, "GET", "/health");
      return r.status == 200;
    } catch (const std::exception&) {
      return false;
    }
  })) << "the ingestor did not become healthy; log:\n" << ingestor->log();
}

int IngestorTest::stop_ingestor() {
  const int status = ingestor->stop(std::chrono::seconds(40));
  return status;
}

std::vector<Received> IngestorTest::drain(const std::string& queue, std::size_t count, std::chrono::milliseconds timeout) {
  std::vector<Received> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto m = broker->get(queue, true);
    if (!m) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    Received r;
    r.body = nlohmann::json::parse(m->body);
    r.message = std::move(*m);
    out.push_back(std::move(r));
  }
  return out;
}

double IngestorTest::metric(const std::string& series) {
  auto r = arrakis::testing::http_request("127.0.0.1", http_port, "GET", "/metrics");
  const auto at = r.body.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::stod(r.body.substr(at + series.size() + 2));
}

bool IngestorTest::wait_for(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

std::uint64_t IngestorTest::guild(std::size_t index) const { return sim->model().guild_ids().at(index); }

std::uint64_t IngestorTest::human(std::uint64_t guild_id) {
  std::mt19937_64 rng(guild_id);
  return sim->model().random_member(guild_id, rng)->user.id;
}

void IngestorTest::dispatch(const std::string& type, std::optional<std::uint64_t> guild_id, const nlohmann::json& d) {
  discord_sim::Dispatch event;
  event.type = type;
  event.guild_id = guild_id;
  event.data = d.dump();
  sim->gateway().dispatch(std::move(event));
}

}  // namespace arrakis::ingestor::testing
