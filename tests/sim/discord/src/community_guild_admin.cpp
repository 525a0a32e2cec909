// Guild administration in the simulated communities: reading the guild, its roles and channels,
// creating and changing roles, creating channels, and the messages an edit looks up. Validation
// follows Discord's documented limits (names 1-100, colours 0-0xFFFFFF, the channel types a bot
// may create, overwrite shapes); permissions follow the model's rules: MANAGE_ROLES /
// MANAGE_CHANNELS (or Administrator), roles only below the bot's highest, no permission granted
// that the bot does not hold.
#include <algorithm>
#include <set>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/message_validation.hpp"
#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxRoles = 250;
constexpr std::size_t kMaxChannels = 500;
constexpr std::uint32_t kMaxColor = 0xFFFFFF;
const std::set<int> kCreatableChannelTypes = {0, 2, 4, 5, 13, 15, 16};

ModelAnswer error(int status, int code, const std::string& message) {
  return {status, {{"message", message}, {"code", code}}};
}
ModelAnswer unknown_guild() { return error(404, 10004, "Unknown Guild"); }
ModelAnswer unknown_role() { return error(404, 10011, "Unknown Role"); }
ModelAnswer missing_permissions() { return error(403, 50013, "Missing Permissions"); }

ModelAnswer form_error_answer(const FormErrors& err) { return {400, invalid_form_body(err.take())}; }

