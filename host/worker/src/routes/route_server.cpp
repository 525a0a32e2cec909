#include "routes/route_server.hpp"

// <utility> first: Boost 1.74 Asio uses std::exchange without including it (g++ 12).
#include <optional>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace arrakis::worker::routes {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// What every connection shares with the server.
struct Shared {
  const RouteDispatcher& dispatcher;
  asio::thread_pool& handlers;
  std::size_t max_body;
  std::size_t max_queued;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> queued{0};     // waiting for or running on a handler thread
  std::atomic<std::size_t> answering{0};  // dispatched and not yet written
};

// A plugin controls the content type: never let it smuggle a header line into the response.
std::string safe_content_type(const std::string& type) {
  const bool clean = std::none_of(type.begin(), type.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  return clean && !type.empty() ? type : "application/octet-stream";
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), shared_(shared) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(shared_.max_body);
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return write({413, "application/json", R"({"error":"request body too large"})", {}}, false, 11);
    }
    if (ec) return;  // closed, timed out or malformed: drop the connection
    const auto arrived = Clock::now();
    stream_.expires_never();  // the plugin call and the padding are not the client's time
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    RouteRequest request;
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(msg.body());
    beast::error_code ignored;
    request.peer = stream_.socket().remote_endpoint(ignored).address().to_string();

    if (shared_.stopping.load()) return write({503, "application/json", R"({"error":"shutting down"})", {}}, false, version_);
    if (shared_.queued.fetch_add(1) >= shared_.max_queued) {
      shared_.queued.fetch_sub(1);
      return write({503, "application/json", R"({"error":"busy"})", {}}, keep_alive_, version_);
    }
    shared_.answering.fetch_add(1);
    asio::post(shared_.handlers, [self = shared_from_this(), request = std::move(request), arrived] {
      RouteAnswer answer = self->shared_.dispatcher.handle(request);
      self->shared_.queued.fetch_sub(1);
      // Back on the connection's strand; the handler thread is free again at once.
      asio::post(self->stream_.get_executor(),
                 [self, answer = std::move(answer), arrived]() mutable { self->send_when_due(std::move(answer), arrived); });
    });
  }

  // Holds the answer until the route's minimum response time has passed since arrival.
  void send_when_due(RouteAnswer answer, Clock::time_point arrived) {
    const auto due = arrived + answer.min_duration;
    if (Clock::now() >= due) return finish(answer);
    timer_.expires_at(due);
    timer_.async_wait([self = shared_from_this(), answer = std::move(answer)](beast::error_code) { self->finish(answer); });
  }

  void finish(const RouteAnswer& answer) {
    shared_.answering.fetch_sub(1);
    write(answer, keep_alive_ && !shared_.stopping.load(), version_);
  }

  void write(const RouteAnswer& a, bool keep_alive, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(version);
    res->result(static_cast<unsigned>(a.status));
    res->set(bhttp::field::server, "arrakis");
    res->set(bhttp::field::content_type, safe_content_type(a.content_type));
    res->keep_alive(keep_alive);
    res->body() = a.body;
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
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
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Shared& shared_;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

}  // namespace

struct RouteServer::Impl {
  Options options;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::thread_pool handlers;
  Shared shared;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool stopped = false;

  Impl(Options o, const RouteDispatcher& dispatcher)
      : options(std::move(o)),
        handlers(static_cast<std::size_t>(std::max(1, options.handler_threads))),
        shared{dispatcher, handlers, options.max_body_bytes, options.max_queued} {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // acceptor closed
      std::make_shared<Session>(std::move(socket), shared)->start();
      accept();
    });
  }
};

RouteServer::RouteServer(Options options, const RouteDispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {
  auto& o = impl_->options;
  beast::error_code ec;
  const auto address = asio::ip::make_address(o.bind, ec);
  if (ec) throw std::runtime_error("ARRAKIS_ROUTES_BIND: '" + o.bind + "' is not an IP address");
  const tcp::endpoint endpoint(address, o.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("route listener cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " +
                             ec.message() + " (ARRAKIS_ROUTES_BIND / ARRAKIS_ROUTES_PORT)");
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  for (int i = 0; i < std::max(1, o.io_threads); ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
}

RouteServer::~RouteServer() { stop(); }

std::uint16_t RouteServer::port() const { return impl_->port; }

void RouteServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->shared.stopping = true;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  // Answers in flight: plugin calls finishing and padding timers; new requests are refused meanwhile.
  const auto deadline = Clock::now() + impl_->options.drain;
  while (impl_->shared.answering.load() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (impl_->shared.answering.load() > 0) {
    spdlog::warn("route listener stopped with {} answer(s) unsent", impl_->shared.answering.load());
  }
  impl_->handlers.stop();
  impl_->handlers.join();
  impl_->io.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

}  // namespace arrakis::worker::routes
