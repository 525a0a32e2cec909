#include <utility>  // before Asio (Boost 1.74 uses std::exchange without including it)

#include "arrakis/ingestor/gateway_info.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "arrakis/url.hpp"

namespace arrakis::ingestor {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

GatewayInfo parse_gateway_info(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("url") || !j["url"].is_string()) {
    throw GatewayInfoError("GET /gateway/bot: the answer has no url");
  }
  GatewayInfo info;
  info.url = j["url"].get<std::string>();
  info.shards = std::max(1, j.value("shards", 1));
  if (j.contains("session_start_limit") && j["session_start_limit"].is_object()) {
    const auto& l = j["session_start_limit"];
    info.max_concurrency = std::max(1, l.value("max_concurrency", 1));
    info.identify_remaining = l.value("remaining", 0);
    info.identify_total = l.value("total", 0);
    info.reset_after_ms = l.value("reset_after", std::int64_t{0});
  }
  return info;
}

namespace {

template <class Stream>
std::pair<int, std::string> request(Stream& stream, const std::string& host, const std::string& target,
                                    const std::string& token) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "DiscordBot (https://github.com/arrakis, 1.0) arrakis-ingestor");
  req.set(http::field::authorization, "Bot " + token);
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return {static_cast<int>(res.result_int()), res.body()};
}

}  // namespace

GatewayInfo fetch_gateway_info(const std::string& api_base, const std::string& bot_token) {
  const auto url = parse_service_url(api_base);
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    throw GatewayInfoError("DISCORD_API_BASE is not an http(s) URL");
  }
  const bool tls = url->scheme == "https";
  const std::string port = std::to_string(url->port ? url->port : (tls ? 443 : 80));
  std::string prefix = url->path;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  const std::string target = "/" + prefix + (prefix.empty() ? "" : "/") + "gateway/bot";
  std::pair<int, std::string> answer;
  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(url->host, port);
    if (tls) {
      asio::ssl::context ctx(asio::ssl::context::tls_client);
      ctx.set_default_verify_paths();
      ctx.set_verify_mode(asio::ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str())) {
        throw GatewayInfoError("cannot set TLS SNI");
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(stream).connect(endpoints);
      stream.handshake(asio::ssl::stream_base::client);
      answer = request(stream, url->host, target, bot_token);
    } else {
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(10));
      stream.connect(endpoints);
      answer = request(stream, url->host + ":" + port, target, bot_token);
    }
  } catch (const GatewayInfoError&) {
    throw;
  } catch (const std::exception& e) {
    throw GatewayInfoError("GET " + url->scheme + "://" + url->host + ":" + port + target + " failed: " + e.what());
  }
  if (answer.first == 401) throw GatewayInfoError("GET /gateway/bot: 401 Unauthorized (DISCORD_BOT_TOKEN is wrong)");
  if (answer.first != 200) {
    throw GatewayInfoError(std::string("GET /gateway/bot answered HTTP ").append(std::to_string(answer.first)));
  }
  return parse_gateway_info(answer.second);
}

}  // namespace arrakis::ingestor
