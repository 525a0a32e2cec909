#include "arrakis/amqp.hpp"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <openssl/ssl.h>
#include <sys/time.h>

#include <deque>
#include <limits>
#include <unordered_map>

#include "arrakis/url.hpp"

namespace arrakis::amqp {
namespace {

constexpr amqp_channel_t kChannel = 1;

amqp_bytes_t bytes(const std::string& s) { return amqp_bytes_t{s.size(), const_cast<char*>(s.data())}; }
std::string text(amqp_bytes_t b) { return std::string(static_cast<const char*>(b.bytes), b.len); }

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// Owns the entries of an amqp_table_t built from a Table; the Table's strings must outlive it.
class EncodedTable {
 public:
  explicit EncodedTable(const Table& table) {
    entries_.reserve(table.size());
    for (const auto& [key, value] : table) {
      amqp_table_entry_t e{};
      e.key = bytes(key);
      if (const auto* s = std::get_if<std::string>(&value)) {
        e.value.kind = AMQP_FIELD_KIND_UTF8;
        e.value.value.bytes = bytes(*s);
      } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        // Brokers check some arguments (x-max-priority) as 32-bit: use the narrowest kind that fits.
        if (*i >= std::numeric_limits<std::int32_t>::min() && *i <= std::numeric_limits<std::int32_t>::max()) {
          e.value.kind = AMQP_FIELD_KIND_I32;
          e.value.value.i32 = static_cast<std::int32_t>(*i);
        } else {
          e.value.kind = AMQP_FIELD_KIND_I64;
          e.value.value.i64 = *i;
        }
      } else {
        e.value.kind = AMQP_FIELD_KIND_BOOLEAN;
        e.value.value.boolean = std::get<bool>(value) ? 1 : 0;
      }
      entries_.push_back(e);
    }
  }
  amqp_table_t table() {
    return amqp_table_t{static_cast<int>(entries_.size()), entries_.empty() ? nullptr : entries_.data()};
  }

 private:
  std::vector<amqp_table_entry_t> entries_;
};

Table decode_table(const amqp_table_t& t) {
  Table out;
  for (int i = 0; i < t.num_entries; ++i) {
    const auto& e = t.entries[i];
    const std::string key = text(e.key);
    switch (e.value.kind) {
      case AMQP_FIELD_KIND_UTF8:
      case AMQP_FIELD_KIND_BYTES: out[key] = text(e.value.value.bytes); break;
      case AMQP_FIELD_KIND_BOOLEAN: out[key] = e.value.value.boolean != 0; break;
      case AMQP_FIELD_KIND_I8: out[key] = std::int64_t{e.value.value.i8}; break;
      case AMQP_FIELD_KIND_U8: out[key] = std::int64_t{e.value.value.u8}; break;
      case AMQP_FIELD_KIND_I16: out[key] = std::int64_t{e.value.value.i16}; break;
      case AMQP_FIELD_KIND_U16: out[key] = std::int64_t{e.value.value.u16}; break;
      case AMQP_FIELD_KIND_I32: out[key] = std::int64_t{e.value.value.i32}; break;
      case AMQP_FIELD_KIND_U32: out[key] = std::int64_t{e.value.value.u32}; break;
      case AMQP_FIELD_KIND_I64: out[key] = std::int64_t{e.value.value.i64}; break;
      case AMQP_FIELD_KIND_U64: out[key] = static_cast<std::int64_t>(e.value.value.u64); break;
      default: break;  // arrays and nested tables (x-death) are not needed by the host
    }
  }
  return out;
}

void copy_properties(const amqp_basic_properties_t& p, Message& m) {
  if (p._flags & AMQP_BASIC_MESSAGE_ID_FLAG) m.message_id = text(p.message_id);
  if (p._flags & AMQP_BASIC_PRIORITY_FLAG) m.priority = p.priority;
  if (p._flags & AMQP_BASIC_HEADERS_FLAG) m.headers = decode_table(p.headers);
}

}  // namespace

