// arrakis-ingestor benchmarks (issue 6):
//  - Publish/ingestor: the ingestor's publisher (EventBuffer -> confirm window -> broker acks, the
//    same code the program runs) versus Publish/bare: rabbitmq-c alone, publishing the same bodies
//    with the same confirm window. Goal: ingestor >= 0.9x bare.
//  - Rss/shards:N: the real arrakis-ingestor against discord-sim with N shards x 1,000 guilds, its
//    resident memory once every guild.join is confirmed. Goal: <= 5 MB per extra shard.
// Run with the servers up:  eval "$(tools/dev services env)"; build/.../bench/ingestor/bench_ingestor
// Figures go to bench/results/ingestor.json.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/metrics.hpp"
#include "arrakis/ingestor/normaliser.hpp"
#include "arrakis/ingestor/publisher.hpp"
#include "arrakis/ingestor/uuid.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/topology.hpp"
#include "arrakis/url.hpp"

namespace {

using namespace arrakis::ingestor;
constexpr const char* kExchange = "arrakis.bench.ingestor";
constexpr const char* kQueue = "arrakis.bench.ingestor";
constexpr std::size_t kWindow = 256;
constexpr int kEvents = 20000;

std::string rabbitmq_url() {
  const char* url = std::getenv("RABBITMQ_URL");
  if (!url || !*url) {
    std::cerr << "RABBITMQ_URL is not set: start the servers with tools/dev services start and export them\n";
    std::exit(2);
  }
  return url;
}

// A realistic body: a normalised message.create.
std::vector<OutboundEvent> sample_events(int n) {
  std::vector<OutboundEvent> out;
  out.reserve(static_cast<std::size_t>(n));
  const nlohmann::json d = {{"id", "1200000000000000000"}, {"channel_id", "1100000000000000000"},
                            {"guild_id", "1000000000000000000"}, {"author", {{"id", "1300000000000000000"}}},
                            {"content", std::string(120, 'x')}, {"attachments", nlohmann::json::array()}, {"type", 0}};
  for (int i = 0; i < n; ++i) out.push_back(*normalise("MESSAGE_CREATE", d, 0, {uuid_v4(), 1700000000000 + i}));
  return out;
}

void prepare_bench_queue() {
  auto c = arrakis::amqp::Connection::open(rabbitmq_url());
  c.declare_exchange(kExchange, "topic", true);
  c.declare_queue(kQueue, {}, true);
  c.bind_queue(kQueue, kExchange, "#");
  c.purge_queue(kQueue);
}

void BM_PublishIngestor(benchmark::State& state) {
  prepare_bench_queue();
  const auto events = sample_events(kEvents);
  for (auto _ : state) {
    EventBuffer buffer(kEvents + 1);
    Metrics metrics;
    PublisherOptions o;
    o.url = rabbitmq_url();
    o.window = kWindow;
    o.exchange = kExchange;
    o.declare_topology = false;
    Publisher publisher(o, buffer, metrics);
    publisher.start();
    while (!publisher.status().connected) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto batch = events;  // copied outside the timed part; moved into the buffer inside it
    const auto start = std::chrono::steady_clock::now();
    for (auto& e : batch) buffer.try_push(e);
    buffer.wait_until_empty(std::chrono::steady_clock::now() + std::chrono::minutes(5));
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    publisher.stop();
    if (publisher.status().confirmed != static_cast<std::uint64_t>(kEvents)) state.SkipWithError("not every event was confirmed");
    state.PauseTiming();
    prepare_bench_queue();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
}

// rabbitmq-c with nothing around it: publish while the window has room, read acks, repeat.
void BM_PublishBare(benchmark::State& state) {
  prepare_bench_queue();
  const auto events = sample_events(kEvents);
  const auto url = *arrakis::parse_service_url(rabbitmq_url());
  for (auto _ : state) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn);
    amqp_socket_open(socket, url.host.c_str(), url.port);
    amqp_login(conn, "/", 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, url.user.c_str(), url.password.c_str());
    amqp_channel_open(conn, 1);
    amqp_get_rpc_reply(conn);
    amqp_confirm_select(conn, 1);
    amqp_get_rpc_reply(conn);
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t sent = 0, acked = 0;
    while (acked < static_cast<std::uint64_t>(kEvents)) {
      while (sent < static_cast<std::uint64_t>(kEvents) && sent - acked < kWindow) {
        const auto& e = events[sent];
        amqp_basic_properties_t props{};
        props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_PRIORITY_FLAG |
                       AMQP_BASIC_MESSAGE_ID_FLAG;
        props.content_type = amqp_cstring_bytes("application/json");
        props.delivery_mode = 2;
        props.priority = e.priority;
        props.message_id = amqp_cstring_bytes(e.event_id.c_str());
        // The same properties as the ingestor's messages: headers shardId and guildId, mandatory.
        amqp_table_entry_t headers[2];
        headers[0].key = amqp_cstring_bytes("shardId");
        headers[0].value.kind = AMQP_FIELD_KIND_I32;
        headers[0].value.value.i32 = e.shard_id;
        headers[1].key = amqp_cstring_bytes("guildId");
        headers[1].value.kind = AMQP_FIELD_KIND_UTF8;
        headers[1].value.value.bytes = amqp_cstring_bytes(e.guild_id.c_str());
        props._flags |= AMQP_BASIC_HEADERS_FLAG;
        props.headers = amqp_table_t{2, headers};
        amqp_basic_publish(conn, 1, amqp_cstring_bytes(kExchange), amqp_cstring_bytes(e.event_type.c_str()), 1, 0,
                           &props, amqp_bytes_t{e.body.size(), const_cast<char*>(e.body.data())});
        ++sent;
      }
      amqp_frame_t frame;
      timeval tv{0, 100000};
      if (amqp_simple_wait_frame_noblock(conn, &frame, &tv) != AMQP_STATUS_OK) continue;
      if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
        auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        acked = ack->multiple ? ack->delivery_tag : acked + 1;
      }
      amqp_maybe_release_buffers(conn);
    }
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    state.PauseTiming();
    prepare_bench_queue();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
}

