#include <utility>  // before Asio (Boost 1.74 uses std::exchange without including it)

#include "arrakis/ingestor/gateway_shard.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "arrakis/ingestor/close_code_policy.hpp"
#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/heartbeat_monitor.hpp"
#include "arrakis/ingestor/identify_limiter.hpp"
#include "arrakis/ingestor/metrics.hpp"
#include "arrakis/ingestor/normaliser.hpp"
#include "arrakis/ingestor/publisher.hpp"
#include "arrakis/ingestor/send_limiter.hpp"
#include "arrakis/ingestor/uuid.hpp"
#include "arrakis/ingestor/websocket_transport.hpp"
#include "arrakis/ingestor/zlib_inflater.hpp"
#include "arrakis/json_limits.hpp"

namespace arrakis::ingestor {

namespace asio = boost::asio;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {
// The code of our own closes: anything but 1000/1001 keeps the session resumable (spec 1.4).
constexpr std::uint16_t kResumableClose = 4000;
constexpr auto kBackPressureRetry = std::chrono::milliseconds(5);
// What a gateway payload may be. A GUILD_CREATE of a very large guild is a few MiB; Discord's
// payloads nest about 8 levels.
constexpr JsonLimits kGatewayPayloadLimits{64 * 1024 * 1024, 64};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

struct GatewayShard::Impl : std::enable_shared_from_this<GatewayShard::Impl> {
  Impl(ShardOptions o, IdentifyLimiter& l, EventBuffer& b, Metrics& m, asio::ssl::context& s, FatalHandler f)
      : options(std::move(o)), limiter(l), buffer(b), metrics(m), ssl(s), on_fatal(std::move(f)),
        heartbeat_timer(io), identify_timer(io), reconnect_timer(io), send_timer(io), backpressure_timer(io),
        rng(std::random_device{}()) {}

  ShardOptions options;
  IdentifyLimiter& limiter;
  EventBuffer& buffer;
  Metrics& metrics;
  asio::ssl::context& ssl;
  FatalHandler on_fatal;

  asio::io_context io;
  std::thread thread;
  asio::steady_timer heartbeat_timer, identify_timer, reconnect_timer, send_timer, backpressure_timer;
  std::mt19937_64 rng;

  // The current connection; `generation` invalidates the handlers of older ones.
  std::shared_ptr<WebSocketTransport> transport;
  std::uint64_t generation = 0;
  std::unique_ptr<ZlibInflater> inflater;
  SendLimiter send_limiter;
  HeartbeatMonitor heartbeat;
  struct Outgoing {
    std::string text;
    bool heartbeat;
  };
  std::deque<Outgoing> outgoing;
  bool writing = false;
  bool reading = false;
  // Frames arrived since the last beat: the socket is alive even if the ACK is still queued
  // behind a burst of dispatches we have not read yet.
  bool received_since_beat = false;

  // The session: all the state a shard keeps.
  std::string session_id;
  std::string resume_url;
  std::int64_t seq = 0;  // last dispatch handed to the buffer (0 = none)
  int failures = 0;      // consecutive connections that ended before READY/RESUMED
  int protocol_errors = 0;  // consecutive connections the peer broke the protocol on (reset by an ACK)

  // Back-pressure: a dispatch that did not fit waits here, and reading stops until it fits.
  std::optional<OutboundEvent> held;
  std::int64_t held_seq = 0;
  bool stop_reading = false;
  bool closing = false;
  std::promise<void> closed;
  bool closed_set = false;

  // Read by status() from other threads.
  std::atomic<bool> connected{false};
  std::atomic<bool> paused{false};
  std::atomic<std::int64_t> latency_ms{-1};
  std::atomic<std::int64_t> published_seq{0};
  std::atomic<std::uint64_t> reconnects{0}, identifies{0}, resumes{0};
  mutable std::mutex fatal_mutex;
  std::string fatal_error;

  std::chrono::milliseconds scaled(std::chrono::milliseconds d) const {
    return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(d.count()) / options.time_factor));
  }