struct Connection::State {
  amqp_connection_state_t conn = nullptr;
  std::string endpoint;
  bool open = false;
  bool confirms = false;
  std::uint64_t next_sequence = 1;
  std::unordered_map<std::string, std::uint64_t> mandatory_ids;  // message id -> sequence, until confirmed
  std::deque<Confirm> pending;  // confirms read while waiting for something else

  ~State() {
    if (!conn) return;
    if (open) {
      amqp_channel_close(conn, kChannel, AMQP_REPLY_SUCCESS);
      amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(conn);
  }

  [[noreturn]] void fail(const std::string& what) {
    open = false;
    throw AmqpError("RabbitMQ " + endpoint + ": " + what);
  }

  void check(amqp_rpc_reply_t r, const std::string& what) {
    switch (r.reply_type) {
      case AMQP_RESPONSE_NORMAL: return;
      case AMQP_RESPONSE_NONE: fail(what + ": missing RPC reply");
      case AMQP_RESPONSE_LIBRARY_EXCEPTION: fail(what + ": " + amqp_error_string2(r.library_error));
      case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
          auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
          amqp_connection_close_ok_t ok{};
          amqp_send_method(conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
          fail(what + ": connection closed by broker: " + text(m->reply_text));
        }
        if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
          auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
          amqp_channel_close_ok_t ok{};
          amqp_send_method(conn, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
          fail(what + ": channel closed by broker: " + text(m->reply_text));
        }
        fail(what + ": unexpected broker reply");
    }
  }

  void check_rpc(const std::string& what) { check(amqp_get_rpc_reply(conn), what); }

  // Handles one method frame that is not a delivery: confirms, returns, closes.
  void handle_frame(const amqp_frame_t& frame) {
    if (frame.frame_type != AMQP_FRAME_METHOD) return;
    switch (frame.payload.method.id) {
      case AMQP_BASIC_ACK_METHOD: {
        auto* m = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        pending.push_back({Confirm::Kind::ack, m->delivery_tag, m->multiple != 0, {}});
        forget_mandatory(m->delivery_tag, m->multiple != 0);
        break;
      }
      case AMQP_BASIC_NACK_METHOD: {
        auto* m = static_cast<amqp_basic_nack_t*>(frame.payload.method.decoded);
        pending.push_back({Confirm::Kind::nack, m->delivery_tag, m->multiple != 0, {}});
        forget_mandatory(m->delivery_tag, m->multiple != 0);
        break;
      }
      case AMQP_BASIC_RETURN_METHOD: {
        auto* m = static_cast<amqp_basic_return_t*>(frame.payload.method.decoded);
        const std::string reply = text(m->reply_text);
        amqp_message_t returned;
        check(amqp_read_message(conn, frame.channel, &returned, 0), "reading a returned message");
        Message msg;
        copy_properties(returned.properties, msg);
        amqp_destroy_message(&returned);
        std::uint64_t seq = 0;
        if (auto it = mandatory_ids.find(msg.message_id); it != mandatory_ids.end()) seq = it->second;
        // A return precedes the ack of the same publish; report it first so callers see
        // "returned" before "acked" for that sequence.
        pending.push_back({Confirm::Kind::returned, seq, false, reply});
        break;
      }
      case AMQP_CHANNEL_CLOSE_METHOD: {
        auto* m = static_cast<amqp_channel_close_t*>(frame.payload.method.decoded);
        amqp_channel_close_ok_t ok{};
        amqp_send_method(conn, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        fail("channel closed by broker: " + text(m->reply_text));
      }
      case AMQP_CONNECTION_CLOSE_METHOD: {
        auto* m = static_cast<amqp_connection_close_t*>(frame.payload.method.decoded);
        amqp_connection_close_ok_t ok{};
        amqp_send_method(conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
        fail("connection closed by broker: " + text(m->reply_text));
      }
      default: break;
    }
  }

  void forget_mandatory(std::uint64_t tag, bool multiple) {
    if (mandatory_ids.empty()) return;
    for (auto it = mandatory_ids.begin(); it != mandatory_ids.end();) {
      if (it->second == tag || (multiple && it->second <= tag)) {
        it = mandatory_ids.erase(it);
      } else {
        ++it;
      }
    }
  }
};

Connection::Connection(std::unique_ptr<State> state) : s_(std::move(state)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const std::string& url, std::chrono::seconds heartbeat,
                            std::chrono::milliseconds connect_timeout) {
  return open(url, default_amqp_tls(), heartbeat, connect_timeout);
}

namespace {

// rabbitmq-c's TLS socket with verification of the peer's chain and of its host name on, TLS 1.2+.
amqp_socket_t* tls_socket(amqp_connection_state_t conn, const TlsFiles& tls, std::string& error) {
  amqp_socket_t* socket = amqp_ssl_socket_new(conn);
  if (!socket) {
    error = "cannot create a TLS socket";
    return nullptr;
  }
  amqp_ssl_socket_set_verify_peer(socket, 1);
  amqp_ssl_socket_set_verify_hostname(socket, 1);
  amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST);
  if (!tls.ca_file.empty()) {
    if (amqp_ssl_socket_set_cacert(socket, tls.ca_file.c_str()) != AMQP_STATUS_OK) {
      error = "cannot load the CA file " + tls.ca_file;
      return nullptr;
    }
  } else if (SSL_CTX_set_default_verify_paths(static_cast<SSL_CTX*>(amqp_ssl_socket_get_context(socket))) != 1) {
    error = "cannot load the system CA store";
    return nullptr;
  }
  if (!tls.cert_file.empty() &&
      amqp_ssl_socket_set_key(socket, tls.cert_file.c_str(), tls.key_file.c_str()) != AMQP_STATUS_OK) {
    error = "cannot load the client certificate " + tls.cert_file + " / key " + tls.key_file;
    return nullptr;
  }
  return socket;
}

}  // namespace

Connection Connection::open(const std::string& url, const TlsFiles& tls, std::chrono::seconds heartbeat,
                            std::chrono::milliseconds connect_timeout) {
  auto parsed = parse_service_url(url);
  if (!parsed || (parsed->scheme != "amqp" && parsed->scheme != "amqps")) {
    throw AmqpError("not an amqp:// or amqps:// URL");
  }
  const bool secure = parsed->scheme == "amqps";
  if (parsed->port == 0) parsed->port = secure ? 5671 : 5672;
  const std::string vhost = parsed->path.empty() ? "/" : parsed->path;

  auto s = std::make_unique<State>();
  s->endpoint = parsed->host + ":" + std::to_string(parsed->port);
  s->conn = amqp_new_connection();
  std::string error;
  amqp_socket_t* socket = secure ? tls_socket(s->conn, tls, error) : amqp_tcp_socket_new(s->conn);
  if (!socket) s->fail(error.empty() ? "cannot create a socket" : error);
  timeval tv = to_timeval(connect_timeout);
  if (int rc = amqp_socket_open_noblock(socket, parsed->host.c_str(), parsed->port, &tv); rc != AMQP_STATUS_OK) {
    s->fail(std::string(secure ? "cannot connect over TLS (broker down, or its certificate not trusted for "
                                 "this host name?): "
                               : "cannot connect (is the broker running?): ") +
            amqp_error_string2(rc));
  }
  s->check(amqp_login(s->conn, vhost.c_str(), 0, 131072, static_cast<int>(heartbeat.count()),
                      AMQP_SASL_METHOD_PLAIN, parsed->user.empty() ? "guest" : parsed->user.c_str(),
                      parsed->user.empty() ? "guest" : parsed->password.c_str()),
           "login as '" + (parsed->user.empty() ? std::string("guest") : parsed->user) + "'");
  amqp_channel_open(s->conn, kChannel);
  s->check_rpc("opening channel");
  s->open = true;
  return Connection(std::move(s));
}

void Connection::declare_exchange(const std::string& name, const std::string& type, bool durable) {
  amqp_exchange_declare(s_->conn, kChannel, bytes(name), bytes(type), 0, durable ? 1 : 0, 0, 0, amqp_empty_table);
  s_->check_rpc("declaring exchange " + name);
}

void Connection::ping() {
  amqp_exchange_declare(s_->conn, kChannel, amqp_cstring_bytes("amq.direct"), amqp_cstring_bytes("direct"), 1, 0, 0,
                        0, amqp_empty_table);
  s_->check_rpc("ping");
}

std::uint32_t Connection::declare_queue(const std::string& name, const Table& arguments, bool durable,
                                        bool passive) {
  EncodedTable args(arguments);
  auto* ok = amqp_queue_declare(s_->conn, kChannel, bytes(name), passive ? 1 : 0, durable ? 1 : 0, 0, 0,
                                args.table());
  s_->check_rpc("declaring queue " + name);
  return ok ? ok->message_count : 0;
}

void Connection::bind_queue(const std::string& queue, const std::string& exchange, const std::string& key) {
  amqp_queue_bind(s_->conn, kChannel, bytes(queue), bytes(exchange), bytes(key), amqp_empty_table);
  s_->check_rpc("binding " + queue + " to " + exchange + " with " + key);
}

void Connection::purge_queue(const std::string& queue) {
  amqp_queue_purge(s_->conn, kChannel, bytes(queue));
  s_->check_rpc("purging " + queue);
}

void Connection::delete_queue(const std::string& queue) {
  amqp_queue_delete(s_->conn, kChannel, bytes(queue), 0, 0);
  s_->check_rpc("deleting " + queue);
}

void Connection::enable_confirms() {
  amqp_confirm_select(s_->conn, kChannel);
  s_->check_rpc("enabling publisher confirms");
  s_->confirms = true;
  s_->next_sequence = 1;
}

std::uint64_t Connection::publish(const std::string& exchange, const std::string& routing_key,
                                  const std::string& body, const PublishOptions& o) {
  amqp_basic_properties_t props{};
  props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_PRIORITY_FLAG;
  props.content_type = bytes(o.content_type);
  props.delivery_mode = o.persistent ? 2 : 1;
  props.priority = o.priority;
  if (!o.message_id.empty()) {
    props._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
    props.message_id = bytes(o.message_id);
  }
  if (!o.expiration.empty()) {
    props._flags |= AMQP_BASIC_EXPIRATION_FLAG;
    props.expiration = bytes(o.expiration);
  }
  EncodedTable headers(o.headers);
  if (!o.headers.empty()) {
    props._flags |= AMQP_BASIC_HEADERS_FLAG;
    props.headers = headers.table();
  }
  const int rc = amqp_basic_publish(s_->conn, kChannel, bytes(exchange), bytes(routing_key), o.mandatory ? 1 : 0,
                                    0, &props, bytes(body));
  if (rc != AMQP_STATUS_OK) s_->fail(std::string("publish failed: ") + amqp_error_string2(rc));
  if (!s_->confirms) return 0;
  const std::uint64_t seq = s_->next_sequence++;
  if (o.mandatory && !o.message_id.empty()) s_->mandatory_ids[o.message_id] = seq;
  return seq;
}

std::vector<Confirm> Connection::poll_confirms(std::chrono::milliseconds timeout) {
  std::vector<Confirm> out(s_->pending.begin(), s_->pending.end());
  s_->pending.clear();
  timeval tv = to_timeval(out.empty() ? timeout : std::chrono::milliseconds(0));
  for (;;) {
    amqp_frame_t frame;
    const int rc = amqp_simple_wait_frame_noblock(s_->conn, &frame, &tv);
    if (rc == AMQP_STATUS_TIMEOUT) break;
    if (rc != AMQP_STATUS_OK) s_->fail(std::string("waiting for confirms: ") + amqp_error_string2(rc));
    s_->handle_frame(frame);
    out.insert(out.end(), s_->pending.begin(), s_->pending.end());
    s_->pending.clear();
    tv = timeval{};  // drain what is already buffered, then return
  }
  amqp_maybe_release_buffers(s_->conn);
  return out;
}

bool Connection::wait_for_confirm(std::uint64_t sequence, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool returned = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) s_->fail("no confirm for publish " + std::to_string(sequence) + " in time");
    for (const auto& c : poll_confirms(left)) {
      if (c.kind == Confirm::Kind::returned && c.sequence == sequence) returned = true;
      const bool covers = c.sequence == sequence || (c.multiple && c.sequence >= sequence);
      if (c.kind != Confirm::Kind::returned && covers) return c.kind == Confirm::Kind::ack && !returned;
    }
  }
}

