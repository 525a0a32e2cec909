#pragma once
// One WebSocket connection of the gateway: the upgrade (with ?v=&encoding=&compress=), an ordered
// write queue (zlib-stream compressed when asked), the read loop, close codes and the heartbeat
// deadline. Protocol decisions are the GatewayServer's; this class only moves frames.
#include <utility>  // before Boost: 1.74 Asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/replay_buffer.hpp"
#include "arrakis/discord_sim/zlib_stream.hpp"

namespace arrakis::discord_sim {

struct GatewaySession;

class GatewayConnection : public std::enable_shared_from_this<GatewayConnection> {
 public:
  using Ptr = std::shared_ptr<GatewayConnection>;
  struct Handlers {
    std::function<void(const Ptr&)> on_open;                      // after the upgrade
    std::function<void(const Ptr&, std::string&&)> on_message;
    std::function<void(const Ptr&, int)> on_closed;               // client's close code, or -1
    std::function<void(const Ptr&)> on_heartbeat_missed;
  };
  struct FrameInfo {
    int op = 0;
    std::string event;
    std::uint64_t seq = 0;
  };

  GatewayConnection(boost::asio::ip::tcp::socket socket, const Handlers& handlers, Recorder& recorder,
                    std::atomic<std::size_t>& queued_frames);
  ~GatewayConnection();

  void start();
  void send(const Frame& frame, const FrameInfo& info);
  void close(int code, const std::string& reason);  // after what is queued
  void close_after(Clock::duration delay, int code);
  void drop();                                       // TCP close, no close frame
  void arm_heartbeat(Clock::duration deadline);

  // Set by the upgrade.
  std::string version, encoding, compress;
  // Protocol state, owned by the GatewayServer.
  std::shared_ptr<GatewaySession> session;
  std::deque<Clock::time_point> received;  // for the 120-per-60 s limit
  int server_close_code = 0;
  std::uint64_t serial = 0;

 private:
  struct Out {
    Frame frame;          // text frames share the session's buffer entry
    std::string bytes;    // compressed binary frame
    bool binary = false;
    int close_code = 0;   // a queued close
    std::string reason;
  };
  void on_upgrade_read(boost::beast::error_code ec);
  void read();
  void write_next();
  void finish(int code);
  std::string session_id() const;

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::request<boost::beast::http::string_body> upgrade_;
  boost::asio::steady_timer heartbeat_timer_;
  boost::asio::steady_timer close_timer_;
  const Handlers& handlers_;
  Recorder& recorder_;
  std::atomic<std::size_t>& queued_frames_;
  std::optional<ZlibStreamCompressor> compressor_;
  std::deque<Out> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
  bool open_ = false;
};

}  // namespace arrakis::discord_sim
