// What the worker's host services cost per call: the rate limiter's bookkeeping (acquire + release
// of a fresh interaction bucket), a DiscordRest follow-up over loopback to discord-sim (one and four
// calling threads), and ChainRpc answering from its cache or over loopback from chain-sim.
// Run from a release build:
//   build/release/bench/host_services/bench_host_services | tee bench/results/host_services.txt
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "arrakis/chain_rpc.hpp"
#include "arrakis/chain_sim/simulator.hpp"
#include "arrakis/discord/rate_limiter.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/rate_limiter.hpp"
#include "arrakis/discord_sim/simulator.hpp"

namespace {

using nlohmann::json;
namespace ds = arrakis::discord_sim;

void BM_RateLimiterInteractionBucket(benchmark::State& state) {
  arrakis::discord::RateLimiter limiter;
  arrakis::discord::RateLimitHeaders headers;
  headers.bucket = "cb";
  headers.limit = 5;
  headers.remaining = 4;
  headers.reset_after = 5.0;
  std::uint64_t n = 0;
  auto now = arrakis::discord::RateLimiter::Clock::now();
  for (auto _ : state) {
    const auto route = arrakis::discord::route_of("POST", "/interactions/" + std::to_string(++n) + "/tok/callback");
    auto d = limiter.acquire(route, now);
    limiter.release(d.ticket, 204, headers, now);
    now += std::chrono::microseconds(1000);  // 1,000 interactions a second
  }
  state.counters["buckets"] = static_cast<double>(limiter.bucket_count());
}
BENCHMARK(BM_RateLimiterInteractionBucket);

// One simulator and one client for every run of the follow-up benchmark.
struct DiscordSide {
  DiscordSide() {
    ds::Options o;
    o.guilds = 1;
    o.members_per_guild = 20;
    o.rest_threads = 4;
    o.bot_token = "bench-token";
    sim = std::make_unique<ds::Simulator>(o);
    // Discord allows an interaction only a few follow-ups a second; here the client is measured.
    sim->rate_limiter().set_route_limit("POST /webhooks/{app}/{token}", {100000000, std::chrono::milliseconds(1000)});
    std::mt19937_64 rng(3);
    auto built = sim->events().random_command(sim->model().guild_ids()[0], rng, "stats");
    token = built->issued.token;
    arrakis::discord::DiscordRest::Options ro;
    ro.api_base = sim->api_base();
    ro.bot_token = "bench-token";
    ro.application_id = std::to_string(sim->model().application_id());
    rest = std::make_unique<arrakis::discord::DiscordRest>(ro);
    rest->interaction_callback(std::to_string(built->issued.id), token, {{"type", 5}});
  }
  std::unique_ptr<ds::Simulator> sim;
  std::unique_ptr<arrakis::discord::DiscordRest> rest;
  std::string token;
};

DiscordSide& discord_side() {
  static DiscordSide side;
  return side;
}

void BM_DiscordRestFollowup(benchmark::State& state) {
  auto& side = discord_side();
  const json message = {{"content", "Your rank is 12 of 100"}, {"flags", 64}};
  for (auto _ : state) {
    const auto r = side.rest->followup(side.token, message);
    if (!r.ok()) state.SkipWithError(("follow-up answered " + std::to_string(r.status)).c_str());
  }
  state.SetItemsProcessed(state.iterations());
  const auto stats = side.rest->stats();
  state.counters["429s"] = static_cast<double>(stats.rate_limited);
  state.counters["retries"] = static_cast<double>(stats.retries);
}
BENCHMARK(BM_DiscordRestFollowup)->Threads(1)->Threads(4)->UseRealTime();

struct ChainSide {
  ChainSide() {
    arrakis::chain_sim::SimulatorOptions so;
    so.block_time_ms = 0;
    sim = std::make_unique<arrakis::chain_sim::ChainSimulator>(so);
    arrakis::chain::ChainRpc::Options o;
    o.endpoints = {sim->url()};
    o.block_number_ttl = std::chrono::milliseconds(0);  // always asked: the loopback round trip
    rpc = std::make_unique<arrakis::chain::ChainRpc>(o);
  }
  std::unique_ptr<arrakis::chain_sim::ChainSimulator> sim;
  std::unique_ptr<arrakis::chain::ChainRpc> rpc;
};

ChainSide& chain_side() {
  static ChainSide side;
  return side;
}

void BM_ChainRpcCacheHit(benchmark::State& state) {
  auto& side = chain_side();
  const json params = json::array();
  side.rpc->call("eth_chainId", params);
  for (auto _ : state) benchmark::DoNotOptimize(side.rpc->call("eth_chainId", params));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChainRpcCacheHit);

void BM_ChainRpcOverLoopback(benchmark::State& state) {
  auto& side = chain_side();
  for (auto _ : state) benchmark::DoNotOptimize(side.rpc->call("eth_blockNumber", json::array()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChainRpcOverLoopback)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
