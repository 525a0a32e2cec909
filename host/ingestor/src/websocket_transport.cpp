#include <utility>  // before Asio (Boost 1.74 uses std::exchange without including it)

#include "arrakis/ingestor/websocket_transport.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <charconv>

namespace arrakis::ingestor {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::optional<GatewayEndpoint> parse_gateway_url(const std::string& url, const std::string& query) {
  GatewayEndpoint e;
  std::string rest;
  if (url.rfind("wss://", 0) == 0) {
    e.tls = true;
    rest = url.substr(6);
  } else if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else {
    return std::nullopt;
  }
  const auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (path.empty() || path[0] != '/') path = "/" + path;
  const auto q = path.find('?');
  if (q != std::string::npos) path = path.substr(0, q);  // Discord's own query is replaced by ours
  e.port = e.tls ? 443 : 80;
  if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    unsigned port = 0;
    const std::string p = authority.substr(colon + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || ptr != p.data() + p.size() || port == 0 || port > 65535) return std::nullopt;
    e.port = static_cast<std::uint16_t>(port);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return std::nullopt;
  e.host = authority;
  e.target = path + (query.empty() ? "" : "?" + query);
  return e;
}

namespace {

constexpr std::size_t kKeepBufferBytes = 64 * 1024;

template <class Stream>
class BeastTransport : public WebSocketTransport, public std::enable_shared_from_this<BeastTransport<Stream>> {
 public:
  template <class... Args>
  explicit BeastTransport(asio::io_context& io, Args&&... args) : resolver_(io), ws_(std::forward<Args>(args)...) {}

  void connect(const GatewayEndpoint& endpoint, std::chrono::milliseconds timeout, Done done) override {
    endpoint_ = endpoint;
    auto self = this->shared_from_this();
    resolver_.async_resolve(endpoint.host, std::to_string(endpoint.port),
                            [self, timeout, done](const boost::system::error_code& ec, tcp::resolver::results_type results) {
                              if (ec) return done(ec);
                              beast::get_lowest_layer(self->ws_).expires_after(timeout);
                              beast::get_lowest_layer(self->ws_).async_connect(
                                  results, [self, done](const boost::system::error_code& ec2, const tcp::endpoint&) {
                                    if (ec2) return done(ec2);
                                    self->after_tcp(done);
                                  });
                            });
  }

  void read(Received received) override {
    auto self = this->shared_from_this();
    ws_.async_read(buffer_, [self, received](const boost::system::error_code& ec, std::size_t) {
      if (ec == websocket::error::closed) self->close_code_ = static_cast<int>(self->ws_.reason().code);
      if (ec) return received(ec, {}, false);
      // Copy out and empty the buffer before the handler runs: it may start the next read at once.
      const std::string payload = beast::buffers_to_string(self->buffer_.cdata());
      self->buffer_.consume(self->buffer_.size());
      // One huge GUILD_CREATE must not pin its size in memory for the connection's life.
      if (self->buffer_.capacity() > kKeepBufferBytes) self->buffer_.shrink_to_fit();
      received(ec, payload, !self->ws_.got_text());
    });
  }

  void write(std::string text, Done done) override {
    auto self = this->shared_from_this();
    auto owned = std::make_shared<std::string>(std::move(text));
    ws_.text(true);
    ws_.async_write(asio::buffer(*owned), [self, owned, done](const boost::system::error_code& ec, std::size_t) { done(ec); });
  }

  void close(std::uint16_t code, Done done) override {
    auto self = this->shared_from_this();
    ws_.async_close(websocket::close_reason(code), [self, done](const boost::system::error_code& ec) { done(ec); });
  }

  void drop() override {
    boost::system::error_code ignored;
    resolver_.cancel();
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  std::optional<int> close_code() const override { return close_code_; }

 private:
  void after_tcp(Done done) {
    auto self = this->shared_from_this();
    if constexpr (std::is_same_v<typename Stream::next_layer_type, beast::tcp_stream>) {
      websocket_handshake(done);
    } else {
      // SNI: Discord's edge needs the host name in the TLS ClientHello.
      if (!SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), endpoint_.host.c_str())) {
        return done(boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
      }
      ws_.next_layer().set_verify_callback(asio::ssl::host_name_verification(endpoint_.host));
      ws_.next_layer().async_handshake(asio::ssl::stream_base::client, [self, done](const boost::system::error_code& ec) {
        if (ec) return done(ec);
        self->websocket_handshake(done);
      });
    }
  }

  void websocket_handshake(Done done) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t = websocket::stream_base::timeout::suggested(beast::role_type::client);
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "DiscordBot (https://github.com/arrakis, 1.0) arrakis-ingestor");
    }));
    const std::string host = endpoint_.host + ":" + std::to_string(endpoint_.port);
    ws_.async_handshake(host, endpoint_.target, [self, done](const boost::system::error_code& ec) { done(ec); });
  }

  tcp::resolver resolver_;
  Stream ws_;
  beast::flat_buffer buffer_;
  GatewayEndpoint endpoint_;
  std::optional<int> close_code_;
};

using PlainStream = websocket::stream<beast::tcp_stream>;
using TlsStream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace

std::shared_ptr<WebSocketTransport> make_transport(asio::io_context& io, bool tls, asio::ssl::context& ssl) {
  if (tls) return std::make_shared<BeastTransport<TlsStream>>(io, io, ssl);
  return std::make_shared<BeastTransport<PlainStream>>(io, io);
}

}  // namespace arrakis::ingestor
