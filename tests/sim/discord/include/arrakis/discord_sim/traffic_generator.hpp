#pragma once
// The scenario driver: realistic gateway traffic at a target rate, deterministic for a seed
// (POST /control/traffic). One background thread; events go to the gateway in batches, and the
// generator waits when the sockets fall behind instead of queueing without bound.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/dispatch.hpp"

namespace arrakis::discord_sim {

class EventFactory;
class GatewayServer;
class CommunityModel;
class CommandRegistry;

struct TrafficPlan {
  double rate = 100;          // events per second; 0 = as fast as the sockets take them
  std::uint64_t count = 0;    // stop after this many (0 = no limit)
  double duration_s = 0;      // stop after this long (0 = no limit)
  std::uint64_t seed = 1;
  bool registered_only = false;  // commands and autocomplete only for the commands the bot registered
};

// One random event of the realistic mix; `kind` names what it is ("command", "message", ...).
// With `registered`, commands and autocomplete requests name only the commands registered for the
// event's guild (none registered: that draw builds nothing and the next one replaces it).
std::optional<Dispatch> random_event(EventFactory& events, CommunityModel& model, std::mt19937_64& rng,
                                     std::string* kind = nullptr, const CommandRegistry* registered = nullptr);

class TrafficGenerator {
 public:
  TrafficGenerator(EventFactory& events, GatewayServer& gateway, CommunityModel& model, const CommandRegistry& registry);
  ~TrafficGenerator();
  TrafficGenerator(const TrafficGenerator&) = delete;
  TrafficGenerator& operator=(const TrafficGenerator&) = delete;

  void start(const TrafficPlan& plan);  // replaces a running plan
  void stop();
  bool running() const { return running_.load(); }
  std::uint64_t emitted() const { return emitted_.load(); }
  nlohmann::json status() const;

 private:
  void run(TrafficPlan plan);

  EventFactory& events_;
  GatewayServer& gateway_;
  CommunityModel& model_;
  const CommandRegistry& registry_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> emitted_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> by_kind_;
  TrafficPlan plan_;
};

}  // namespace arrakis::discord_sim
