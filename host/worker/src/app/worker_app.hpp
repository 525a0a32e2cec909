#pragma once
// arrakis-worker assembled: connections, host services, the plugin manager, the two consumers,
// the scheduler, the fleet agent, watch mode, the HTTP front (health, readiness, metrics, admin
// API) and the public plugin-route listener (routes/).
#include <memory>

#include "arrakis/config.hpp"
#include "arrakis/http_server.hpp"

namespace arrakis::worker {

class WorkerApp {
 public:
  explicit WorkerApp(const Config& config);
  ~WorkerApp();
  // Loads plugins, starts consuming and serving. Throws when the HTTP port cannot be bound.
  void start();
  // SIGTERM: stop consuming, finish calls in flight (bounded), settle, unload plugins.
  void stop();
  std::uint16_t http_port() const;

 private:
  http::Response serve(const http::Request& request);
  http::Response health(bool readiness);
  void sync_commands_at_start();

  struct Parts;
  const Config& config_;
  std::unique_ptr<Parts> p_;
};

}  // namespace arrakis::worker
