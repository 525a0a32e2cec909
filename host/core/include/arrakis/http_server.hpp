#pragma once
// A small HTTP/1.1 server (Boost.Beast) for /health, /metrics, the admin API and plugin routes.
// Beast stays out of this header so the many files that include it compile fast.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace arrakis::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received
  std::string path;    // target without the query
  std::string query;   // after '?', undecoded
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
};

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;            // 0 = any free port (tests)
  std::size_t max_body_bytes = 1 << 20;
  int threads = 1;
  // Connections served at once; one more is closed as soon as it is accepted (and counted in
  // arrakis_http_refused_connections_total), so a flood cannot take every descriptor.
  std::size_t max_sessions = 256;
};

class Server {
 public:
  // Binds at once (throws std::runtime_error naming the address when it cannot) and serves
  // on its own threads until stop() or destruction. A handler that throws yields a 500.
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::http
