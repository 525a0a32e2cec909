#include "gateway_client.hpp"

namespace arrakis::discord_sim::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

GatewayClient::GatewayClient(std::uint16_t port, const std::string& query) : ws_(io_) {
  beast::get_lowest_layer(ws_).connect({boost::asio::ip::make_address("127.0.0.1"), port});
  beast::get_lowest_layer(ws_).socket().set_option(boost::asio::ip::tcp::no_delay(true));
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/?" + query);
  ws_.read_message_max(64u << 20);
  if (query.find("compress=zlib-stream") != std::string::npos) inflater_.emplace();
  open_ = true;
}

GatewayClient::~GatewayClient() {
  if (open_) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }
}

void GatewayClient::send(const json& payload) { send_text(payload.dump()); }

void GatewayClient::send_text(const std::string& text) {
  ws_.text(true);
  ws_.write(boost::asio::buffer(text));
}

std::optional<std::string> GatewayClient::read_raw(std::chrono::milliseconds deadline, bool* binary) {
  if (!open_) return std::nullopt;
  bool done = false;
  beast::error_code result;
  ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  io_.restart();
  io_.run_for(deadline);
  if (!done) {
    // Give up: the stream cannot be used after a cancelled read.
    timed_out_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    io_.restart();
    io_.run_for(std::chrono::milliseconds(100));
    open_ = false;
    return std::nullopt;
  }
  if (result) {
    if (result == websocket::error::closed) close_code_ = static_cast<int>(ws_.reason().code);
    open_ = false;
    return std::nullopt;
  }
  if (binary) *binary = ws_.got_binary();
  std::string data = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return data;
}

std::optional<std::string> GatewayClient::read_text(std::chrono::milliseconds deadline) {
  for (;;) {
    auto raw = read_raw(deadline);
    if (!raw || !inflater_) return raw;
    if (auto inflated = inflater_->feed(*raw)) return inflated;
    // else: a payload split over frames; read on
  }
}

std::optional<json> GatewayClient::read(std::chrono::milliseconds deadline) {
  auto text = read_text(deadline);
  if (!text) return std::nullopt;
  json payload = json::parse(*text);
  if (payload.value("op", -1) == 0 && payload["s"].is_number()) last_seq_ = payload["s"].get<std::uint64_t>();
  return payload;
}

std::optional<json> GatewayClient::read_until(const std::string& type, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto payload = read(left);
    if (!payload) return std::nullopt;
    if (payload->value("op", -1) == 0 && payload->value("t", std::string()) == type) return payload;
  }
}

std::optional<json> GatewayClient::identify(const std::string& token, std::uint32_t intents,
                                            std::optional<std::pair<int, int>> shard) {
  auto hello = read();
  if (!hello || hello->value("op", -1) != 10) return hello;
  json d = {{"token", token},
            {"intents", intents},
            {"properties", {{"os", "linux"}, {"browser", "arrakis-test"}, {"device", "arrakis-test"}}}};
  if (shard) d["shard"] = {shard->first, shard->second};
  send({{"op", 2}, {"d", d}});
  return read();
}

void GatewayClient::close(int code) {
  if (!open_) return;
  beast::error_code ec;
  ws_.close(websocket::close_reason(static_cast<websocket::close_code>(code)), ec);
  open_ = false;
}

}  // namespace arrakis::discord_sim::testing
