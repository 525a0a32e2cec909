// arrakis-worker: the plugin host. Reads its configuration, starts the WorkerApp and runs until
// SIGINT/SIGTERM, then drains and exits 0.
#include <csignal>
#include <iostream>

#include <utility>  // before Boost.Asio (pplx includes it; it uses std::exchange)

#include <pplx/threadpool.h>
#include <spdlog/spdlog.h>

#include "arrakis/config.hpp"
#include "arrakis/log.hpp"
#include "arrakis/tls.hpp"
#include "app/worker_app.hpp"

int main() {
  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  arrakis::Config config;
  try {
    config = arrakis::Config::load(arrakis::process_environment());
  } catch (const arrakis::ConfigError& e) {
    std::cerr << "arrakis-worker: " << e.what();
    return 2;
  }
  arrakis::log::init({config.log_level, config.log_format, "arrakis-worker", config.secrets(), {}});
  for (const auto& line : config.describe()) spdlog::debug("config {}", line);
  for (const auto& weak : config.warnings) spdlog::warn("config: {}", weak);
  arrakis::configure_tls(config);  // amqps://, rediss:// and the PostgreSQL CA for every connection

  // cpprestsdk's shared I/O pool starts 40 threads by default. Every REST call hops between the
  // caller and that pool, so a few threads (measured: 2) spend far less CPU switching than 40
  // (bench/results/worker.json). It can be sized only before its first use.
  crossplat::threadpool::initialize_with_threads(static_cast<std::size_t>(config.rest_io_threads));

  arrakis::worker::WorkerApp app(config);
  try {
    app.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  spdlog::info("arrakis-worker ready: health on http://{}:{}/health", config.http_bind, app.http_port());

  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("received signal {}, stopping", signal);
  app.stop();
  spdlog::info("arrakis-worker stopped");
  return 0;
}
