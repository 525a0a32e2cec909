// arrakis-ingestor: holds the Discord Gateway shards and forwards every event we consume to
// RabbitMQ, with no cache and no loss. This file wires configuration, the publisher, the shards
// and the HTTP endpoints together and runs the graceful stop on SIGTERM/SIGINT.
#include <csignal>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "arrakis/config.hpp"
#include "arrakis/http_server.hpp"
#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/gateway_info.hpp"
#include "arrakis/ingestor/ingestor_http.hpp"
#include "arrakis/ingestor/metrics.hpp"
#include "arrakis/ingestor/publisher.hpp"
#include "arrakis/ingestor/shard_manager.hpp"
#include "arrakis/log.hpp"
#include "arrakis/tls.hpp"

namespace {

using namespace arrakis;
using namespace arrakis::ingestor;

// How long a stop waits for RabbitMQ to confirm what is buffered.
constexpr auto kFlushTimeout = std::chrono::seconds(30);

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // raised by a shard that hit a fatal close code
  return set;
}

GatewayInfo gateway_info_with_retries(const Config& config) {
  for (int attempt = 1;; ++attempt) {
    try {
      return fetch_gateway_info(config.discord_api_base, config.discord_bot_token);
    } catch (const GatewayInfoError& e) {
      const std::string what = e.what();
      if (attempt >= 5 || what.find("401") != std::string::npos) throw;
      const auto delay = backoff_delay(attempt, std::chrono::seconds(1), std::chrono::seconds(30));
      spdlog::warn("{}; retrying in {} ms", what, delay.count());
      std::this_thread::sleep_for(delay);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals in every thread; main waits for them with sigwait.
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  CLI::App app{"arrakis-ingestor: Discord Gateway shards to RabbitMQ (configuration from the environment)"};
  std::string shards_option;
  app.add_option("--shards", shards_option, "\"first..last of count\" or \"auto\" (overrides ARRAKIS_SHARDS)");
  CLI11_PARSE(app, argc, argv);

  Config config;
  try {
    config = Config::load(process_environment(), ConfigNeeds{false});
    if (!shards_option.empty()) {
      auto parsed = parse_shard_range(shards_option);
      if (!parsed) throw ConfigError("invalid configuration:\n--shards " + shards_option + " is not \"auto\" or \"first..last of count\"\n");
      config.shards = *parsed;
    }
    if (config.discord_bot_token.empty()) {
      throw ConfigError("invalid configuration:\nDISCORD_BOT_TOKEN is not set: arrakis-ingestor needs the bot token to "
                        "IDENTIFY (for a local run, discord-sim's token and DISCORD_API_BASE pointing at it)\n");
    }
  } catch (const ConfigError& e) {
    std::cerr << "arrakis-ingestor: " << e.what();
    return 2;
  }
  log::init({config.log_level, config.log_format, "arrakis-ingestor", config.secrets(), {}});
  for (const auto& line : config.describe()) spdlog::debug("config {}", line);
  for (const auto& weak : config.warnings) spdlog::warn("config: {}", weak);
  configure_tls(config);  // amqps:// (docs/security.md)

  // Where to connect and which shards to run.
  ShardPlan plan;
  std::string gateway_url = config.discord_gateway_url;
  if (gateway_url.empty() || config.shards.automatic) {
    try {
      const GatewayInfo info = gateway_info_with_retries(config);
      if (gateway_url.empty()) gateway_url = info.url;
      plan.max_concurrency = info.max_concurrency;
      if (config.shards.automatic) plan = {0, info.shards - 1, info.shards, info.max_concurrency};
      spdlog::info("gateway {}: {} shards recommended, max_concurrency {}, {} of {} identifies left", info.url,
                   info.shards, info.max_concurrency, info.identify_remaining, info.identify_total);
      const int needed = (config.shards.automatic ? info.shards : config.shards.last - config.shards.first + 1);
      if (info.identify_total > 0 && info.identify_remaining < needed) {
        spdlog::critical("only {} IDENTIFYs left for {} shards until the budget resets in {} s; not connecting",
                         info.identify_remaining, needed, info.reset_after_ms / 1000);
        return 1;
      }
    } catch (const std::exception& e) {
      spdlog::critical("{}", e.what());
      return 1;
    }
  }
  if (!config.shards.automatic) {
    plan.first = config.shards.first;
    plan.last = config.shards.last;
    plan.count = config.shards.count;
  }

  EventBuffer buffer(static_cast<std::size_t>(config.ingestor_buffer));
  Metrics metrics;
  PublisherOptions publisher_options;
  publisher_options.url = config.rabbitmq_url;
  publisher_options.window = static_cast<std::size_t>(config.ingestor_window);
  Publisher publisher(publisher_options, buffer, metrics);
  publisher.start();

  std::atomic<bool> fatal{false};
  ShardOptions base;
  base.token = config.discord_bot_token;
  base.intents = config.gateway_intents;
  base.compress = config.gateway_compress;
  base.time_factor = config.gateway_time_factor;
  base.gateway_url = gateway_url;
  ShardManager shards(plan, base, buffer, metrics, [&fatal](int, const std::string&) {
    fatal = true;
    kill(getpid(), SIGUSR1);
  });

  IngestorView view;
  view.shards = [&shards] { return shards.status(); };
  view.publisher = [&publisher] { return publisher.status(); };
  view.buffer = &buffer;
  view.metrics = &metrics;
  view.memory_threshold_bytes = static_cast<std::size_t>(config.memory_threshold_mb) << 20;
  std::unique_ptr<http::Server> server;
  try {
    server = std::make_unique<http::Server>(http::ServerOptions{config.http_bind, config.ingestor_http_port, 1 << 16, 1},
                                            [&view](const http::Request& r) { return handle_ingestor_request(r, view); });
  } catch (const std::exception& e) {
    spdlog::critical("cannot serve HTTP: {} (set ARRAKIS_INGESTOR_HTTP_PORT to a free port)", e.what());
    return 1;
  }
  shards.start();
  spdlog::info("arrakis-ingestor running shards {}..{} of {}; health on http://{}:{}/health", plan.first, plan.last,
               plan.count, config.http_bind, server->port());

  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("{}; stopping: no more reads, flushing {} buffered events", fatal ? "fatal gateway error" : "stop signal",
               buffer.held());

  // 1. Stop reading from Discord. 2. Wait until RabbitMQ confirmed every buffered event.
  // 3. Close the shards with a resumable code. 4. Stop the publisher and the HTTP server.
  shards.stop_reading();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let reads already in progress land
  if (!buffer.wait_until_empty(std::chrono::steady_clock::now() + kFlushTimeout)) {
    spdlog::error("{} events were not confirmed by RabbitMQ within {} s and are lost with this stop", buffer.held(),
                  kFlushTimeout.count());
  }
  shards.close();
  publisher.stop();
  server->stop();
  const auto p = publisher.status();
  spdlog::info("arrakis-ingestor stopped: {} events confirmed, {} publishes, {} errors", p.confirmed, p.published, p.errors);
  return fatal ? 1 : 0;
}