  // ------------------------------------------------------------------ connection
  void connect(bool resume) {
    ++generation;
    const std::uint64_t g = generation;
    const bool can_resume = resume && !session_id.empty();
    const std::string url = can_resume && !resume_url.empty() ? resume_url : options.gateway_url;
    const auto endpoint =
        parse_gateway_url(url, std::string("v=10&encoding=json") + (options.compress ? "&compress=zlib-stream" : ""));
    if (!endpoint) {
      report_fatal("the gateway URL '" + url + "' is not ws:// or wss://");
      return;
    }
    if (!can_resume) {
      session_id.clear();
      resume_url.clear();
      seq = 0;
    }
    transport = make_transport(io, endpoint->tls, ssl);
    inflater = options.compress ? std::make_unique<ZlibInflater>() : nullptr;
    send_limiter = SendLimiter();
    outgoing.clear();
    writing = false;
    reading = false;
    received_since_beat = false;
    auto self = shared_from_this();
    auto t = transport;
    spdlog::debug("shard {}: connecting to {}:{} ({})", options.shard_id, endpoint->host, endpoint->port,
                  can_resume ? "resume" : "identify");
    transport->connect(*endpoint, options.connect_timeout, [self, g, t](const boost::system::error_code& ec) {
      if (g != self->generation) return;
      if (ec) {
        spdlog::warn("shard {}: cannot connect to the gateway: {}", self->options.shard_id, ec.message());
        self->connection_lost(g);
        return;
      }
      self->read_next(g);
    });
  }

  void read_next(std::uint64_t g) {
    if (g != generation || reading || stop_reading || held) return;
    reading = true;
    auto self = shared_from_this();
    auto t = transport;
    transport->read([self, g, t](const boost::system::error_code& ec, std::string_view payload, bool binary) {
      if (g != self->generation) return;
      self->reading = false;
      if (ec) {
        if (!self->closing) {
          const auto code = t->close_code();
          spdlog::info("shard {}: gateway connection ended ({}{})", self->options.shard_id, ec.message(),
                       code ? std::string(", close code ").append(std::to_string(*code)) : std::string());
        }
        self->connection_lost(g);
        return;
      }
      self->received_since_beat = true;
      self->on_frame(g, payload, binary);
      self->read_next(g);
    });
  }

  // Tears the current connection down (no close frame: a TCP drop keeps the session resumable)
  // and connects again after `delay`.
  void reconnect(bool resume, std::chrono::milliseconds delay) {
    ++generation;
    const std::uint64_t g = generation;
    abandon_connection();
    ++reconnects;
    reconnect_timer.expires_after(delay);
    auto self = shared_from_this();
    reconnect_timer.async_wait([self, g, resume](const boost::system::error_code& ec) {
      if (ec || g != self->generation || self->closing) return;
      self->connect(resume);
    });
  }

  void abandon_connection() {
    connected = false;
    heartbeat_timer.cancel();
    identify_timer.cancel();
    send_timer.cancel();
    backpressure_timer.cancel();
    // A dispatch still waiting for room was never counted in `seq`: the RESUME replays it.
    held.reset();
    paused = false;
    if (transport) transport->drop();
  }

  void connection_lost(std::uint64_t g) {
    if (g != generation) return;
    const auto code = transport ? transport->close_code() : std::nullopt;
    if (closing) {
      finish_close();
      return;
    }
    const CloseAction action = close_action(code);
    if (action == CloseAction::fatal) {
      abandon_connection();
      report_fatal(fatal_explanation(*code));
      return;
    }
    if (action == CloseAction::reidentify) {
      spdlog::info("shard {}: session cannot be resumed (close code {}); identifying anew", options.shard_id,
                   code.value_or(0));
      session_id.clear();
    }
    ++failures;
    // The first reconnect after a working session is immediate; repeated failures back off
    // 1, 2, 4 ... 30 s.
    const auto delay = failures <= 1 ? std::chrono::milliseconds(0)
                                     : scaled(backoff_delay(failures - 1, std::chrono::seconds(1), std::chrono::seconds(30)));
    reconnect(!session_id.empty(), delay);
  }

  void report_fatal(const std::string& message) {
    {
      std::lock_guard lock(fatal_mutex);
      fatal_error = message;
    }
    spdlog::critical("shard {}: {}", options.shard_id, message);
    closing = true;
    if (on_fatal) on_fatal(options.shard_id, message);
  }

