#include "arrakis/discord_sim/traffic_generator.hpp"

#include <chrono>
#include <vector>

#include "arrakis/discord_sim/command_registry.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"

namespace arrakis::discord_sim {

namespace {
// Frames waiting in socket queues beyond which the generator pauses.
constexpr std::size_t kBackpressureFrames = 20000;
constexpr std::size_t kMaxBatch = 512;
}  // namespace

std::optional<Dispatch> random_event(EventFactory& events, CommunityModel& model, std::mt19937_64& rng, std::string* kind,
                                     const CommandRegistry* registered) {
  const auto guilds = model.guild_ids();
  if (guilds.empty()) return std::nullopt;
  const auto guild = guilds[rng() % guilds.size()];
  auto from = [&](std::optional<BuiltInteraction> built) -> std::optional<Dispatch> {
    if (!built) return std::nullopt;
    return std::move(built->dispatch);
  };
  auto named = [&](const char* name, std::optional<Dispatch> d) {
    if (kind) *kind = name;
    return d;
  };
  auto command = [&] {
    if (!registered) return from(events.random_command(guild, rng));
    return from(events.random_command_of(registered->invocable(guild), guild, rng));
  };
  auto autocomplete = [&] {
    if (!registered) return from(events.random_autocomplete(guild, rng));
    return from(events.random_autocomplete_of(registered->invocable(guild), guild, rng));
  };
  // The mix, in percent: what a busy community's gateway looks like to a bot.
  const auto roll = rng() % 100;
  if (roll < 30) return named("command", command());
  if (roll < 38) return named("autocomplete", autocomplete());
  if (roll < 46) {
    if (auto click = events.component_click(rng)) return named("component", std::move(click->dispatch));
    return named("command", command());
  }
  if (roll < 50) {
    if (auto submit = events.modal_submit(rng)) return named("modal_submit", std::move(submit->dispatch));
    return named("command", command());
  }
  if (roll < 53) return named("member_add", events.member_add(guild, rng));
  if (roll < 55) return named("member_remove", events.member_remove(guild, rng));
  if (roll < 60) return named("member_update", events.member_update(guild, rng));
  if (roll < 82) return named("message", events.guild_message(guild, rng, false));
  if (roll < 86) return named("bot_message", events.guild_message(guild, rng, true));
  if (roll < 90) return named("dm", events.direct_message(guild, rng));
  return named("reaction", events.reaction_add(guild, rng));
}

TrafficGenerator::TrafficGenerator(EventFactory& events, GatewayServer& gateway, CommunityModel& model,
                                   const CommandRegistry& registry)
    : events_(events), gateway_(gateway), model_(model), registry_(registry) {}

TrafficGenerator::~TrafficGenerator() { stop(); }

void TrafficGenerator::start(const TrafficPlan& plan) {
  stop();
  {
    std::lock_guard lock(mutex_);
    plan_ = plan;
    by_kind_.clear();
  }
  emitted_ = 0;
  stop_ = false;
  running_ = true;
  thread_ = std::thread([this, plan] { run(plan); });
}

void TrafficGenerator::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  running_ = false;
}

void TrafficGenerator::run(TrafficPlan plan) {
  std::mt19937_64 rng(plan.seed);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t sent = 0;
  int empty_batches = 0;
  std::map<std::string, std::uint64_t> kinds;
  while (!stop_) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (plan.duration_s > 0 && elapsed >= plan.duration_s) break;
    if (plan.count > 0 && sent >= plan.count) break;
    std::size_t due = kMaxBatch;
    if (plan.rate > 0) {
      const double target = plan.rate * elapsed;
      due = target > static_cast<double>(sent) ? static_cast<std::size_t>(target - static_cast<double>(sent)) : 0;
      due = std::min(due, kMaxBatch);
    }
    if (plan.count > 0) due = std::min<std::size_t>(due, plan.count - sent);
    if (due == 0 || gateway_.queued_frames() > kBackpressureFrames) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    std::vector<Dispatch> batch;
    batch.reserve(due);
    for (std::size_t i = 0; i < due; ++i) {
      std::string kind;
      if (auto d = random_event(events_, model_, rng, &kind, plan.registered_only ? &registry_ : nullptr)) {
        batch.push_back(std::move(*d));
        ++kinds[kind];
      }
    }
    // An event that could not be built (nobody left to remove, ...) is replaced by the next draw,
    // so `count` events really go out; a batch of nothing twice in a row means the mix is stuck.
    if (batch.empty() && ++empty_batches > 1) break;
    if (!batch.empty()) empty_batches = 0;
    sent += batch.size();
    emitted_ += batch.size();
    gateway_.dispatch(std::move(batch));
    {
      std::lock_guard lock(mutex_);
      by_kind_ = kinds;
    }
  }
  running_ = false;
}

nlohmann::json TrafficGenerator::status() const {
  std::lock_guard lock(mutex_);
  return {{"running", running_.load()}, {"emitted", emitted_.load()}, {"by_kind", by_kind_},
          {"plan", {{"rate", plan_.rate}, {"count", plan_.count}, {"duration", plan_.duration_s}, {"seed", plan_.seed},
                     {"registered_only", plan_.registered_only}}}};
}

}  // namespace arrakis::discord_sim