void Connection::set_prefetch(std::uint16_t count) {
  amqp_basic_qos(s_->conn, kChannel, 0, count, 0);
  s_->check_rpc("setting prefetch");
}

std::string Connection::consume(const std::string& queue, bool no_ack) {
  auto* ok = amqp_basic_consume(s_->conn, kChannel, bytes(queue), amqp_empty_bytes, 0, no_ack ? 1 : 0, 0,
                                amqp_empty_table);
  s_->check_rpc("consuming " + queue);
  return text(ok->consumer_tag);
}

std::optional<Message> Connection::next_message(std::chrono::milliseconds timeout) {
  amqp_maybe_release_buffers(s_->conn);
  amqp_envelope_t env;
  timeval tv = to_timeval(timeout);
  const amqp_rpc_reply_t r = amqp_consume_message(s_->conn, &env, &tv, 0);
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) {
    if (r.library_error == AMQP_STATUS_TIMEOUT) return std::nullopt;
    if (r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
      // Something other than a delivery arrived (a confirm, a return, a close): handle it.
      amqp_frame_t frame;
      if (amqp_simple_wait_frame(s_->conn, &frame) != AMQP_STATUS_OK) s_->fail("reading a frame");
      s_->handle_frame(frame);
      return std::nullopt;
    }
  }
  s_->check(r, "consuming");
  Message m;
  m.body = text(env.message.body);
  m.routing_key = text(env.routing_key);
  m.exchange = text(env.exchange);
  m.delivery_tag = env.delivery_tag;
  m.redelivered = env.redelivered != 0;
  copy_properties(env.message.properties, m);
  amqp_destroy_envelope(&env);
  return m;
}

