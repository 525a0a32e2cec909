// discord-sim: how many dispatches per second reach one connected gateway client over loopback
// (prepared events fanned out, the traffic generator end to end, and with zlib-stream), and how
// fast the simulator starts (in-process and as the `discord-sim` program, until it prints its URLs).
// Run from a release build:
//   build/<release dir>/bench/discord_sim/bench_discord_sim --benchmark_out_format=json
//     --benchmark_out=bench/results/discord_sim.json
#include <benchmark/benchmark.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <random>
#include <thread>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"
#include "gateway_client.hpp"

extern char** environ;

namespace {

namespace ds = arrakis::discord_sim;
using ds::testing::GatewayClient;

constexpr std::uint32_t kIntents = 37379 | 1024;  // the ingestor's five + reactions
constexpr std::size_t kBatch = 10000;

ds::Options bench_options() {
  ds::Options o;
  o.guilds = 10;
  o.members_per_guild = 200;
  o.time_factor = 1000;  // identify buckets do not slow the set-up
  o.bot_token = "bench-token";
  o.heartbeat_ms = 600000;
  return o;
}

// A client that has identified and drained READY and the GUILD_CREATEs.
std::unique_ptr<GatewayClient> connect(ds::Simulator& sim, const std::string& query) {
  auto client = std::make_unique<GatewayClient>(sim.gateway_port(), query);
  client->identify("bench-token", kIntents);
  for (int i = 0; i < sim.options().guilds; ++i) client->read_until("GUILD_CREATE");
  return client;
}

// Receives n payloads the way a lean client does before its own JSON handling (inflated when the
// stream is compressed, not parsed): what is measured is the simulator, not the client's parser.
void drain(benchmark::State& state, GatewayClient& client, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!client.read_text(std::chrono::seconds(10))) {
      state.SkipWithError("the gateway stopped sending");
      return;
    }
  }
}

// Prepared MESSAGE_CREATE/INTERACTION_CREATE dispatches: the gateway's own cost (sequencing, replay
// buffer, record, socket writes) without building events.
void BM_GatewayFanOut(benchmark::State& state) {
  ds::Simulator sim(bench_options());
  auto client = connect(sim, "v=10&encoding=json");
  std::mt19937_64 rng(1);
  std::vector<ds::Dispatch> events;
  for (std::size_t i = 0; events.size() < kBatch; ++i) {
    std::string kind;
    if (auto d = ds::random_event(sim.events(), sim.model(), rng, &kind)) events.push_back(*d);
  }
  for (auto _ : state) {
    sim.gateway().dispatch(events);
    drain(state, *client, kBatch);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GatewayFanOut)->Unit(benchmark::kMillisecond)->UseRealTime();

// The traffic generator end to end: build realistic events (all kinds), dispatch, read.
void traffic(benchmark::State& state, const std::string& query) {
  ds::Simulator sim(bench_options());
  auto client = connect(sim, query);
  std::uint64_t seed = 1;
  for (auto _ : state) {
    ds::TrafficPlan plan;
    plan.rate = 0;  // as fast as the socket takes them
    plan.count = kBatch;
    plan.seed = seed++;
    sim.traffic().start(plan);
    drain(state, *client, kBatch);  // while the generator is still producing
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}

void BM_TrafficEndToEnd(benchmark::State& state) { traffic(state, "v=10&encoding=json"); }
BENCHMARK(BM_TrafficEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TrafficEndToEndZlibStream(benchmark::State& state) { traffic(state, "v=10&encoding=json&compress=zlib-stream"); }
BENCHMARK(BM_TrafficEndToEndZlibStream)->Unit(benchmark::kMillisecond)->UseRealTime();

// In-process start and stop with the `tools/dev up` defaults (3 guilds x 50 members).
void BM_StartUpInProcess(benchmark::State& state) {
  for (auto _ : state) {
    ds::Options o;
    ds::Simulator sim(o);
    benchmark::DoNotOptimize(sim.gateway_port());
  }
}
BENCHMARK(BM_StartUpInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

// The program: spawn until its first line (the URLs) appears on stdout, then stop it.
void BM_StartUpProgram(benchmark::State& state) {
  for (auto _ : state) {
    int out[2];
    if (pipe(out) != 0) return state.SkipWithError("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const char* argv[] = {DISCORD_SIM_PROGRAM, "--json", nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, DISCORD_SIM_PROGRAM, &actions, nullptr, const_cast<char**>(argv), environ) != 0) {
      return state.SkipWithError("spawn failed");
    }
    close(out[1]);
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') {
    }
    state.PauseTiming();
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(out[0]);
    posix_spawn_file_actions_destroy(&actions);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_StartUpProgram)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

}  // namespace

BENCHMARK_MAIN();
