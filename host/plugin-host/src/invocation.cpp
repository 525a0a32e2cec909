#include "arrakis/plugin_host/invocation.hpp"

namespace arrakis::plugin_host {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string string_field(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  throw InvalidPayload(std::string("field '") + name + "' must be a string");
}

// Job items are the host's own messages: a field of the wrong type reads as absent.
std::string text_or_empty(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer_or_zero(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

std::uint32_t event_kind_of(std::string_view t) {
  if (starts_with(t, "interaction.command.")) return ARRAKIS_EVENT_COMMAND;
  if (t == "interaction.button" || t == "interaction.select") return ARRAKIS_EVENT_COMPONENT;
  if (t == "interaction.modal") return ARRAKIS_EVENT_MODAL;
  if (t == "interaction.autocomplete") return ARRAKIS_EVENT_AUTOCOMPLETE;
  if (starts_with(t, "member.") || starts_with(t, "guild.") || starts_with(t, "message.") ||
      starts_with(t, "reaction.")) {
    return ARRAKIS_EVENT_GUILD;
  }
  if (starts_with(t, "internal.") && t.size() > std::string_view("internal.").size()) return ARRAKIS_EVENT_INTERNAL;
  return 0;
}

Invocation invocation_from_payload(const nlohmann::json& payload) {
  if (!payload.is_object()) throw InvalidPayload("payload must be a JSON object");
  Invocation inv;
  inv.type = string_field(payload, "eventType");
  if (inv.type.empty()) throw InvalidPayload("payload has no eventType");
  inv.kind = event_kind_of(inv.type);
  if (inv.kind == 0) throw InvalidPayload("unknown eventType '" + inv.type + "'");
  inv.guild_id = string_field(payload, "guildId");
  inv.user_id = string_field(payload, "userId");

  const auto data_it = payload.find("data");
  const nlohmann::json data = data_it != payload.end() && data_it->is_object() ? *data_it : nlohmann::json::object();
  switch (inv.kind) {
    case ARRAKIS_EVENT_COMMAND:
      inv.command = inv.type.substr(std::string_view("interaction.command.").size());
      if (inv.command.empty()) throw InvalidPayload("command event without a command name");
      break;
    case ARRAKIS_EVENT_AUTOCOMPLETE:
      inv.command = string_field(data, "commandName");
      if (inv.command.empty()) throw InvalidPayload("autocomplete without data.commandName");
      break;
    case ARRAKIS_EVENT_COMPONENT:
    case ARRAKIS_EVENT_MODAL:
      inv.custom_id = string_field(data, "customId");
      if (inv.custom_id.empty()) throw InvalidPayload(inv.type + " without data.customId");
      break;
    default: break;
  }
  if (inv.kind == ARRAKIS_EVENT_INTERNAL) inv.community_id = string_field(payload, "communityId");
  inv.interaction_id = string_field(payload, "interactionId");
  inv.interaction_token = string_field(payload, "interactionToken");
  nlohmann::json visible = payload;
  visible.erase("interactionToken");
  inv.payload_json = visible.dump();
  return inv;
}

void add_tenant_to_payload(Invocation& inv) {
  if (inv.payload_json.empty() || inv.payload_json.front() != '{') return;
  // Both values are ids (snowflakes, UUIDs) the host produced: dumping them as JSON strings is
  // enough, and the payload need not be parsed again.
  std::string fields = "\"communityId\":" + nlohmann::json(inv.community_id).dump();
  if (!inv.guild_id.empty() && inv.payload_json.find("\"guildId\":") == std::string::npos) {
    fields += ",\"guildId\":" + nlohmann::json(inv.guild_id).dump();
  }
  if (inv.payload_json.size() > 2) fields += ',';
  inv.payload_json.insert(1, fields);
}

Invocation schedule_invocation(const nlohmann::json& item, std::int64_t attempt, std::uint32_t statement_timeout_ms) {
  if (!item.is_object()) throw InvalidPayload("job item must be a JSON object");
  Invocation inv;
  inv.kind = ARRAKIS_EVENT_SCHEDULE;
  inv.schedule = text_or_empty(item, "schedule");
  if (inv.schedule.empty()) throw InvalidPayload("job item without a schedule");
  inv.type = "schedule." + inv.schedule;
  inv.community_id = text_or_empty(item, "communityId");
  inv.guild_id = text_or_empty(item, "guildId");
  inv.statement_timeout_ms = statement_timeout_ms;
  nlohmann::json p = {{"eventId", text_or_empty(item, "eventId")},
                      {"eventType", text_or_empty(item, "eventType")},
                      {"timestamp", integer_or_zero(item, "timestamp")},
                      {"communityId", inv.community_id},
                      {"schedule", inv.schedule},
                      {"firedAt", integer_or_zero(item, "firedAt")},
                      {"fence", integer_or_zero(item, "fence")},
                      {"scope", text_or_empty(item, "scope")},
                      {"attempt", attempt}};
  if (!inv.guild_id.empty()) p["guildId"] = inv.guild_id;
  inv.payload_json = p.dump();
  return inv;
}

Invocation http_invocation(const HttpRequestIn& request) {
  Invocation inv;
  inv.kind = ARRAKIS_EVENT_HTTP;
  inv.type = "http.request";
  inv.http_method = request.method;
  inv.http_path = request.path;
  inv.community_id = request.community_id;
  inv.guild_id = request.guild_id;
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : request.params) params[k] = v;
  // Request bytes are not always UTF-8; the plugin gets U+FFFD rather than a failed request.
  inv.payload_json = nlohmann::json{{"method", request.method},
                                    {"path", request.path},
                                    {"route", request.route},
                                    {"params", params},
                                    {"query", request.query},
                                    {"headers", request.headers},
                                    {"body", request.body},
                                    {"remoteAddress", request.remote_address},
                                    {"communityId", request.community_id}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return inv;
}

std::string idempotency_key(std::string_view event_id, std::string_view plugin) {
  std::string key(event_id);
  key.push_back(':');
  key.append(plugin);
  return key;
}

}  // namespace arrakis::plugin_host