std::optional<Message> Connection::get(const std::string& queue, bool no_ack) {
  amqp_maybe_release_buffers(s_->conn);
  const amqp_rpc_reply_t r = amqp_basic_get(s_->conn, kChannel, bytes(queue), no_ack ? 1 : 0);
  s_->check(r, "getting from " + queue);
  if (r.reply.id != AMQP_BASIC_GET_OK_METHOD) return std::nullopt;  // get-empty
  auto* ok = static_cast<amqp_basic_get_ok_t*>(r.reply.decoded);
  Message m;
  m.delivery_tag = ok->delivery_tag;
  m.redelivered = ok->redelivered != 0;
  m.routing_key = text(ok->routing_key);
  m.exchange = text(ok->exchange);
  amqp_message_t msg;
  s_->check(amqp_read_message(s_->conn, kChannel, &msg, 0), "reading a message from " + queue);
  m.body = text(msg.body);
  copy_properties(msg.properties, m);
  amqp_destroy_message(&msg);
  return m;
}

void Connection::ack(std::uint64_t tag) {
  if (int rc = amqp_basic_ack(s_->conn, kChannel, tag, 0); rc != AMQP_STATUS_OK) {
    s_->fail(std::string("ack failed: ") + amqp_error_string2(rc));
  }
}

void Connection::reject(std::uint64_t tag, bool requeue) {
  if (int rc = amqp_basic_reject(s_->conn, kChannel, tag, requeue ? 1 : 0); rc != AMQP_STATUS_OK) {
    s_->fail(std::string("reject failed: ") + amqp_error_string2(rc));
  }
}

int Connection::socket_fd() const { return amqp_get_sockfd(s_->conn); }
bool Connection::has_buffered_input() const {
  return amqp_frames_enqueued(s_->conn) != 0 || amqp_data_in_buffer(s_->conn) != 0;
}

bool Connection::is_open() const { return s_ && s_->open; }
const std::string& Connection::endpoint() const { return s_->endpoint; }

}  // namespace arrakis::amqp
