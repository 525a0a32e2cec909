// discord-sim: a faithful local Discord (gateway + REST + control API) for the demo, the tests
// and the benchmarks. Prints its URLs, then serves until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"

int main(int argc, char** argv) {
  arrakis::discord_sim::Options o;
  double traffic_rate = 0;
  bool json_output = false;
  std::string app_id;
  CLI::App app{"discord-sim: a simulated Discord gateway and REST API on loopback"};
  app.add_option("--bind", o.bind, "address to listen on")->capture_default_str();
  app.add_option("--gateway-port", o.gateway_port, "gateway WebSocket port (0 = any)")->capture_default_str();
  app.add_option("--rest-port", o.rest_port, "REST (/api/v10) and control (/control) port (0 = any)")->capture_default_str();
  app.add_option("--guilds", o.guilds, "number of guilds")->capture_default_str();
  app.add_option("--members-per-guild", o.members_per_guild, "members generated per guild")->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the community model and the traffic")->capture_default_str();
  app.add_option("--heartbeat-ms", o.heartbeat_ms, "heartbeat_interval sent in HELLO")->capture_default_str();
  app.add_option("--time-factor", o.time_factor, "Discord's durations run this many times faster")->capture_default_str();
  app.add_option("--bot-token", o.bot_token, "the bot token clients must present")->capture_default_str();
  app.add_option("--application-id", app_id, "application id (default: derived from the seed)");
  app.add_option("--max-concurrency", o.max_concurrency, "IDENTIFY max_concurrency")->capture_default_str();
  app.add_option("--shards", o.recommended_shards, "shard count GET /gateway/bot recommends")->capture_default_str();
  app.add_option("--rest-threads", o.rest_threads, "REST worker threads")->capture_default_str();
  app.add_option("--traffic-rate", traffic_rate, "start generating this many events/s at once (0 = off)");
  app.add_flag("--json", json_output, "print the URLs as one JSON line");
  CLI11_PARSE(app, argc, argv);
  if (!app_id.empty()) {
    if (app_id.find_first_not_of("0123456789") != std::string::npos) {
      std::cerr << "--application-id must be a snowflake (digits)\n";
      return 2;
    }
    o.application_id = app_id;
  }

  // Block the stop signals before any thread starts, then wait for one on the main thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    arrakis::discord_sim::Simulator sim(o);
    const auto app_id_text = std::to_string(sim.model().application_id());
    if (json_output) {
      std::cout << nlohmann::json{{"gateway", sim.gateway_url()}, {"api_base", sim.api_base()},
                                  {"control", sim.control_url()}, {"application_id", app_id_text}}
                       .dump()
                << std::endl;
    } else {
      std::cout << "discord-sim gateway:  " << sim.gateway_url() << "/?v=10&encoding=json\n"
                << "discord-sim REST:     " << sim.api_base() << "\n"
                << "discord-sim control:  " << sim.control_url() << "\n"
                << "application id:       " << app_id_text << std::endl;
    }
    if (traffic_rate > 0) {
      arrakis::discord_sim::TrafficPlan plan;
      plan.rate = traffic_rate;
      plan.seed = o.seed;
      sim.traffic().start(plan);
    }
    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "discord-sim stopping (signal " << received << ")" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "discord-sim: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
