#pragma once
// discord-sim in one object: the gateway, REST + control API, community model, traffic generator
// and recorder, started on construction and stopped on destruction. Integration tests can run it
// in-process; the `discord-sim` program wraps it with a CLI.
#include <cstdint>
#include <memory>
#include <string>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/options.hpp"

namespace arrakis::discord_sim {

class CommandRegistry;
class CommunityModel;
class ControlApi;
class EventFactory;
class Faults;
class GatewayServer;
class IdentifyLimiter;
class InteractionRegistry;
class RateLimiter;
class Recorder;
class RestRouter;
class SnowflakeGenerator;
class TrafficGenerator;

class Simulator {
 public:
  explicit Simulator(Options options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::uint16_t gateway_port() const;
  std::uint16_t rest_port() const;
  std::string gateway_url() const;  // ws://127.0.0.1:PORT
  std::string api_base() const;     // http://127.0.0.1:PORT/api/v10
  std::string control_url() const;  // http://127.0.0.1:PORT/control
  const Options& options() const { return options_; }

  Clock& clock() { return clock_; }
  CommunityModel& model();
  GatewayServer& gateway();
  EventFactory& events();
  InteractionRegistry& interactions();
  RateLimiter& rate_limiter();
  Faults& faults();
  Recorder& recorder();
  TrafficGenerator& traffic();
  CommandRegistry& commands();  // what the bot registered (application commands)

 private:
  Options options_;
  Clock clock_;
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace arrakis::discord_sim