void check_name(FormErrors& err, const json& body, bool required) {
  if (!body.contains("name") || body["name"].is_null()) {
    if (required) err.add({"name"}, "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  if (!body["name"].is_string()) return err.add({"name"}, "BASE_TYPE_STRING", "Must be a string.");
  const auto n = characters(body["name"].get<std::string>());
  if (n < 1 || n > 100) err.add({"name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
}

void check_bool(FormErrors& err, const json& body, const char* field) {
  if (body.contains(field) && !body[field].is_null() && !body[field].is_boolean()) {
    err.add({field}, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
}

// A permission bit set as Discord takes it: a decimal string (or a number).
std::optional<std::uint64_t> bits(const json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  if (!v.is_string()) return std::nullopt;
  const auto s = v.get<std::string>();
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  try {
    return std::stoull(s);
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<std::uint64_t> snowflake_of(const json& v) {
  if (!v.is_string()) return std::nullopt;
  return bits(v);
}

// name, color, hoist, mentionable, permissions: the fields of a role create or edit.
void check_role_fields(FormErrors& err, const json& body, bool name_required) {
  check_name(err, body, name_required);
  if (body.contains("color") && !body["color"].is_null()) {
    if (!body["color"].is_number_integer()) {
      err.add({"color"}, "NUMBER_TYPE_COERCE", "Value \"" + body["color"].dump() + "\" is not int.");
    } else if (body["color"].get<std::int64_t>() < 0) {
      err.add({"color"}, "NUMBER_TYPE_MIN", "int value should be greater than or equal to 0.");
    } else if (body["color"].get<std::int64_t>() > kMaxColor) {
      err.add({"color"}, "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
    }
  }
  check_bool(err, body, "hoist");
  check_bool(err, body, "mentionable");
  if (body.contains("permissions") && !body["permissions"].is_null() && !bits(body["permissions"])) {
    err.add({"permissions"}, "NUMBER_TYPE_COERCE", "Value \"" + body["permissions"].dump() + "\" is not snowflake.");
  }
}

// A bot cannot give a role a permission it does not hold itself (Administrator holds them all).
bool grants_beyond(const json& fields, std::uint64_t bot_perms) {
  if (!fields.contains("permissions") || fields["permissions"].is_null() || (bot_perms & kAdministrator)) return false;
  return (*bits(fields["permissions"]) & ~bot_perms) != 0;
}

void apply_role_fields(Role& role, const json& body) {
  if (body.contains("name") && body["name"].is_string()) role.name = body["name"].get<std::string>();
  if (body.contains("color") && body["color"].is_number_integer()) role.color = body["color"].get<std::uint32_t>();
  if (body.contains("hoist") && body["hoist"].is_boolean()) role.hoist = body["hoist"].get<bool>();
  if (body.contains("mentionable") && body["mentionable"].is_boolean()) role.mentionable = body["mentionable"].get<bool>();
  if (body.contains("permissions") && !body["permissions"].is_null()) role.permissions = *bits(body["permissions"]);
}

// Roles sorted bottom to top, @everyone excluded, renumbered 1..n after a move.
void renumber(std::vector<Role*>& order) {
  int position = 1;
  for (Role* r : order) r->position = position++;
}

}  // namespace

json CommunityModel::role_object(const Role& r) {
  return {{"id", id_string(r.id)},
          {"name", r.name},
          {"color", r.color},
          {"colors", {{"primary_color", r.color}, {"secondary_color", nullptr}, {"tertiary_color", nullptr}}},
          {"hoist", r.hoist},
          {"position", r.position},
          {"permissions", std::to_string(r.permissions)},
          {"managed", r.managed},
          {"mentionable", r.mentionable},
          {"flags", 0},
          {"icon", nullptr},
          {"unicode_emoji", nullptr}};
}

json CommunityModel::channel_object(const Channel& c, int position) {
  return {{"id", id_string(c.id)},
          {"type", c.type},
          {"guild_id", id_string(c.guild_id)},
          {"name", c.name},
          {"position", position},
          {"permission_overwrites", c.permission_overwrites},
          {"parent_id", c.parent_id ? json(id_string(c.parent_id)) : json(nullptr)},
          {"topic", c.topic.empty() ? json(nullptr) : json(c.topic)},
          {"nsfw", false},
          {"last_message_id", nullptr},
          {"rate_limit_per_user", 0},
          {"flags", 0}};
}

json CommunityModel::roles_array(const Guild& g) const {
  json roles = json::array();
  for (const auto& r : g.roles) roles.push_back(role_object(r));
  return roles;
}

std::uint64_t CommunityModel::bot_permissions(const Guild& g) const {
  const auto it = g.by_user.find(bot_.id);
  if (it == g.by_user.end()) return 0;
  const Member& bot_member = g.members[it->second];
  std::uint64_t perms = 0;
  for (const auto& r : g.roles) {
    if (r.id == g.id || std::find(bot_member.roles.begin(), bot_member.roles.end(), r.id) != bot_member.roles.end()) {
      perms |= r.permissions;
    }
  }
  return perms;
}

int CommunityModel::bot_top_position(const Guild& g) const {
  const auto it = g.by_user.find(bot_.id);
  return it == g.by_user.end() ? 0 : highest_position(g, g.members[it->second]);
}

std::uint64_t CommunityModel::next_admin_id(std::uint32_t kind) {
  const auto serial = next_admin_serial_++;
  return make_snowflake(kDiscordEpochMs + 300'000'000'000ULL + seed_ % 1000 * 10'000ULL + serial, kind, 1,
                        static_cast<std::uint32_t>(serial & 0xFFF));
}

ModelAnswer CommunityModel::guild_object(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  return {200,
          {{"id", id_string(g->id)},
           {"name", g->name},
           {"icon", nullptr},
           {"splash", nullptr},
           {"discovery_splash", nullptr},
           {"owner_id", id_string(g->owner_id)},
           {"afk_channel_id", nullptr},
           {"afk_timeout", 300},
           {"verification_level", 1},
           {"default_message_notifications", 1},
           {"explicit_content_filter", 0},
           {"roles", roles_array(*g)},
           {"emojis", json::array()},
           {"stickers", json::array()},
           {"features", json::array()},
           {"mfa_level", 0},
           {"application_id", nullptr},
           {"system_channel_id", g->channels.empty() ? json(nullptr) : json(id_string(g->channels.front().id))},
           {"system_channel_flags", 0},
           {"rules_channel_id", nullptr},
           {"vanity_url_code", nullptr},
           {"description", nullptr},
           {"banner", nullptr},
           {"premium_tier", 0},
           {"preferred_locale", "en-US"},
           {"public_updates_channel_id", nullptr},
           {"nsfw_level", 0},
           {"premium_progress_bar_enabled", false}}};
}

ModelAnswer CommunityModel::list_roles(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  return g ? ModelAnswer{200, roles_array(*g)} : unknown_guild();
}

ModelAnswer CommunityModel::list_channels(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  json channels = json::array();
  int position = 0;
  for (const auto& c : g->channels) channels.push_back(channel_object(c, position++));
  return {200, channels};
}

ModelAnswer CommunityModel::create_role(std::uint64_t guild_id, const json& body) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  const json fields = body.is_object() ? body : json::object();
  FormErrors err;
  check_role_fields(err, fields, false);
  if (!err.empty()) return form_error_answer(err);
  const auto perms = bot_permissions(*g);
  if (!(perms & (kManageRoles | kAdministrator))) return missing_permissions();
  if (grants_beyond(fields, perms)) return missing_permissions();
  if (g->roles.size() >= kMaxRoles) return error(400, 30005, "Maximum number of guild roles reached (250)");
  // A new role sits just above @everyone; every other role moves up one.
  for (auto& r : g->roles) {
    if (r.id != g->id) ++r.position;
  }
  Role role;
  role.id = next_admin_id(6);
  role.key = "created";
  role.name = "new role";
  role.position = 1;
  role.permissions = g->roles.front().permissions;  // Discord's default: @everyone's permissions
  apply_role_fields(role, fields);
  g->roles.push_back(role);
  return {200, role_object(role)};
}

ModelAnswer CommunityModel::modify_role(std::uint64_t guild_id, std::uint64_t role_id_value, const json& body) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  const auto role = std::find_if(g->roles.begin(), g->roles.end(), [&](const Role& r) { return r.id == role_id_value; });
  if (role == g->roles.end()) return unknown_role();
  const json fields = body.is_object() ? body : json::object();
  FormErrors err;
  check_role_fields(err, fields, false);
  if (!err.empty()) return form_error_answer(err);
  const auto perms = bot_permissions(*g);
  if (!(perms & (kManageRoles | kAdministrator)) || role->position >= bot_top_position(*g)) return missing_permissions();
  if (grants_beyond(fields, perms)) return missing_permissions();
  apply_role_fields(*role, fields);
  return {200, role_object(*role)};
}

ModelAnswer CommunityModel::move_roles(std::uint64_t guild_id, const json& body) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  FormErrors err;
  if (!body.is_array()) {
    err.add({}, "BASE_TYPE_ARRAY", "Value must be an array.");
    return form_error_answer(err);
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto& move = body[i];
    const auto at = std::to_string(i);
    if (!move.is_object() || !snowflake_of(move.value("id", json()))) err.add({at, "id"}, "BASE_TYPE_REQUIRED", "This field is required");
    if (move.is_object() && move.contains("position") && !move["position"].is_null() && !move["position"].is_number_integer()) {
      err.add({at, "position"}, "NUMBER_TYPE_COERCE", "Value \"" + move["position"].dump() + "\" is not int.");
    }
  }
  if (!err.empty()) return form_error_answer(err);
  const auto perms = bot_permissions(*g);
  if (!(perms & (kManageRoles | kAdministrator))) return missing_permissions();
  const int top = bot_top_position(*g);
  for (const auto& move : body) {
    const auto id = *snowflake_of(move["id"]);
    const auto role = std::find_if(g->roles.begin(), g->roles.end(), [&](const Role& r) { return r.id == id; });
    if (role == g->roles.end()) return unknown_role();
    if (role->id == g->id) return missing_permissions();  // @everyone stays at 0
    if (!move.contains("position") || move["position"].is_null()) continue;
    const int wanted = move["position"].get<int>();
    // Neither the role nor the place it goes may be at or above the bot's highest role.
    if (role->position >= top || wanted >= top || wanted < 1) return missing_permissions();
    std::vector<Role*> order;
    for (auto& r : g->roles) {
      if (r.id != g->id && r.id != id) order.push_back(&r);
    }
    std::sort(order.begin(), order.end(), [](const Role* a, const Role* b) { return a->position < b->position; });
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(wanted - 1), order.size());
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(index), &*role);
    renumber(order);
  }
  return {200, roles_array(*g)};
}

ModelAnswer CommunityModel::create_channel(std::uint64_t guild_id, const json& body) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) return unknown_guild();
  const json fields = body.is_object() ? body : json::object();
  FormErrors err;
  check_name(err, fields, true);
  int type = 0;
  if (fields.contains("type") && !fields["type"].is_null()) {
    if (!fields["type"].is_number_integer() || !kCreatableChannelTypes.count(fields["type"].get<int>())) {
      err.add({"type"}, "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15, 16}.");
    } else {
      type = fields["type"].get<int>();
    }
  }
  if (fields.contains("topic") && !fields["topic"].is_null()) {
    if (!fields["topic"].is_string()) {
      err.add({"topic"}, "BASE_TYPE_STRING", "Must be a string.");
    } else if (characters(fields["topic"].get<std::string>()) > 1024) {
      err.add({"topic"}, "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.");
    }
  }
  std::uint64_t parent = 0;
  if (fields.contains("parent_id") && !fields["parent_id"].is_null()) {
    const auto id = snowflake_of(fields["parent_id"]);
    const auto category = std::find_if(g->channels.begin(), g->channels.end(),
                                       [&](const Channel& c) { return id && c.id == *id && c.type == 4; });
    if (category == g->channels.end() || type == 4) {
      err.add({"parent_id"}, "CHANNEL_PARENT_INVALID", "Invalid parent channel.");
    } else {
      parent = *id;
    }
  }
  json overwrites = json::array();
  std::uint64_t asked = 0;  // every bit an overwrite allows or denies
  if (fields.contains("permission_overwrites") && !fields["permission_overwrites"].is_null()) {
    const auto& list = fields["permission_overwrites"];
    if (!list.is_array()) {
      err.add({"permission_overwrites"}, "BASE_TYPE_ARRAY", "Value must be an array.");
    } else {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& o = list[i];
        const auto at = std::to_string(i);
        if (!o.is_object()) {
          err.add({"permission_overwrites", at}, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
          continue;
        }
        if (!snowflake_of(o.value("id", json()))) err.add({"permission_overwrites", at, "id"}, "BASE_TYPE_REQUIRED", "This field is required");
        const auto& kind = o.contains("type") ? o["type"] : json();
        const bool kind_ok = kind.is_number_integer() && (kind.get<int>() == 0 || kind.get<int>() == 1);
        if (!kind_ok) err.add({"permission_overwrites", at, "type"}, "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
        json stored = {{"id", o.value("id", json())}, {"type", kind_ok ? kind : json(0)}, {"allow", "0"}, {"deny", "0"}};
        for (const char* side : {"allow", "deny"}) {
          if (!o.contains(side) || o[side].is_null()) continue;
          const auto b = bits(o[side]);
          if (!b) {
            err.add({"permission_overwrites", at, side}, "NUMBER_TYPE_COERCE", "Value \"" + o[side].dump() + "\" is not snowflake.");
          } else {
            asked |= *b;
            stored[side] = std::to_string(*b);
          }
        }
        overwrites.push_back(std::move(stored));
      }
    }
  }
  if (!err.empty()) return form_error_answer(err);
  const auto perms = bot_permissions(*g);
  if (!(perms & (kManageChannels | kAdministrator))) return missing_permissions();
  if (!(perms & kAdministrator) && (asked & ~perms)) return missing_permissions();
  for (const auto& o : overwrites) {
    const auto id = *snowflake_of(o["id"]);
    if (o["type"] == 0 && std::none_of(g->roles.begin(), g->roles.end(), [&](const Role& r) { return r.id == id; })) {
      return unknown_role();
    }
    if (o["type"] == 1 && !g->by_user.count(id)) return error(404, 10007, "Unknown Member");
  }
  if (g->channels.size() >= kMaxChannels) return error(400, 30013, "Maximum number of guild channels reached (500)");
  Channel c;
  c.id = next_admin_id(7);
  c.guild_id = g->id;
  c.name = fields["name"].get<std::string>();
  c.key = c.name;
  c.type = type;
  c.parent_id = parent;
  c.topic = fields.value("topic", json()).is_string() ? fields["topic"].get<std::string>() : std::string();
  c.permission_overwrites = std::move(overwrites);
  g->channels.push_back(c);
  return {201, channel_object(c, static_cast<int>(g->channels.size()) - 1)};
}

void CommunityModel::store_message(std::uint64_t message_id, std::uint64_t channel_id, std::uint64_t author_id, json message) {
  std::lock_guard lock(mutex_);
  messages_[message_id] = {channel_id, author_id, std::move(message)};
}

std::optional<StoredMessage> CommunityModel::stored_message(std::uint64_t message_id) const {
  std::lock_guard lock(mutex_);
  const auto it = messages_.find(message_id);
  if (it == messages_.end()) return std::nullopt;
  return it->second;
}

ModelAnswer CommunityModel::edit_message(std::uint64_t channel_id, std::uint64_t message_id, const json& patch) {
  std::lock_guard lock(mutex_);
  const auto it = messages_.find(message_id);
  if (it == messages_.end() || it->second.channel_id != channel_id) return error(404, 10008, "Unknown Message");
  if (it->second.author_id != bot_.id) return error(403, 50005, "Cannot edit a message authored by another user");
  auto& message = it->second.message;
  for (auto field = patch.begin(); field != patch.end(); ++field) message[field.key()] = field.value();
  return {200, message};
}

}  // namespace arrakis::discord_sim
