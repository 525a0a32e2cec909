#pragma once
// One gateway WebSocket connection, plain (ws://, the simulator) or over TLS (wss://, Discord),
// behind one interface so the shard's protocol code does not care. Beast stays in the .cpp.
// Every operation completes on the io_context given at construction; the shard keeps the
// transport alive (shared_ptr) until its handlers have run.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/error_code.hpp>

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace arrakis::ingestor {

struct GatewayEndpoint {
  bool tls = false;
  std::string host;
  std::uint16_t port = 0;
  std::string target = "/";  // path and query
};

// ws://host[:port][/path] or wss://...; nullopt when malformed. `query` is appended to the path.
std::optional<GatewayEndpoint> parse_gateway_url(const std::string& url, const std::string& query = {});

class WebSocketTransport {
 public:
  using Done = std::function<void(const boost::system::error_code&)>;
  using Received = std::function<void(const boost::system::error_code&, std::string_view payload, bool binary)>;

  virtual ~WebSocketTransport() = default;
  virtual void connect(const GatewayEndpoint& endpoint, std::chrono::milliseconds timeout, Done done) = 0;
  virtual void read(Received received) = 0;
  virtual void write(std::string text, Done done) = 0;
  // A WebSocket close with this code (no other write may be pending).
  virtual void close(std::uint16_t code, Done done) = 0;
  // Closes the TCP socket at once: pending operations complete with an error.
  virtual void drop() = 0;
  // The close code the server sent, once a read has failed because the server closed.
  virtual std::optional<int> close_code() const = 0;
};

std::shared_ptr<WebSocketTransport> make_transport(boost::asio::io_context& io, bool tls,
                                                   boost::asio::ssl::context& ssl);

}  // namespace arrakis::ingestor
