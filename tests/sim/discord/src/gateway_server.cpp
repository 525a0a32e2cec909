#include "gateway_impl.hpp"

#include <future>

namespace arrakis::discord_sim {

namespace asio = boost::asio;
using nlohmann::json;

std::string gateway_frame(int op, const std::string& d, std::uint64_t s, const std::string& t) {
  std::string out;
  out.reserve(d.size() + t.size() + 48);
  out += "{\"op\":";
  out += std::to_string(op);
  out += ",\"d\":";
  out += d.empty() ? "null" : d;
  if (op == 0) {
    out += ",\"s\":";
    out += std::to_string(s);
    out += ",\"t\":\"";
    out += t;
    out += "\"}";
  } else {
    out += ",\"s\":null,\"t\":null}";
  }
  return out;
}

GatewayServer::Impl::Impl(const Options& o, const Clock& c, CommunityModel& m, IdentifyLimiter& l,
                          InteractionRegistry& i, Recorder& r)
    : options(o), clock(c), model(m), limiter(l), interactions(i), recorder(r), session_ids(o.seed ^ 0x5E55104EULL) {
  handlers.on_open = [this](const GatewayConnection::Ptr& conn) { on_open(conn); };
  handlers.on_message = [this](const GatewayConnection::Ptr& conn, std::string&& text) { on_message(conn, std::move(text)); };
  handlers.on_closed = [this](const GatewayConnection::Ptr& conn, int code) { on_closed(conn, code); };
  handlers.on_heartbeat_missed = [this](const GatewayConnection::Ptr& conn) { on_heartbeat_missed(conn); };
}

void GatewayServer::Impl::accept() {
  acceptor.async_accept([this](boost::beast::error_code ec, asio::ip::tcp::socket socket) {
    if (ec) return;  // acceptor closed
    socket.set_option(asio::ip::tcp::no_delay(true));
    auto conn = std::make_shared<GatewayConnection>(std::move(socket), handlers, recorder, queued);
    conn->serial = next_serial++;
    connections.insert(conn);
    conn->start();
    accept();
  });
}

void GatewayServer::Impl::send_control(const GatewayConnection::Ptr& c, int op, const std::string& d) {
  c->send(std::make_shared<const std::string>(gateway_frame(op, d)), {op, {}, 0});
}

void GatewayServer::Impl::send_to_session(GatewaySession& s, const Dispatch& event) {
  auto frame = s.push(event);
  if (s.connection) {
    s.connection->send(frame, {0, event.type, s.seq});
    if (event.interaction_id) interactions.mark_dispatched(event.interaction_id);
  }
}

void GatewayServer::Impl::fan_out(const Dispatch& event) {
  std::size_t delivered = 0;
  for (auto& [id, s] : sessions) {
    if (!s->accepts(event)) continue;
    send_to_session(*s, event);
    ++delivered;
  }
  recorder.count("dispatched", delivered);
}

void GatewayServer::Impl::sweep() {
  // Sessions that stayed disconnected longer than Discord keeps them are gone for good.
  const auto now = clock.now();
  const auto keep = clock.scaled(std::chrono::milliseconds(options.session_resume_ms));
  std::erase_if(sessions, [&](const auto& kv) { return !kv.second->connection && now - kv.second->disconnected_at > keep; });
  sweep_timer.expires_after(std::chrono::milliseconds(500));
  sweep_timer.async_wait([this](boost::beast::error_code ec) {
    if (!ec) sweep();
  });
}

template <typename F>
void GatewayServer::Impl::for_connections(const std::string& session_id, F&& f) {
  std::vector<GatewayConnection::Ptr> targets;
  for (const auto& c : connections) {
    if (session_id.empty() || (c->session && c->session->id == session_id)) targets.push_back(c);
  }
  for (const auto& c : targets) f(c);
}

GatewayServer::GatewayServer(const Options& options, const Clock& clock, CommunityModel& model,
                             IdentifyLimiter& limiter, InteractionRegistry& interactions, Recorder& recorder)
    : impl_(std::make_unique<Impl>(options, clock, model, limiter, interactions, recorder)) {
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options.bind), options.gateway_port);
  boost::beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("gateway cannot listen on " + options.bind + ":" + std::to_string(options.gateway_port) +
                             ": " + ec.message());
  }
  impl_->accept();
  impl_->sweep();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

