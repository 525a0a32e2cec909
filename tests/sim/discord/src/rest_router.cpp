#include "arrakis/discord_sim/rest_router.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include "arrakis/discord_sim/command_registry.hpp"
#include "arrakis/discord_sim/command_validation.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/identify_limiter.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/message_validation.hpp"
#include "arrakis/discord_sim/options.hpp"
#include "arrakis/discord_sim/rate_limiter.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/upload_form.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

struct RestRouter::Route {
  std::string name;                // "PUT /guilds/{g}/members/{u}/roles/{r}": the bucket
  std::string major;               // guild, channel or webhook+token
  std::vector<std::string> parts;  // path segments below /api/v10
  bool bot_auth = true;
  bool interaction = false;        // exempt from the global limit
};

namespace {

http::Response json_response(int status, const json& body) {
  http::Response r;
  r.status = status;
  r.body = body.is_null() ? std::string() : body.dump();
  return r;
}

http::Response error(int status, int code, const std::string& message) {
  return json_response(status, {{"message", message}, {"code", code}});
}

// One path segment with its %XX escapes decoded (spec 0: "@original" often arrives as
// "%40original"). Decoded after splitting, so an escaped '/' never makes a new segment.
std::string percent_decoded(const std::string& segment) {
  std::string out;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '%' && i + 2 < segment.size() && std::isxdigit(static_cast<unsigned char>(segment[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(segment[i + 2]))) {
      out += static_cast<char>(std::stoi(segment.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += segment[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    if (next > pos) out.push_back(percent_decoded(path.substr(pos, next - pos)));
    pos = next + 1;
  }
  return out;
}

bool snowflake(const std::string& s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  try {
    out = std::stoull(s);
  } catch (...) {
    return false;
  }
  return true;
}

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

void rate_headers(http::Response& r, const RateDecision& d) {
  r.headers["X-RateLimit-Limit"] = std::to_string(d.limit);
  r.headers["X-RateLimit-Remaining"] = std::to_string(d.remaining);
  r.headers["X-RateLimit-Reset"] = format_seconds(d.reset);
  r.headers["X-RateLimit-Reset-After"] = format_seconds(d.reset_after);
  r.headers["X-RateLimit-Bucket"] = d.bucket;
}

http::Response too_many(const RateDecision& d) {
  http::Response r = json_response(
      429, {{"message", d.scope == "shared" ? "The resource is being rate limited." : "You are being rate limited."},
            {"retry_after", std::round(d.retry_after * 1000.0) / 1000.0},
            {"global", d.global}});
  rate_headers(r, d);
  r.headers["Retry-After"] = std::to_string(static_cast<long long>(std::ceil(d.retry_after)));
  r.headers["X-RateLimit-Scope"] = d.scope;
  if (d.global) r.headers["X-RateLimit-Global"] = "true";
  return r;
}

// Which route a path is, with its bucket name and major parameter; nullopt = 404.
std::optional<RestRouter::Route> match(const std::string& method, const std::vector<std::string>& s) {
  using R = RestRouter::Route;
  const auto n = s.size();
  auto is = [&](std::size_t i, const char* v) { return i < n && s[i] == v; };
  if (n == 1 && is(0, "gateway") && method == "GET") return R{"GET /gateway", "", s, false, false};
  if (n == 2 && is(0, "gateway") && is(1, "bot") && method == "GET") return R{"GET /gateway/bot", "", s, true, false};
  if (n == 2 && is(0, "users") && is(1, "@me") && method == "GET") return R{"GET /users/@me", "", s, true, false};
  if (n == 4 && is(0, "interactions") && is(3, "callback") && method == "POST") {
    return R{"POST /interactions/{id}/{token}/callback", s[1] + "/" + s[2], s, false, true};
  }
  if (is(0, "webhooks") && n >= 3) {
    const auto major = s[1] + "/" + s[2];
    if (n == 3 && method == "POST") return R{"POST /webhooks/{app}/{token}", major, s, false, true};
    if (n == 5 && is(3, "messages") && (method == "GET" || method == "PATCH" || method == "DELETE")) {
      return R{method + " /webhooks/{app}/{token}/messages/{id}", major, s, false, true};
    }
  }
  if (is(0, "guilds") && n == 6 && is(2, "members") && is(4, "roles") && (method == "PUT" || method == "DELETE")) {
    return R{method + " /guilds/{g}/members/{u}/roles/{r}", s[1], s, true, false};
  }
  if (is(0, "guilds") && n == 4 && is(2, "members") && method == "GET") {
    return R{"GET /guilds/{g}/members/{u}", s[1], s, true, false};
  }
  if (is(0, "guilds") && n == 2 && method == "GET") return R{"GET /guilds/{g}", s[1], s, true, false};
  if (is(0, "guilds") && n == 3 && is(2, "roles") && (method == "GET" || method == "POST" || method == "PATCH")) {
    return R{method + " /guilds/{g}/roles", s[1], s, true, false};
  }
  if (is(0, "guilds") && n == 4 && is(2, "roles") && method == "PATCH") {
    return R{"PATCH /guilds/{g}/roles/{r}", s[1], s, true, false};
  }
  if (is(0, "guilds") && n == 3 && is(2, "channels") && (method == "GET" || method == "POST")) {
    return R{method + " /guilds/{g}/channels", s[1], s, true, false};
  }
  if (n == 4 && is(0, "channels") && is(2, "messages") && method == "PATCH") {
    return R{"PATCH /channels/{c}/messages/{m}", s[1], s, true, false};
  }
  if (n == 3 && is(0, "users") && is(1, "@me") && is(2, "channels") && method == "POST") {
    return R{"POST /users/@me/channels", "", s, true, false};
  }
  if (n == 3 && is(0, "channels") && is(2, "messages") && method == "POST") {
    return R{"POST /channels/{c}/messages", s[1], s, true, false};
  }
  if (is(0, "applications") && (method == "PUT" || method == "GET")) {
    if (n == 3 && is(2, "commands")) return R{method + " /applications/{app}/commands", s[1], s, true, false};
    if (n == 5 && is(2, "guilds") && is(4, "commands")) {
      return R{method + " /applications/{app}/guilds/{g}/commands", s[1] + "/" + s[3], s, true, false};
    }
  }
  return std::nullopt;
}

}  // namespace

http::Response RestRouter::handle(const http::Request& request) {
  http::Response response;
  std::string path = request.path;
  bool versioned = false;
  for (const char* prefix : {"/api/v10", "/api/v9"}) {
    if (path.starts_with(prefix)) {
      path = path.substr(std::string(prefix).size());
      versioned = true;
      break;
    }
  }
  const auto delay = p_.faults.latency();
  if (delay.count() > 0) std::this_thread::sleep_for(delay);

  std::optional<Route> route_match = versioned ? match(request.method, split(path)) : std::nullopt;
  json body;
  std::vector<RecordedFile> uploads;
  std::string recorded_body = request.body;
  if (!route_match) {
    response = error(404, 0, "404: Not Found");
  } else if (auto forced = p_.faults.take_server_error(path)) {
    response = error(*forced, 0, *forced >= 500 ? "Internal Server Error" : "Injected error");
  } else {
    const auto& r = *route_match;
    const auto auth = request.headers.count("authorization") ? request.headers.at("authorization") : std::string();
    if (r.bot_auth && auth != "Bot " + p_.options.bot_token) {
      response = error(401, 0, "401: Unauthorized");
    } else if (auto storm = p_.faults.storm(path)) {
      response = too_many(p_.limiter.storm(r.name, *storm));
    } else {
      const auto decision = p_.limiter.take(r.name, r.major, auth.empty() ? request.remote_address : auth, r.interaction);
      if (!decision.allowed) {
        response = too_many(decision);
      } else {
        const auto content_type = request.headers.count("content-type") ? request.headers.at("content-type") : std::string();
        if (content_type.starts_with("multipart/form-data")) {
          auto form = read_upload_form(content_type, request.body, r.name.ends_with("/callback"), p_.ids,
                                       static_cast<std::uint64_t>(p_.clock.unix_ms()));
          uploads = form.files;
          recorded_body = form.payload_text;
          response = form.status == 200 ? route(request, r, form.body) : json_response(form.status, form.error);
        } else if (!request.body.empty() && !content_type.starts_with("application/json")) {
          response = json_response(400, invalid_form_body({{"_errors", json::array({{{"code", "CONTENT_TYPE_INVALID"},
                                                             {"message", "Expected \"Content-Type\" header to be one of {'application/json', 'multipart/form-data'}."}}})}}));
        } else {
          body = request.body.empty() ? json() : json::parse(request.body, nullptr, false);
          if (body.is_discarded()) {
            response = error(400, 50109, "The request body contains invalid JSON.");
          } else {
            response = route(request, r, body);
          }
        }
        rate_headers(response, decision);
      }
    }
  }

  // A 204 carries neither a body nor a Content-Type (spec 0).
  if (response.status == 204) {
    response.body.clear();
    response.content_type.clear();
  }
  int code = 0;
  if (response.status >= 400 && !response.body.empty()) {
    const auto parsed = json::parse(response.body, nullptr, false);
    if (parsed.is_object() && parsed.contains("code") && parsed["code"].is_number_integer()) code = parsed["code"].get<int>();
  }
  if (response.status >= 400) p_.recorder.rest_error(response.status, code);
  Record record;
  record.kind = "rest";
  record.method = request.method;
  record.path = request.target;
  record.status = response.status;
  record.bytes = request.body.size();
  record.body = std::move(recorded_body);
  record.files = std::move(uploads);
  if (const auto reason = request.headers.find("x-audit-log-reason"); reason != request.headers.end()) {
    record.audit_log_reason = percent_decoded(reason->second);
  }
  p_.recorder.add(std::move(record));
  p_.recorder.count("rest_requests");
  return response;
}

http::Response RestRouter::route(const http::Request& request, const Route& r, const json& body) {
  const auto& s = r.parts;
  if (r.name == "GET /gateway") return json_response(200, {{"url", p_.gateway.url()}});
  if (r.name == "GET /gateway/bot") {
    return json_response(200, {{"url", p_.gateway.url()},
                               {"shards", p_.options.recommended_shards},
                               {"session_start_limit", {{"total", p_.identify.total()},
                                                        {"remaining", p_.identify.remaining()},
                                                        {"reset_after", static_cast<long long>(p_.identify.reset_after_ms())},
                                                        {"max_concurrency", p_.identify.max_concurrency()}}}});
  }
  if (r.name == "GET /users/@me") return json_response(200, CommunityModel::user_json(p_.model.bot()));

  if (r.interaction) {
    RestAnswer answer;
    if (s[0] == "interactions") {
      std::uint64_t id = 0;
      if (!snowflake(s[1], id)) return error(404, 10062, "Unknown interaction");
      const bool with_response = request.query.find("with_response=true") != std::string::npos;
      answer = p_.interactions.callback(id, s[2], body, with_response);
    } else {
      if (s[1] != std::to_string(p_.model.application_id())) return error(404, 10015, "Unknown Webhook");
      if (request.method == "POST") {
        answer = p_.interactions.followup(s[2], body);
      } else if (request.method == "GET") {
        answer = p_.interactions.get_message(s[2], s[4]);
      } else if (request.method == "PATCH") {
        answer = p_.interactions.edit_message(s[2], s[4], body.is_null() ? json::object() : body);
      } else {
        answer = p_.interactions.delete_message(s[2], s[4]);
      }
    }
    if (answer.created_message) p_.gateway.dispatch(p_.events.message_create(*answer.created_message));
    return json_response(answer.status, answer.body);
  }

  if (s[0] == "guilds" && s.size() <= 4 && !(s.size() == 4 && s[2] == "members")) return guild_admin(request, s, body);
  if (r.name == "PATCH /channels/{c}/messages/{m}") return edit_message(s[1], s[3], body);

  if (s[0] == "guilds") {
    std::uint64_t g = 0, u = 0, role = 0;
    if (!snowflake(s[1], g) || !p_.model.has_guild(g)) return error(404, 10004, "Unknown Guild");
    if (!snowflake(s[3], u)) return error(404, 10007, "Unknown Member");
    if (request.method == "GET") {
      auto m = p_.model.member_json(g, u);
      return m ? json_response(200, *m) : error(404, 10007, "Unknown Member");
    }
    if (!snowflake(s[5], role)) return error(404, 10011, "Unknown Role");
    json update;
    switch (p_.model.change_role(g, u, role, request.method == "PUT", &update)) {
      case RoleChange::unknown_guild: return error(404, 10004, "Unknown Guild");
      case RoleChange::unknown_member: return error(404, 10007, "Unknown Member");
      case RoleChange::unknown_role: return error(404, 10011, "Unknown Role");
      case RoleChange::missing_permissions: return error(403, 50013, "Missing Permissions");
      case RoleChange::ok: break;
    }
    p_.gateway.dispatch(p_.events.member_update(update));
    return json_response(204, nullptr);
  }

  if (r.name == "POST /users/@me/channels") {
    std::uint64_t user = 0;
    const auto recipient = body.is_object() ? body.value("recipient_id", json()) : json();
    if (!recipient.is_string() || !snowflake(recipient.get<std::string>(), user)) {
      return json_response(400, invalid_form_body({{"recipient_id", {{"_errors", json::array({{{"code", "BASE_TYPE_REQUIRED"}, {"message", "This field is required"}}})}}}}));
    }
    auto dm = p_.model.open_dm(user);
    auto who = p_.model.user(user);
    if (!dm || !who) return error(404, 10013, "Unknown User");
    return json_response(200, {{"id", std::to_string(dm->id)}, {"type", 1}, {"last_message_id", nullptr}, {"flags", 0},
                               {"recipients", json::array({CommunityModel::user_json(*who)})}});
  }

  if (r.name == "POST /channels/{c}/messages") {
    std::uint64_t c = 0;
    if (!snowflake(s[1], c)) return error(404, 10003, "Unknown Channel");
    return create_message(c, body);
  }

  if (s[0] == "applications") {
    if (s[1] != std::to_string(p_.model.application_id())) return error(403, 50001, "Missing Access");
    std::uint64_t g = 0;  // 0: the global commands
    if (s.size() == 5 && (!snowflake(s[3], g) || !p_.model.has_guild(g))) return error(404, 10004, "Unknown Guild");
    return commands(request, g, body);
  }
  return error(404, 0, "404: Not Found");
}

http::Response RestRouter::create_message(std::uint64_t channel_id, const json& body) {
  auto channel = p_.model.channel(channel_id);
  if (!channel) return error(404, 10003, "Unknown Channel");
  const auto errors = validate_message(body, {true, false});
  if (!errors.empty()) return json_response(400, invalid_form_body(errors));
  if (channel->type == 1) {
    auto recipient = p_.model.user(channel->recipient);
    if (recipient && recipient->blocks_dms) return error(403, 50007, "Cannot send messages to this user");
  }
  const auto id = p_.ids.next(static_cast<std::uint64_t>(p_.clock.unix_ms()));
  json message = {{"id", std::to_string(id)},
                  {"type", body.contains("message_reference") ? 19 : 0},
                  {"channel_id", std::to_string(channel_id)},
                  {"author", CommunityModel::user_json(p_.model.bot())},
                  {"content", body.value("content", std::string())},
                  {"timestamp", nullptr},
                  {"edited_timestamp", nullptr},
                  {"tts", body.value("tts", false)},
                  {"mention_everyone", false},
                  {"mentions", json::array()},
                  {"mention_roles", json::array()},
                  {"attachments", body.value("attachments", json::array())},
                  {"embeds", body.value("embeds", json::array())},
                  {"components", body.value("components", json::array())},
                  {"pinned", false},
                  {"flags", body.value("flags", 0)}};
  if (body.contains("nonce")) message["nonce"] = body["nonce"];
  if (channel->guild_id) message["guild_id"] = std::to_string(channel->guild_id);
  p_.model.store_message(id, channel_id, p_.model.bot().id, message);
  // A DM's buttons are for its recipient: a scripted click comes back as a DM interaction.
  if (channel->type == 1) p_.interactions.offer_direct_message(channel->recipient, channel_id, message);
  p_.gateway.dispatch(p_.events.message_create(message));
  return json_response(200, message);
}

http::Response RestRouter::commands(const http::Request& request, std::uint64_t guild_id, const json& body) {
  if (request.method == "GET") return json_response(200, p_.commands.list(guild_id));
  const auto errors = validate_commands(body);
  if (!errors.empty()) return json_response(400, invalid_form_body(errors));
  return json_response(200, p_.commands.overwrite(guild_id, body));
}

}  // namespace arrakis::discord_sim
