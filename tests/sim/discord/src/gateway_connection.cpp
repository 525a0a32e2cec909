#include "arrakis/discord_sim/gateway_connection.hpp"

#include "arrakis/discord_sim/gateway_session.hpp"

namespace arrakis::discord_sim {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace bhttp = beast::http;

namespace {

// A slow client is cut off rather than letting its queue eat the machine.
constexpr std::size_t kMaxQueuedFrames = 200000;
constexpr std::size_t kRecordedPayloadBytes = 256;

std::string query_value(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::size_t pos = q + 1;
  while (pos < target.size()) {
    auto amp = target.find('&', pos);
    if (amp == std::string::npos) amp = target.size();
    const auto pair = target.substr(pos, amp - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? std::string() : pair.substr(eq + 1);
    pos = amp + 1;
  }
  return {};
}

}  // namespace

GatewayConnection::GatewayConnection(boost::asio::ip::tcp::socket socket, const Handlers& handlers,
                                     Recorder& recorder, std::atomic<std::size_t>& queued_frames)
    : ws_(std::move(socket)),
      heartbeat_timer_(ws_.get_executor()),
      close_timer_(ws_.get_executor()),
      handlers_(handlers),
      recorder_(recorder),
      queued_frames_(queued_frames) {}

GatewayConnection::~GatewayConnection() {
  for (const auto& out : queue_) {
    if (!out.close_code) --queued_frames_;
  }
}

std::string GatewayConnection::session_id() const { return session ? session->id : std::string(); }

void GatewayConnection::start() {
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
  bhttp::async_read(beast::get_lowest_layer(ws_), buffer_, upgrade_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_upgrade_read(ec); });
}

void GatewayConnection::on_upgrade_read(beast::error_code ec) {
  if (ec || !websocket::is_upgrade(upgrade_)) {
    beast::get_lowest_layer(ws_).close();
    return;
  }
  const std::string target(upgrade_.target());
  version = query_value(target, "v");
  encoding = query_value(target, "encoding");
  compress = query_value(target, "compress");
  if (compress == "zlib-stream") compressor_.emplace();
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(bhttp::field::server, "arrakis-discord-sim"); }));
  ws_.read_message_max(64 * 1024);  // the 4096-byte rule is checked by the protocol (close 4002)
  ws_.async_accept(upgrade_, [self = shared_from_this()](beast::error_code accept_ec) {
    if (accept_ec) return self->finish(-1);
    self->open_ = true;
    self->handlers_.on_open(self);
    self->read();
  });
}

void GatewayConnection::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      const int code = ec == websocket::error::closed ? static_cast<int>(self->ws_.reason().code) : -1;
      return self->finish(code);
    }
    std::string text = beast::buffers_to_string(self->buffer_.data());
    self->buffer_.consume(self->buffer_.size());
    self->recorder_.add({0, 0, "gateway_receive", {}, {}, 0, -1, {}, 0, self->session_id(), text.size(),
                         text.substr(0, kRecordedPayloadBytes), {}, {}});
    if (!self->finished_) self->handlers_.on_message(self, std::move(text));
    if (!self->finished_) self->read();
  });
}

void GatewayConnection::send(const Frame& frame, const FrameInfo& info) {
  if (closing_ || finished_) return;
  if (queue_.size() >= kMaxQueuedFrames) {
    drop();
    return;
  }
  Out out;
  if (compressor_) {
    out.bytes = compressor_->compress(*frame);
    out.binary = true;
  } else {
    out.frame = frame;
  }
  Record r;
  r.kind = "gateway_send";
  r.op = info.op;
  r.event = info.event;
  r.seq = info.seq;
  r.session = session_id();
  r.bytes = frame->size();
  r.body = frame->substr(0, kRecordedPayloadBytes);
  recorder_.add(std::move(r));
  ++queued_frames_;
  queue_.push_back(std::move(out));
  if (!writing_) write_next();
}

void GatewayConnection::close(int code, const std::string& reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  server_close_code = code;
  recorder_.add({0, 0, "gateway_close", {}, {}, code, -1, {}, 0, session_id(), 0, reason, {}, {}});
  recorder_.gateway_close(code);
  Out out;
  out.close_code = code;
  out.reason = reason;
  queue_.push_back(std::move(out));
  if (!writing_) write_next();
}

void GatewayConnection::close_after(Clock::duration delay, int code) {
  close_timer_.expires_after(delay);
  close_timer_.async_wait([self = shared_from_this(), code](beast::error_code ec) {
    if (!ec) self->close(code, "reconnect");
  });
}

void GatewayConnection::drop() {
  if (finished_) return;
  closing_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).close();
  finish(-1);
}

void GatewayConnection::arm_heartbeat(Clock::duration deadline) {
  heartbeat_timer_.expires_after(deadline);
  heartbeat_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && !self->finished_) self->handlers_.on_heartbeat_missed(self);
  });
}

void GatewayConnection::write_next() {
  if (queue_.empty() || finished_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  Out& out = queue_.front();
  if (out.close_code) {
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(out.close_code), out.reason),
                    [self = shared_from_this()](beast::error_code) {
                      self->queue_.pop_front();
                      self->writing_ = false;
                      // The client answers the close; the pending read then ends with `closed`.
                      // A client that never answers is cut off by the timeout option.
                    });
    return;
  }
  ws_.binary(out.binary);
  const boost::asio::const_buffer buffer = out.binary ? boost::asio::const_buffer(out.bytes.data(), out.bytes.size())
                                                   : boost::asio::const_buffer(out.frame->data(), out.frame->size());
  ws_.async_write(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->queue_.pop_front();
    --self->queued_frames_;
    if (ec) {
      self->writing_ = false;
      return self->finish(-1);
    }
    self->write_next();
  });
}

void GatewayConnection::finish(int code) {
  if (finished_) return;
  finished_ = true;
  heartbeat_timer_.cancel();
  close_timer_.cancel();
  if (open_) handlers_.on_closed(shared_from_this(), code);
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace arrakis::discord_sim