  // ------------------------------------------------------------------ protocol
  // Whatever the peer sends, a frame never ends the process: a payload that breaks the protocol
  // (or a handler that throws on it) drops this connection, and the shard resumes.
  void on_frame(std::uint64_t g, std::string_view frame, bool binary) {
    try {
      handle_frame(g, frame, binary);
    } catch (const std::exception& e) {
      protocol_error(std::string("gateway payload could not be handled: ") + e.what());
    }
  }

  // The peer broke the protocol: reconnect after 1, 2, 4 ... 60 s (consecutive errors; a heartbeat
  // ACK resets the count), so a broken or hostile gateway is never hammered in a tight loop.
  void protocol_error(const std::string& what) {
    ++protocol_errors;
    const auto delay = scaled(backoff_delay(protocol_errors, std::chrono::seconds(1), std::chrono::seconds(60)));
    spdlog::warn("shard {}: {}; reconnecting in {} ms", options.shard_id, what, delay.count());
    metrics.protocol_error(options.shard_id);
    reconnect(true, delay);
  }

  void handle_frame(std::uint64_t g, std::string_view frame, bool binary) {
    std::string inflated;
    if (binary) {
      if (!inflater) return protocol_error("binary frame without compression");
      try {
        auto payload = inflater->feed(frame);
        if (!payload) return;
        inflated = std::move(*payload);
      } catch (const InflateError& e) {
        return protocol_error(e.what());
      }
      frame = inflated;
    }
    if (auto why = json_limit_violation(frame, kGatewayPayloadLimits)) return protocol_error("gateway payload refused: " + *why);
    json message = json::parse(frame, nullptr, false);
    if (message.is_discarded() || !message.is_object()) return protocol_error("undecodable gateway payload");
    if (!message.contains("op") || !message["op"].is_number_integer()) {
      return protocol_error("gateway payload without an integer op");
    }
    const int op = message["op"].get<int>();
    const json& d = message.contains("d") ? message["d"] : json();
    switch (op) {
      case 10: on_hello(g, d); break;
      case 11: on_heartbeat_ack(); break;
      case 1: send_heartbeat(); break;  // the server asks for a beat right away
      case 7:
        spdlog::info("shard {}: RECONNECT requested; resuming", options.shard_id);
        reconnect(true, std::chrono::milliseconds(0));
        break;
      case 9: on_invalid_session(d.is_boolean() && d.get<bool>()); break;
      case 0: on_dispatch(message); break;
      default: break;
    }
  }

  void on_hello(std::uint64_t g, const json& d) {
    // Discord sends 41250; anything not a sane number of milliseconds is taken as that.
    std::int64_t ms = 41250;
    if (d.is_object() && d.contains("heartbeat_interval") && d["heartbeat_interval"].is_number_integer()) {
      ms = std::clamp<std::int64_t>(d["heartbeat_interval"].get<std::int64_t>(), 1, 600000);
    }
    const auto interval = std::chrono::milliseconds(ms);
    heartbeat.start(interval);
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    schedule_heartbeat(g, heartbeat.first_delay(jitter(rng)));
    if (!session_id.empty()) {
      send_resume();
    } else {
      schedule_identify(g);
    }
  }

  void schedule_heartbeat(std::uint64_t g, std::chrono::milliseconds delay) {
    heartbeat_timer.expires_after(delay);
    auto self = shared_from_this();
    heartbeat_timer.async_wait([self, g](const boost::system::error_code& ec) {
      if (ec || g != self->generation) return;
      // While reading is paused (back-pressure, shutdown) the ACK cannot be seen, and while frames
      // keep arriving it may just be queued behind them: neither is a zombie.
      const bool excused = self->paused || self->stop_reading || self->received_since_beat;
      self->received_since_beat = false;
      if (!self->heartbeat.beat_due(SteadyClock::now(), excused)) {
        spdlog::warn("shard {}: no heartbeat ACK since the last beat (zombie connection); reconnecting and resuming",
                     self->options.shard_id);
        self->reconnect(true, std::chrono::milliseconds(0));
        return;
      }
      self->send_heartbeat();
      self->schedule_heartbeat(g, self->heartbeat.interval());
    });
  }

  void send_heartbeat() {
    json beat = {{"op", 1}, {"d", seq > 0 ? json(seq) : json()}};
    send(beat.dump(), true);
  }

