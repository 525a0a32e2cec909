#pragma once
// A small blocking gateway client for the tests and the benchmark: connects with the query the
// real clients use, reads frames with a deadline (inflating zlib-stream when asked) and reports
// the close code the server sent.
#include <utility>  // before Boost: 1.74 Asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/zlib_stream.hpp"

namespace arrakis::discord_sim::testing {

class GatewayClient {
 public:
  // `query` without the leading '?', e.g. "v=10&encoding=json&compress=zlib-stream".
  GatewayClient(std::uint16_t port, const std::string& query = "v=10&encoding=json");
  ~GatewayClient();

  void send(const nlohmann::json& payload);
  void send_text(const std::string& text);
  // The next payload, or nullopt when the connection closed (see close_code()) or the deadline passed.
  std::optional<nlohmann::json> read(std::chrono::milliseconds deadline = std::chrono::seconds(5));
  // One payload as text (inflated when compressed), not parsed.
  std::optional<std::string> read_text(std::chrono::milliseconds deadline = std::chrono::seconds(5));
  std::optional<std::string> read_raw(std::chrono::milliseconds deadline, bool* binary = nullptr);
  // Reads until a dispatch of `type` arrives (skipping others); nullopt on close/deadline.
  std::optional<nlohmann::json> read_until(const std::string& type, std::chrono::milliseconds deadline = std::chrono::seconds(5));
  // HELLO, then IDENTIFY; returns READY (or whatever came instead).
  std::optional<nlohmann::json> identify(const std::string& token, std::uint32_t intents,
                                         std::optional<std::pair<int, int>> shard = std::nullopt);
  void close(int code = 1000);

  int close_code() const { return close_code_; }
  bool timed_out() const { return timed_out_; }
  std::uint64_t last_seq() const { return last_seq_; }

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::optional<ZlibStreamInflater> inflater_;
  int close_code_ = 0;
  bool timed_out_ = false;
  bool open_ = false;
  std::uint64_t last_seq_ = 0;
};

}  // namespace arrakis::discord_sim::testing
