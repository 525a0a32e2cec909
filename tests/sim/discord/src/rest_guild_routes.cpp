// REST routes of guild administration and of editing a channel message. The rules live in the
// community model; here ids are parsed and its answers become HTTP responses.
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/message_validation.hpp"
#include "arrakis/discord_sim/rest_router.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

std::optional<std::uint64_t> id_of(const std::string& s) {
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  try {
    return std::stoull(s);
  } catch (...) {
    return std::nullopt;
  }
}

http::Response answer(const ModelAnswer& a) {
  http::Response r;
  r.status = a.status;
  r.body = a.body.is_null() ? std::string() : a.body.dump();
  return r;
}

ModelAnswer unknown(int code, const char* message) { return {404, {{"message", message}, {"code", code}}}; }

}  // namespace

http::Response RestRouter::guild_admin(const http::Request& request, const std::vector<std::string>& s, const json& body) {
  const auto guild = id_of(s[1]);
  if (!guild) return answer(unknown(10004, "Unknown Guild"));
  const auto& method = request.method;
  if (s.size() == 2) return answer(p_.model.guild_object(*guild));
  if (s[2] == "channels") {
    return answer(method == "GET" ? p_.model.list_channels(*guild) : p_.model.create_channel(*guild, body));
  }
  if (s.size() == 4) {
    const auto role = id_of(s[3]);
    if (!role) return answer(unknown(10011, "Unknown Role"));
    return answer(p_.model.modify_role(*guild, *role, body));
  }
  if (method == "GET") return answer(p_.model.list_roles(*guild));
  if (method == "POST") return answer(p_.model.create_role(*guild, body));
  return answer(p_.model.move_roles(*guild, body));
}

http::Response RestRouter::edit_message(const std::string& channel, const std::string& message, const json& body) {
  const auto channel_id = id_of(channel);
  if (!channel_id || !p_.model.channel(*channel_id)) return answer(unknown(10003, "Unknown Channel"));
  const auto message_id = id_of(message);
  if (!message_id) return answer(unknown(10008, "Unknown Message"));
  const json patch = body.is_object() ? body : json::object();
  const auto errors = validate_message(patch, {false, false});
  if (!errors.empty()) return answer({400, invalid_form_body(errors)});
  return answer(p_.model.edit_message(*channel_id, *message_id, patch));
}

}  // namespace arrakis::discord_sim
