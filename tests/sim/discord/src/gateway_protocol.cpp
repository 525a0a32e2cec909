// What the gateway does with each client payload (spec 1.3-1.9, checklist 2-4).
#include <cstdio>

#include "gateway_impl.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {
constexpr std::size_t kMaxClientPayload = 4096;
}

Clock::duration GatewayServer::Impl::heartbeat_deadline() const {
  // The interval already allows for latency; a client gets one whole extra interval of grace
  // (plus 500 ms for loaded test machines) before the server gives up on it.
  return std::chrono::milliseconds(2 * options.heartbeat_ms + 500);
}

bool GatewayServer::Impl::token_ok(const json& token) const {
  if (!token.is_string()) return false;
  auto t = token.get<std::string>();
  if (t.starts_with("Bot ")) t = t.substr(4);  // the docs' example has no prefix; accept both
  return t == options.bot_token;
}

void GatewayServer::Impl::invalidate(const std::string& session_id) { sessions.erase(session_id); }

void GatewayServer::Impl::on_open(const GatewayConnection::Ptr& c) {
  if (c->version != "10" && c->version != "9") return c->close(4012, "Invalid API version");
  if (!c->encoding.empty() && c->encoding != "json") return c->close(4002, "Only encoding=json is simulated");
  if (!c->compress.empty() && c->compress != "zlib-stream") return c->close(4002, "Only compress=zlib-stream is simulated");
  send_control(c, 10, "{\"heartbeat_interval\":" + std::to_string(options.heartbeat_ms) + "}");
  c->arm_heartbeat(heartbeat_deadline());
}

void GatewayServer::Impl::on_heartbeat_missed(const GatewayConnection::Ptr& c) {
  // Undocumented code; 4000 keeps the session resumable (checklist 2).
  c->close(4000, "Heartbeat missed");
}

void GatewayServer::Impl::on_closed(const GatewayConnection::Ptr& c, int code) {
  connections.erase(c);
  if (c->session) {
    auto session = std::move(c->session);
    if (session->connection == c) {
      session->connection.reset();
      session->disconnected_at = clock.now();
    }
    // 1000/1001 from the client end the session; so do the server's non-resumable closes.
    const int server = c->server_close_code;
    if (code == 1000 || code == 1001 || server == 4003 || server == 4004 || server == 4007 || server == 4009 ||
        (server >= 4010 && server <= 4014)) {
      if (!session->connection) invalidate(session->id);
    }
  }
}