  void on_heartbeat_ack() {
    protocol_errors = 0;
    heartbeat.acknowledged(SteadyClock::now());
    if (auto l = heartbeat.latency()) latency_ms = l->count();
  }

  void schedule_identify(std::uint64_t g) {
    const auto at = limiter.reserve(options.shard_id);
    identify_timer.expires_at(at);
    auto self = shared_from_this();
    identify_timer.async_wait([self, g](const boost::system::error_code& ec) {
      if (ec || g != self->generation) return;
      self->send_identify();
    });
  }

  void send_identify() {
    json identify = {{"op", 2},
                     {"d",
                      {{"token", options.token},
                       {"intents", options.intents},
                       {"properties", {{"os", "linux"}, {"browser", "arrakis"}, {"device", "arrakis"}}},
                       {"shard", {options.shard_id, options.shard_count}},
                       {"large_threshold", 50}}}};
    ++identifies;
    spdlog::info("shard {}: identifying ({} of {})", options.shard_id, options.shard_id, options.shard_count);
    send(identify.dump(), false);
  }

  void send_resume() {
    json resume = {{"op", 6}, {"d", {{"token", options.token}, {"session_id", session_id}, {"seq", seq}}}};
    ++resumes;
    spdlog::info("shard {}: resuming session at sequence {}", options.shard_id, seq);
    send(resume.dump(), false);
  }

  void on_invalid_session(bool resumable) {
    if (resumable && !session_id.empty()) {
      spdlog::info("shard {}: INVALID_SESSION (resumable); resuming", options.shard_id);
      reconnect(true, std::chrono::milliseconds(0));
      return;
    }
    // Discord's advice: wait a random 1-5 s, then IDENTIFY on a new connection.
    session_id.clear();
    std::uniform_int_distribution<int> wait(1000, 5000);
    const auto delay = scaled(std::chrono::milliseconds(wait(rng)));
    spdlog::info("shard {}: INVALID_SESSION; identifying anew in {} ms", options.shard_id, delay.count());
    reconnect(false, delay);
  }

  void on_dispatch(const json& message) {
    const std::int64_t s = message.contains("s") && message["s"].is_number_integer() ? message["s"].get<std::int64_t>() : 0;
    const std::string t = message.contains("t") && message["t"].is_string() ? message["t"].get<std::string>() : "";
    const json& d = message.contains("d") ? message["d"] : json();
    if (s > 0 && s <= seq) return;  // already handed over (a replay overlapping what we had)
    if (t == "READY") {
      session_id = d.value("session_id", "");
      resume_url = d.value("resume_gateway_url", "");
      connected = true;
      failures = 0;
      spdlog::info("shard {}: READY ({} guilds)", options.shard_id, d.contains("guilds") ? d["guilds"].size() : 0);
    } else if (t == "RESUMED") {
      connected = true;
      failures = 0;
      spdlog::info("shard {}: RESUMED at sequence {}", options.shard_id, seq);
    }
    auto event = normalise(t, d, options.shard_id, EventStamp{uuid_v4(), now_ms()});
    if (!event) {
      if (t != "READY" && t != "RESUMED") metrics.filtered(options.shard_id);
      advance(s);
      return;
    }
    metrics.received(options.shard_id, event->event_type);
    if (buffer.try_push(*event)) {
      advance(s);
      return;
    }
    // The buffer is full (RabbitMQ down or slow): keep this event and stop reading until it fits.
    held = std::move(*event);
    held_seq = s;
    paused = true;
    spdlog::warn("shard {}: event buffer full ({} events); pausing the gateway until RabbitMQ catches up",
                 options.shard_id, buffer.capacity());
    retry_held(generation);
  }

  void advance(std::int64_t s) {
    if (s > seq) seq = s;
    published_seq = seq;
  }

  void retry_held(std::uint64_t g) {
    backpressure_timer.expires_after(kBackPressureRetry);
    auto self = shared_from_this();
    backpressure_timer.async_wait([self, g](const boost::system::error_code& ec) {
      if (ec || g != self->generation || !self->held) return;
      if (!self->buffer.try_push(*self->held)) return self->retry_held(g);
      self->advance(self->held_seq);
      self->held.reset();
      self->paused = false;
      spdlog::info("shard {}: buffer has room again; reading resumed", self->options.shard_id);
      self->read_next(g);
    });
  }

