#pragma once
// The public listener for plugin HTTP routes (ARRAKIS_ROUTES_BIND / ARRAKIS_ROUTES_PORT), apart
// from the admin listener and its token (docs/http-routes.md).
//
// Threads: a few I/O threads read and write (Boost.Beast); plugin calls run on a separate pool of
// handler threads, so a slow plugin never stalls reading other requests. A route's minimum
// response time is a timer on the connection: a padded answer holds no thread and no plugin
// reference while it waits.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "routes/route_dispatcher.hpp"

namespace arrakis::worker::routes {

class RouteServer {
 public:
  struct Options {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8090;  // 0 = any free port
    int io_threads = 2;
    int handler_threads = 4;                  // plugin calls on routes running at once
    std::size_t max_body_bytes = 64 * 1024;   // larger bodies are answered 413
    std::size_t max_queued = 256;             // requests waiting for a handler thread; beyond: 503
    std::chrono::milliseconds drain{5000};    // stop(): how long answers in flight may still take
  };

  // Binds at once (throws std::runtime_error naming the address when it cannot) and serves until
  // stop() or destruction. `dispatcher` must outlive the server.
  RouteServer(Options options, const RouteDispatcher& dispatcher);
  ~RouteServer();
  RouteServer(const RouteServer&) = delete;
  RouteServer& operator=(const RouteServer&) = delete;

  std::uint16_t port() const;
  // Stops accepting, answers new requests on open connections 503, lets answers in flight finish
  // (bounded by Options::drain), then closes every connection. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::worker::routes