void GatewayServer::Impl::on_message(const GatewayConnection::Ptr& c, std::string&& text) {
  // 120 payloads per connection per 60 s, heartbeats included.
  const auto now = clock.now();
  const auto window = clock.scaled(std::chrono::milliseconds(60000));
  while (!c->received.empty() && now - c->received.front() >= window) c->received.pop_front();
  if (static_cast<int>(c->received.size()) >= options.gateway_send_limit) return c->close(4008, "Rate limited.");
  c->received.push_back(now);

  if (text.size() > kMaxClientPayload) return c->close(4002, "Payload too large");
  json payload = json::parse(text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return c->close(4002, "Error while decoding payload.");
  if (!payload.contains("op") || !payload["op"].is_number_integer()) return c->close(4001, "Unknown opcode.");
  const int op = payload["op"].get<int>();
  const json d = payload.value("d", json());

  switch (op) {
    case 1:  // heartbeat
      if (!d.is_null() && !d.is_number_integer()) return c->close(4001, "Invalid heartbeat payload.");
      c->arm_heartbeat(heartbeat_deadline());
      return send_control(c, 11, "null");
    case 2:
      return identify(c, d);
    case 6:
      return resume(c, d);
    case 3:
    case 4:
    case 8:
    case 31:
    case 43:
      // Accepted and ignored; they only need a session.
      if (!c->session) return c->close(4003, "Not authenticated.");
      return;
    default:
      return c->close(4001, "Unknown opcode.");
  }
}

void GatewayServer::Impl::identify(const GatewayConnection::Ptr& c, const json& d) {
  if (c->session) return c->close(4005, "Already authenticated.");
  if (!d.is_object()) return c->close(4001, "Invalid identify payload.");
  if (!token_ok(d.value("token", json()))) return c->close(4004, "Authentication failed.");
  if (!d.contains("intents") || !d["intents"].is_number_unsigned()) return c->close(4013, "Invalid intent(s).");
  const auto bits = d["intents"].get<std::uint64_t>();
  if (bits & ~std::uint64_t{intents::kDefined}) return c->close(4013, "Invalid intent(s).");
  const auto intent_bits = static_cast<std::uint32_t>(bits);
  if (intent_bits & intents::kPrivileged & ~options.enabled_privileged_intents) {
    return c->close(4014, "Disallowed intent(s).");
  }
  int shard_id = 0, shard_count = 1;
  if (d.contains("shard") && !d["shard"].is_null()) {
    const auto& s = d["shard"];
    if (!s.is_array() || s.size() != 2 || !s[0].is_number_integer() || !s[1].is_number_integer()) {
      return c->close(4010, "Invalid shard.");
    }
    shard_id = s[0].get<int>();
    shard_count = s[1].get<int>();
    if (shard_count < 1 || shard_id < 0 || shard_id >= shard_count) return c->close(4010, "Invalid shard.");
  }
  json guilds = json::array();
  std::vector<std::uint64_t> shard_guilds;
  for (auto g : model.guild_ids()) {
    if (static_cast<int>((g >> 22) % static_cast<std::uint64_t>(shard_count)) == shard_id) shard_guilds.push_back(g);
  }
  if (shard_guilds.size() > 2500) return c->close(4011, "Sharding required.");
  // Faster than the max_concurrency bucket allows: op 9 d:false (checklist 3); the client retries.
  if (!limiter.try_acquire(shard_id)) return send_control(c, 9, "false");

  char id[33];
  std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(session_ids()),
                static_cast<unsigned long long>(session_ids()));
  auto session = std::make_shared<GatewaySession>(id, shard_id, shard_count, intent_bits, options.replay_capacity);
  session->connection = c;
  c->session = session;
  sessions[session->id] = session;

  for (auto g : shard_guilds) guilds.push_back({{"id", std::to_string(g)}, {"unavailable", true}});
  json ready = {{"v", 10},
                {"user", CommunityModel::user_json(model.bot())},
                {"guilds", guilds},
                {"session_id", session->id},
                {"session_type", "normal"},
                {"resume_gateway_url", "ws://" + options.bind + ":" + std::to_string(acceptor.local_endpoint().port())},
                {"application", {{"id", std::to_string(model.application_id())}, {"flags", (1 << 15) | (1 << 13) | (1 << 19)}}},
                {"private_channels", json::array()},
                {"relationships", json::array()},
                {"presences", json::array()},
                {"geo_ordered_rtc_regions", json::array()},
                {"_trace", json::array({"[\"arrakis-discord-sim\"]"})}};
  if (d.contains("shard")) ready["shard"] = {shard_id, shard_count};
  send_to_session(*session, {"READY", std::nullopt, ready.dump(), {}, 0, false});
  for (auto g : shard_guilds) {
    Dispatch create{"GUILD_CREATE", g, model.guild_create(g).dump(), {}, 0, false};
    if (session->accepts(create)) send_to_session(*session, create);
  }
}

void GatewayServer::Impl::resume(const GatewayConnection::Ptr& c, const json& d) {
  if (c->session) return c->close(4005, "Already authenticated.");
  if (!d.is_object()) return c->close(4001, "Invalid resume payload.");
  if (!token_ok(d.value("token", json()))) return c->close(4004, "Authentication failed.");
  const auto it = sessions.find(d.value("session_id", std::string()));
  if (it == sessions.end()) return send_control(c, 9, "false");
  auto session = it->second;
  const auto& seq_value = d.value("seq", json());
  const std::uint64_t seq = seq_value.is_number_unsigned() ? seq_value.get<std::uint64_t>() : 0;
  if (seq > session->seq) return c->close(4007, "Invalid seq.");
  auto missed = session->buffer.after(seq);
  if (!missed) return send_control(c, 9, "false");
  // A session lives on one connection: a resume takes it over from a connection still open.
  if (session->connection && session->connection != c) {
    auto old = session->connection;
    old->session.reset();
    old->drop();
  }
  session->connection = c;
  c->session = session;
  std::uint64_t s = seq;
  for (const auto& frame : *missed) c->send(frame, {0, "(replay)", ++s});
  send_to_session(*session, {"RESUMED", std::nullopt, R"({"_trace":["arrakis-discord-sim"]})", {}, 0, false});
}

}  // namespace arrakis::discord_sim
