#include "arrakis/discord_sim/control_api.hpp"

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/scenario.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

http::Response reply(int status, const json& body) {
  http::Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

std::string query_param(const std::string& query, const std::string& key) {
  std::size_t pos = 0;
  while (pos < query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    const auto pair = query.substr(pos, amp - pos);
    const auto eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == key) return pair.substr(eq + 1);
    pos = amp + 1;
  }
  return {};
}

// A fault flag may be `true` or a session id (acts on that session only).
bool flag(const json& body, const char* key, std::string& session) {
  if (!body.contains(key)) return false;
  const auto& v = body[key];
  if (v.is_string()) {
    session = v.get<std::string>();
    return true;
  }
  return v.is_boolean() && v.get<bool>();
}

}  // namespace

http::Response ControlApi::handle(const http::Request& request) {
  const auto& path = request.path;
  const auto& method = request.method;
  const json body = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);

  if (path == "/control/model" && method == "GET") return reply(200, sim_.model().to_json());
  if (path == "/control/urls" && method == "GET") {
    return reply(200, {{"gateway", sim_.gateway_url()}, {"api_base", sim_.api_base()}, {"control", sim_.control_url()},
                       {"bot_token", sim_.options().bot_token},
                       {"application_id", std::to_string(sim_.model().application_id())}});
  }
  if (path == "/control/record" && method == "GET") {
    const auto after = query_param(request.query, "after");
    const auto limit = query_param(request.query, "limit");
    return reply(200, sim_.recorder().records(after.empty() ? 0 : std::stoull(after),
                                              limit.empty() ? 1000 : std::stoull(limit)));
  }
  if (path == "/control/stats" && method == "GET") {
    json stats = sim_.recorder().stats();
    stats["gateway"] = sim_.gateway().status();
    stats["traffic"] = sim_.traffic().status();
    stats["live_interactions"] = sim_.interactions().size();
    return reply(200, stats);
  }
  if (path == "/control/reset" && method == "POST") {
    sim_.recorder().clear();
    return reply(200, {{"ok", true}});
  }
  if (body.is_discarded() && path != "/control/scenario") return reply(400, {{"error", "body is not JSON"}});

  if (path == "/control/traffic" && method == "DELETE") {
    sim_.traffic().stop();
    return reply(200, sim_.traffic().status());
  }
  if (path == "/control/traffic" && method == "POST") {
    TrafficPlan plan;
    plan.rate = body.value("rate", 100.0);
    plan.count = body.value("count", std::uint64_t{0});
    plan.duration_s = body.value("duration", 0.0);
    plan.seed = body.value("seed", sim_.options().seed);
    plan.registered_only = body.value("registered_only", false);
    if (plan.rate < 0 || (plan.count == 0 && plan.duration_s <= 0 && !body.value("forever", false))) {
      return reply(400, {{"error", "give rate >= 0 and count or duration (or forever:true)"}});
    }
    sim_.traffic().start(plan);
    return reply(202, sim_.traffic().status());
  }
  if (path == "/control/scenario" && method == "POST") {
    const auto seed = query_param(request.query, "seed");
    return reply(200, play_scenario(request.body, seed.empty() ? sim_.options().seed : std::stoull(seed), sim_.events(),
                                    sim_.gateway(), sim_.model()));
  }
  if (path == "/control/clock" && method == "POST") {
    sim_.clock().advance(std::chrono::milliseconds(body.value("advance_ms", 0)));
    return reply(200, {{"ok", true}});
  }
  if (path == "/control/faults" && method == "POST") {
    json applied = json::array();
    std::string session = body.value("session_id", std::string());
    if (body.value("clear", false)) {
      sim_.faults().clear();
      applied.push_back("clear");
    }
    if (flag(body, "drop_socket", session)) {
      sim_.gateway().drop_sockets(session);
      applied.push_back("drop_socket");
    }
    if (flag(body, "send_reconnect", session)) {
      sim_.gateway().send_reconnect(session);
      applied.push_back("send_reconnect");
    }
    if (body.contains("send_invalid_session")) {
      const auto& v = body["send_invalid_session"];
      const bool resumable = v.is_object() ? v.value("resumable", false) : false;
      if (v.is_object()) session = v.value("session_id", session);
      sim_.gateway().send_invalid_session(resumable, session);
      applied.push_back("send_invalid_session");
    }
    if (flag(body, "send_heartbeat_request", session)) {
      sim_.gateway().request_heartbeat(session);
      applied.push_back("send_heartbeat_request");
    }
    if (body.contains("latency_ms")) {
      sim_.faults().set_latency(std::chrono::milliseconds(body.value("latency_ms", 0)));
      applied.push_back("latency_ms");
    }
    if (body.contains("rate_limit_storm")) {
      const auto& s = body["rate_limit_storm"];
      sim_.faults().add_storm(s.value("route", std::string()), std::chrono::milliseconds(s.value("duration", 10000)));
      applied.push_back("rate_limit_storm");
    }
    if (body.contains("server_error")) {
      const auto& s = body["server_error"];
      sim_.faults().add_server_error(s.value("route", std::string()), s.value("status", 500), s.value("count", 1));
      applied.push_back("server_error");
    }
    return reply(200, {{"applied", applied}});
  }
  return reply(404, {{"error", "no such control route"}});
}

}  // namespace arrakis::discord_sim
