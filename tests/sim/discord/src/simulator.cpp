#include "arrakis/discord_sim/simulator.hpp"

#include "arrakis/discord_sim/command_registry.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/control_api.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/identify_limiter.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/rate_limiter.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/rest_router.hpp"
#include "arrakis/discord_sim/snowflake.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"
#include "arrakis/http_server.hpp"

namespace arrakis::discord_sim {

// Declared in the order they depend on each other; destroyed in reverse (servers first).
struct Simulator::Parts {
  Parts(const Options& o, Clock& clock, Simulator& sim)
      : recorder(o.record_capacity),
        ids(7),
        model(o),
        identify(clock, o.max_concurrency),
        interactions(clock, recorder, ids, model.application_id(), CommunityModel::user_json(model.bot()), o.seed),
        events(clock, model, interactions, ids, o.seed),
        limiter(clock, o.global_rest_limit),
        faults(clock),
        gateway(o, clock, model, identify, interactions, recorder),
        commands(model.application_id(), [this](const std::string& name) { return events.command_id(name); }),
        traffic(events, gateway, model, commands),
        rest({o, clock, model, interactions, events, gateway, identify, limiter, faults, recorder, ids, commands}),
        control(sim) {
    // Bodies up to 32 MiB reach the router, so Discord's own 25 MiB answer (413/40005) is what a
    // client sees. Per-route budgets (undocumented by Discord; these are typical of what the headers report).
    limiter.set_default_limit({5, std::chrono::milliseconds(5000)});
    limiter.set_route_limit("PUT /guilds/{g}/members/{u}/roles/{r}", {10, std::chrono::milliseconds(10000)});
    limiter.set_route_limit("DELETE /guilds/{g}/members/{u}/roles/{r}", {10, std::chrono::milliseconds(10000)});
    limiter.set_route_limit("GET /guilds/{g}/members/{u}", {10, std::chrono::milliseconds(1000)});
    limiter.set_route_limit("POST /interactions/{id}/{token}/callback", {5, std::chrono::milliseconds(1000)});
    limiter.set_route_limit("POST /webhooks/{app}/{token}", {5, std::chrono::milliseconds(2000)});
    limiter.set_route_limit("GET /gateway/bot", {2, std::chrono::milliseconds(5000)});
    for (const char* read : {"GET /guilds/{g}", "GET /guilds/{g}/roles", "GET /guilds/{g}/channels"}) {
      limiter.set_route_limit(read, {10, std::chrono::milliseconds(1000)});
    }
    for (const char* write : {"POST /guilds/{g}/roles", "PATCH /guilds/{g}/roles", "PATCH /guilds/{g}/roles/{r}",
                              "POST /guilds/{g}/channels"}) {
      limiter.set_route_limit(write, {10, std::chrono::milliseconds(10000)});
    }
    http_server = std::make_unique<http::Server>(
        http::ServerOptions{o.bind, o.rest_port, 32u << 20, o.rest_threads}, [this](const http::Request& r) {
          if (r.path.starts_with("/control")) return control.handle(r);
          return rest.handle(r);
        });
  }
  ~Parts() {
    traffic.stop();
    http_server.reset();
    gateway.stop();
  }

  Recorder recorder;
  SnowflakeGenerator ids;
  CommunityModel model;
  IdentifyLimiter identify;
  InteractionRegistry interactions;
  EventFactory events;
  RateLimiter limiter;
  Faults faults;
  GatewayServer gateway;
  CommandRegistry commands;
  TrafficGenerator traffic;
  RestRouter rest;
  ControlApi control;
  std::unique_ptr<http::Server> http_server;
};

Simulator::Simulator(Options options) : options_(std::move(options)), clock_(options_.time_factor) {
  parts_ = std::make_unique<Parts>(options_, clock_, *this);
}

Simulator::~Simulator() = default;

std::uint16_t Simulator::gateway_port() const { return parts_->gateway.port(); }
std::uint16_t Simulator::rest_port() const { return parts_->http_server->port(); }
std::string Simulator::gateway_url() const { return parts_->gateway.url(); }
std::string Simulator::api_base() const {
  return "http://" + options_.bind + ":" + std::to_string(rest_port()) + "/api/v10";
}
std::string Simulator::control_url() const { return "http://" + options_.bind + ":" + std::to_string(rest_port()) + "/control"; }

CommunityModel& Simulator::model() { return parts_->model; }
GatewayServer& Simulator::gateway() { return parts_->gateway; }
EventFactory& Simulator::events() { return parts_->events; }
InteractionRegistry& Simulator::interactions() { return parts_->interactions; }
RateLimiter& Simulator::rate_limiter() { return parts_->limiter; }
Faults& Simulator::faults() { return parts_->faults; }
Recorder& Simulator::recorder() { return parts_->recorder; }
TrafficGenerator& Simulator::traffic() { return parts_->traffic; }
CommandRegistry& Simulator::commands() { return parts_->commands; }

}  // namespace arrakis::discord_sim