double metric(std::uint16_t port, const std::string& series) {
  try {
    auto r = arrakis::testing::http_request("127.0.0.1", port, "GET", "/metrics");
    const auto at = r.body.find("\n" + series + " ");
    return at == std::string::npos ? 0 : std::stod(r.body.substr(at + series.size() + 2));
  } catch (const std::exception&) {
    return 0;
  }
}

std::size_t rss_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  return 0;
}

// The real program, N shards, 1,000 guilds per shard; RSS once every guild.join is confirmed.
void BM_RssShards(benchmark::State& state) {
  const int shards = static_cast<int>(state.range(0));
  const int guilds = 1000 * shards;
  for (auto _ : state) {
    arrakis::discord_sim::Options o;
    o.guilds = guilds;
    o.members_per_guild = 3;
    o.heartbeat_ms = 41250;
    o.time_factor = 100;
    o.max_concurrency = 16;
    o.recommended_shards = shards;
    o.bot_token = "bench-token";
    o.rest_threads = 1;
    arrakis::discord_sim::Simulator sim(o);
    {
      auto c = arrakis::amqp::Connection::open(rabbitmq_url());
      arrakis::topology::declare_topology(c);
      c.purge_queue(std::string(arrakis::topology::kGuildEventsQueue));
    }
    const auto port = arrakis::testing::free_port();
    arrakis::testing::ChildProcess child(
        ARRAKIS_INGESTOR_BIN, {},
        {{"RABBITMQ_URL", rabbitmq_url()}, {"DISCORD_BOT_TOKEN", "bench-token"}, {"DISCORD_APPLICATION_ID", "1"},
         {"DISCORD_API_BASE", sim.api_base()}, {"ARRAKIS_INGESTOR_HTTP_PORT", std::to_string(port)},
         {"ARRAKIS_GATEWAY_TIME_FACTOR", "100"}, {"ARRAKIS_LOG_LEVEL", "warn"}},
        "/tmp/bench_ingestor_rss.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (metric(port, "arrakis_ingestor_publish_confirmed_total") < guilds &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double confirmed = metric(port, "arrakis_ingestor_publish_confirmed_total");
    const std::size_t rss = rss_of(child.pid());
    state.SetIterationTime(1);
    state.counters["rss_mb"] = static_cast<double>(rss) / (1024.0 * 1024.0);
    state.counters["guild_joins_confirmed"] = confirmed;
    child.stop();
    auto c = arrakis::amqp::Connection::open(rabbitmq_url());
    c.purge_queue(std::string(arrakis::topology::kGuildEventsQueue));
    if (confirmed < guilds) state.SkipWithError("not every guild.join was confirmed in time");
  }
}

BENCHMARK(BM_PublishBare)->Name("Publish/bare")->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_PublishIngestor)->Name("Publish/ingestor")->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_RssShards)->Name("Rss/shards")->Arg(1)->Arg(16)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);

// Keeps the figures the summary needs while printing as usual.
class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      const std::string name = run.benchmark_name();
      if (auto it = run.counters.find("items_per_second"); it != run.counters.end()) rates[name] = it->second.value;
      if (auto it = run.counters.find("rss_mb"); it != run.counters.end()) rss[name] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates, rss;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  nlohmann::json out = {{"benchmark", "bench_ingestor"}, {"events_per_run", kEvents}, {"window", kWindow}};
  const double bare = collector.rates["Publish/bare/iterations:5/manual_time"];
  const double ingestor = collector.rates["Publish/ingestor/iterations:5/manual_time"];
  if (bare > 0 && ingestor > 0) {
    out["publish_events_per_second"] = {{"bare_rabbitmq_c", bare}, {"ingestor_publisher", ingestor}};
    out["publish_ratio"] = ingestor / bare;
    out["publish_goal"] = ">= 0.9";
  }
  const double one = collector.rss["Rss/shards/1/iterations:1/manual_time"];
  const double sixteen = collector.rss["Rss/shards/16/iterations:1/manual_time"];
  if (one > 0 && sixteen > 0) {
    out["rss_mb"] = {{"1_shard_1000_guilds", one}, {"16_shards_16000_guilds", sixteen}};
    out["rss_mb_per_extra_shard"] = (sixteen - one) / 15.0;
    out["rss_goal"] = "<= 5 MB per extra shard";
  }
  std::cout << out.dump(2) << std::endl;
  if (out.contains("publish_ratio") || out.contains("rss_mb")) {
    std::ofstream(ARRAKIS_BENCH_RESULTS) << out.dump(2) << '\n';
    std::cout << "written to " << ARRAKIS_BENCH_RESULTS << std::endl;
  }
  benchmark::Shutdown();
  return 0;
}
