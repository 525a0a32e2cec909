#include "arrakis/http_server.hpp"

// <utility> first: Boost 1.74 Asio uses std::exchange without including it (g++ 12).
#include <optional>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "arrakis/log.hpp"
#include "arrakis/metrics.hpp"

namespace arrakis::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, std::size_t max_body, std::atomic<std::size_t>& live)
      : stream_(std::move(socket)), handler_(handler), max_body_(max_body), live_(live) {
    ++live_;
  }
  ~Session() { --live_; }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(max_body_);
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      Response r{413, "application/json", R"({"error":"request body too large"})", {}};
      return write(r, false, 11);
    }
    if (ec) return;  // closed, timed out or malformed: drop the connection
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    const auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    for (const auto& field : msg) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      req.headers[name] = std::string(field.value());
    }
    req.body = std::move(msg.body());
    beast::error_code ignored;
    req.remote_address = stream_.socket().remote_endpoint(ignored).address().to_string();

    Response res;
    try {
      res = handler_(req);
    } catch (const std::exception& e) {
      spdlog::error("HTTP {} {} failed: {}", req.method, req.path, e.what());
      res = Response{500, "application/json", R"({"error":"internal error"})", {}};
    }
    write(res, msg.keep_alive(), msg.version());
  }

  void write(const Response& r, bool keep_alive, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version);
    res->set(bhttp::field::server, "arrakis");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);  // a 204 has none
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    res->body() = r.body;
    res->prepare_payload();
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const Handler& handler_;
  std::size_t max_body_;
  std::atomic<std::size_t>& live_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  std::atomic<std::size_t> live_sessions{0};  // declared before io: sessions die with io's handlers
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  std::vector<std::thread> threads;

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;  // stopped
      if (ec) {
        // EMFILE, ENFILE, ENOBUFS, a connection reset before accept: transient. Keep accepting
        // after a pause instead of going deaf for good.
        spdlog::warn("HTTP server on port {}: accept failed ({}); retrying in 100 ms", options.port, ec.message());
        metrics::registry().counter_add("arrakis_http_accept_errors_total");
        accept_retry.expires_after(std::chrono::milliseconds(100));
        accept_retry.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      if (live_sessions.load() >= options.max_sessions) {
        metrics::registry().counter_add("arrakis_http_refused_connections_total");
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Session>(std::move(socket), handler, options.max_body_bytes, live_sessions)->start();
      }
      accept();
    });
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  const auto address = asio::ip::make_address(impl_->options.bind);
  tcp::endpoint endpoint(address, impl_->options.port);
  beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.bind + ":" + std::to_string(impl_->options.port) +
                             ": " + ec.message());
  }
  impl_->accept();
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  }
}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::stop() {
  if (impl_->io.stopped() && impl_->threads.empty()) return;
  impl_->io.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

}  // namespace arrakis::http