  // ------------------------------------------------------------------ sending
  void send(std::string text, bool is_heartbeat) {
    if (closing) return;
    outgoing.push_back({std::move(text), is_heartbeat});
    pump(generation);
  }

  void pump(std::uint64_t g) {
    if (g != generation || writing || outgoing.empty()) return;
    const auto wait = send_limiter.delay(outgoing.front().heartbeat);
    if (wait > SteadyClock::duration::zero()) {
      send_timer.expires_after(wait);
      auto self = shared_from_this();
      send_timer.async_wait([self, g](const boost::system::error_code& ec) {
        if (!ec) self->pump(g);
      });
      return;
    }
    send_limiter.record();
    writing = true;
    std::string text = std::move(outgoing.front().text);
    outgoing.pop_front();
    auto self = shared_from_this();
    auto t = transport;
    transport->write(std::move(text), [self, g, t](const boost::system::error_code& ec) {
      if (g != self->generation) return;
      self->writing = false;
      if (ec) return;  // the read side sees the failure and reconnects
      if (self->closing) return self->do_close(g);
      self->pump(g);
    });
  }

  // ------------------------------------------------------------------ stopping
  void begin_close() {
    closing = true;
    stop_reading = true;
    heartbeat_timer.cancel();
    identify_timer.cancel();
    reconnect_timer.cancel();
    send_timer.cancel();
    backpressure_timer.cancel();
    outgoing.clear();
    if (!transport || !connected_or_open()) return finish_close();
    if (!writing) do_close(generation);
  }

  bool connected_or_open() const { return transport != nullptr; }

  void do_close(std::uint64_t g) {
    auto self = shared_from_this();
    auto t = transport;
    transport->close(kResumableClose, [self, g, t](const boost::system::error_code&) {
      if (g != self->generation) return;
      self->finish_close();
    });
  }

  void finish_close() {
    connected = false;
    if (transport) transport->drop();
    if (!closed_set) {
      closed_set = true;
      closed.set_value();
    }
  }
};

GatewayShard::GatewayShard(ShardOptions options, IdentifyLimiter& limiter, EventBuffer& buffer, Metrics& metrics,
                           asio::ssl::context& ssl, FatalHandler on_fatal)
    : impl_(std::make_shared<Impl>(std::move(options), limiter, buffer, metrics, ssl, std::move(on_fatal))) {}

GatewayShard::~GatewayShard() { close(std::chrono::milliseconds(500)); }

void GatewayShard::start() {
  auto impl = impl_;
  asio::post(impl->io, [impl] { impl->connect(false); });
  impl->thread = std::thread([impl] {
    auto guard = asio::make_work_guard(impl->io);
    impl->io.run();
  });
}

void GatewayShard::stop_reading() {
  auto impl = impl_;
  asio::post(impl->io, [impl] { impl->stop_reading = true; });
}

void GatewayShard::close(std::chrono::milliseconds timeout) {
  auto impl = impl_;
  if (!impl->thread.joinable()) return;
  auto done = impl->closed.get_future();
  asio::post(impl->io, [impl] { impl->begin_close(); });
  done.wait_for(timeout);
  impl->io.stop();
  impl->thread.join();
  // Let every pending handler run out (they hold the Impl alive): nothing may reconnect now.
  impl->closing = true;
  ++impl->generation;
  impl->abandon_connection();
  impl->reconnect_timer.cancel();
  impl->io.restart();
  impl->io.run_for(std::chrono::seconds(2));
}

ShardStatus GatewayShard::status() const {
  ShardStatus s;
  s.shard_id = impl_->options.shard_id;
  s.connected = impl_->connected;
  s.reading_paused = impl_->paused;
  if (const auto l = impl_->latency_ms.load(); l >= 0) s.latency_ms = l;
  s.sequence = impl_->published_seq;
  s.reconnects = impl_->reconnects;
  s.identifies = impl_->identifies;
  s.resumes = impl_->resumes;
  std::lock_guard lock(impl_->fatal_mutex);
  s.fatal_error = impl_->fatal_error;
  return s;
}

}  // namespace arrakis::ingestor
