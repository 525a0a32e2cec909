// arrakis-worker: the plugin host. This file wires configuration, logging, the dependencies and
// the HTTP endpoints together and waits for SIGINT/SIGTERM.
#include <csignal>
#include <iostream>

#include <spdlog/spdlog.h>

#include "arrakis/config.hpp"
#include "arrakis/health.hpp"
#include "arrakis/http_server.hpp"
#include "arrakis/log.hpp"
#include "dependencies.hpp"

namespace {

int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace

int main() {
  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  arrakis::Config config;
  try {
    config = arrakis::Config::load(arrakis::process_environment());
  } catch (const arrakis::ConfigError& e) {
    std::cerr << "arrakis-worker: " << e.what();
    return 2;
  }
  arrakis::log::init({config.log_level, config.log_format, "arrakis-worker", config.secrets(), {}});
  for (const auto& line : config.describe()) spdlog::debug("config {}", line);

  arrakis::worker::Dependencies deps(config);
  deps.connect_all();

  std::unique_ptr<arrakis::http::Server> http;
  try {
    http = std::make_unique<arrakis::http::Server>(
        arrakis::http::ServerOptions{config.http_bind, config.http_port, 1 << 20, 1},
        [&](const arrakis::http::Request& req) -> arrakis::http::Response {
          if (req.method == "GET" && (req.path == "/health" || req.path == "/ready")) {
            auto report = arrakis::health::evaluate(
                deps.probes(), {{"memory", {{"rssBytes", arrakis::health::resident_bytes()}}}});
            return {report.healthy ? 200 : 503, "application/json", report.body.dump(), {}};
          }
          return {404, "application/json", R"({"error":"not found"})", {}};
        });
  } catch (const std::exception& e) {
    spdlog::critical("cannot serve HTTP: {} (set ARRAKIS_HTTP_PORT to a free port)", e.what());
    return 1;
  }
  spdlog::info("arrakis-worker ready: health on http://{}:{}/health", config.http_bind, http->port());

  const int signal = wait_for_stop_signal();
  spdlog::info("received signal {}, stopping", signal);
  http->stop();
  return 0;
}