GatewayServer::~GatewayServer() { stop(); }

void GatewayServer::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [this] {
    boost::beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->sweep_timer.cancel();
    const std::vector<GatewayConnection::Ptr> open(impl_->connections.begin(), impl_->connections.end());
    for (const auto& c : open) c->drop();
    impl_->connections.clear();
    for (auto& [id, s] : impl_->sessions) s->connection.reset();
    impl_->sessions.clear();
  });
  // Let the drops' handlers run out, then stop whatever is left.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!impl_->io.stopped() && std::chrono::steady_clock::now() < deadline && impl_->queued.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->io.stop();
  impl_->thread.join();
}

std::uint16_t GatewayServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string GatewayServer::url() const { return "ws://" + impl_->options.bind + ":" + std::to_string(port()); }

void GatewayServer::dispatch(Dispatch event) {
  asio::post(impl_->io, [this, event = std::move(event)] { impl_->fan_out(event); });
}

void GatewayServer::dispatch(std::vector<Dispatch> events) {
  asio::post(impl_->io, [this, events = std::move(events)] {
    for (const auto& e : events) impl_->fan_out(e);
  });
}

std::size_t GatewayServer::queued_frames() const { return impl_->queued.load(); }

void GatewayServer::drop_sockets(const std::string& session_id) {
  asio::post(impl_->io, [this, session_id] { impl_->for_connections(session_id, [](const auto& c) { c->drop(); }); });
}

void GatewayServer::send_reconnect(const std::string& session_id) {
  asio::post(impl_->io, [this, session_id] {
    impl_->for_connections(session_id, [this](const auto& c) {
      impl_->send_control(c, 7, "null");
      // Discord closes a few seconds after op 7 if the client did not; the session stays resumable.
      c->close_after(impl_->clock.scaled(std::chrono::milliseconds(3000)), 4000);
    });
  });
}

void GatewayServer::send_invalid_session(bool resumable, const std::string& session_id) {
  asio::post(impl_->io, [this, resumable, session_id] {
    impl_->for_connections(session_id, [this, resumable](const auto& c) {
      impl_->send_control(c, 9, resumable ? "true" : "false");
      if (!resumable && c->session) {
        impl_->invalidate(c->session->id);
        c->session.reset();
      }
      c->close_after(impl_->clock.scaled(std::chrono::milliseconds(3000)), resumable ? 4000 : 4009);
    });
  });
}

void GatewayServer::request_heartbeat(const std::string& session_id) {
  asio::post(impl_->io, [this, session_id] {
    impl_->for_connections(session_id, [this](const auto& c) { impl_->send_control(c, 1, "null"); });
  });
}

void GatewayServer::send_raw(const std::string& text, const std::string& session_id) {
  asio::post(impl_->io, [this, text, session_id] {
    auto frame = std::make_shared<const std::string>(text);
    impl_->for_connections(session_id, [frame](const auto& c) { c->send(frame, {-1, {}, 0}); });
  });
}

json GatewayServer::status() const {
  auto result = std::make_shared<std::promise<json>>();
  auto future = result->get_future();
  asio::post(impl_->io, [this, result] {
    json sessions = json::array();
    for (const auto& [id, s] : impl_->sessions) {
      sessions.push_back({{"session_id", id},
                          {"shard", {s->shard_id, s->shard_count}},
                          {"intents", s->intents},
                          {"seq", s->seq},
                          {"connected", s->connection != nullptr},
                          {"buffered", s->buffer.size()}});
    }
    result->set_value({{"connections", impl_->connections.size()}, {"sessions", sessions},
                      {"queued_frames", impl_->queued.load()}});
  });
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return {{"error", "gateway busy"}};
  return future.get();
}

}  // namespace arrakis::discord_sim
