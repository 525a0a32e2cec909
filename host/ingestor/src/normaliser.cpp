#include "arrakis/ingestor/normaliser.hpp"

namespace arrakis::ingestor {
namespace {

using nlohmann::json;

// Interaction types (spec 2).
constexpr int kPing = 1, kCommand = 2, kComponent = 3, kAutocomplete = 4, kModalSubmit = 5;
// Option types that nest other options instead of carrying a value.
constexpr int kSubCommand = 1, kSubCommandGroup = 2;
constexpr int kButton = 2;
constexpr int kActionRow = 1, kLabel = 18;

std::string str(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& child(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it != object.end() ? *it : kNull;
}

bool truthy(const json& object, const char* key) {
  const json& v = child(object, key);
  return v.is_boolean() && v.get<bool>();
}

// The user who acted on an interaction: member.user in a guild, user in a DM (spec: interaction
// fields, "user? DMs only").
const json& interaction_user(const json& d) {
  const json& member_user = child(child(d, "member"), "user");
  return member_user.is_object() ? member_user : child(d, "user");
}

// The name plugin_events.h promises as data.userName: the global display name, else the username.
std::string user_name(const json& user) {
  std::string name = str(user, "global_name");
  return name.empty() ? str(user, "username") : name;
}

// Role ids of the invoking member; a DM has no member, so none.
json member_roles(const json& member) {
  json roles = json::array();
  const json& ids = child(member, "roles");
  if (!ids.is_array()) return roles;
  for (const auto& id : ids) {
    if (id.is_string()) roles.push_back(id);
  }
  return roles;
}

// The leaf options of a chat command, whatever subcommand (group) was chosen.
struct FlatOptions {
  std::string subcommand;  // "", "sub" or "group sub"
  json options = json::object();
  std::string focused_option;
  json focused_value;
};

FlatOptions flatten_options(const json& data) {
  FlatOptions out;
  const json* level = &child(data, "options");
  // At most two levels of nesting: group -> subcommand -> leaves.
  for (int depth = 0; depth < 2 && level->is_array() && !level->empty(); ++depth) {
    const json& first = level->front();
    const int type = child(first, "type").is_number_integer() ? child(first, "type").get<int>() : 0;
    if (type != kSubCommand && type != kSubCommandGroup) break;
    if (!out.subcommand.empty()) out.subcommand += ' ';
    out.subcommand += str(first, "name");
    level = &child(first, "options");
  }
  if (level->is_array()) {
    for (const auto& option : *level) {
      const std::string name = str(option, "name");
      if (name.empty()) continue;
      const json& value = child(option, "value");
      out.options[name] = value;
      if (truthy(option, "focused")) {
        out.focused_option = name;
        out.focused_value = value;
      }
    }
  }
  return out;
}

// Every input of a modal submit, in both the Label (type 18) and the legacy action-row layouts.
json modal_fields(const json& data) {
  json fields = json::object();
  auto add = [&](const json& input) {
    const std::string id = str(input, "custom_id");
    if (id.empty()) return;
    if (input.contains("value")) {
      fields[id] = input["value"];
    } else if (input.contains("values")) {  // a select inside a Label
      fields[id] = input["values"];
    }
  };
  const json& rows = child(data, "components");
  if (!rows.is_array()) return fields;
  for (const auto& row : rows) {
    const int type = child(row, "type").is_number_integer() ? child(row, "type").get<int>() : 0;
    if (type == kLabel) {
      add(child(row, "component"));
    } else if (type == kActionRow && child(row, "components").is_array()) {
      for (const auto& input : row["components"]) add(input);
    } else {
      add(row);
    }
  }
  return fields;
}

std::optional<OutboundEvent> interaction(const json& d, int shard_id, const EventStamp& stamp, json& payload) {
  // An interaction without a guild comes from a DM: forwarded with its user and data.dm; the
  // worker places it in a community (docs/plugin-abi.md, "DM interactions").
  const std::string guild_id = str(d, "guild_id");
  const bool dm = guild_id.empty();
  const json& user = interaction_user(d);
  if (dm && str(user, "id").empty()) return std::nullopt;  // nobody to place it by: malformed
  const int type = child(d, "type").is_number_integer() ? d["type"].get<int>() : 0;
  const json& data = child(d, "data");
  OutboundEvent e;
  json out = json::object();
  out["type"] = type;
  switch (type) {
    case kCommand:
    case kAutocomplete: {
      const std::string name = str(data, "name");
      if (name.empty()) return std::nullopt;
      FlatOptions flat = flatten_options(data);
      out["commandName"] = name;
      out["subcommand"] = flat.subcommand;
      out["options"] = std::move(flat.options);
      if (type == kCommand) {
        e.event_type = "interaction.command." + name;
        e.priority = priority::command;
        if (data.contains("target_id")) out["targetId"] = data["target_id"];  // user/message commands
      } else {
        e.event_type = "interaction.autocomplete";
        e.priority = priority::autocomplete;
        out["focusedOption"] = flat.focused_option;
        out["focusedValue"] = flat.focused_value;
      }
      break;
    }
    case kComponent: {
      const int component_type = child(data, "component_type").is_number_integer() ? data["component_type"].get<int>() : 0;
      const bool button = component_type == kButton;
      e.event_type = button ? "interaction.button" : "interaction.select";
      e.priority = priority::component;
      out["customId"] = str(data, "custom_id");
      out["componentType"] = component_type;
      if (!button) out["values"] = child(data, "values").is_array() ? data["values"] : json::array();
      break;
    }
    case kModalSubmit:
      e.event_type = "interaction.modal";
      e.priority = priority::component;
      out["customId"] = str(data, "custom_id");
      out["fields"] = modal_fields(data);
      break;
    case kPing:
    default:
      return std::nullopt;
  }
  const json& member = child(d, "member");
  // No member in a DM, so no permissions: "0" rather than a guess (an admin check then refuses).
  out["memberPermissions"] = dm ? std::string("0") : str(member, "permissions");
  out["memberRoles"] = member_roles(member);
  out["userName"] = user_name(user);
  out["locale"] = str(d, "locale");
  if (dm) out["dm"] = true;
  if (const std::string message_id = str(child(d, "message"), "id"); !message_id.empty()) {
    out["messageId"] = message_id;
  }
  std::string channel_id = str(d, "channel_id");
  if (channel_id.empty()) channel_id = str(child(d, "channel"), "id");
  if (!dm) payload["guildId"] = guild_id;
  if (!channel_id.empty()) payload["channelId"] = channel_id;
  if (auto user_id = str(user, "id"); !user_id.empty()) payload["userId"] = user_id;
  payload["interactionId"] = str(d, "id");
  payload["interactionToken"] = str(d, "token");
  payload["data"] = std::move(out);
  e.guild_id = guild_id;
  (void)shard_id;
  (void)stamp;
  return e;
}

std::string display_name(const json& member) {
  const json& user = child(member, "user");
  for (const json* candidate : {&child(member, "nick"), &child(user, "global_name"), &child(user, "username")}) {
    if (candidate->is_string() && !candidate->get<std::string>().empty()) return candidate->get<std::string>();
  }
  return {};
}

// Length in characters (code points) of UTF-8 text, counted without keeping the text.
std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string emoji_text(const json& emoji) {
  const std::string name = str(emoji, "name");
  const std::string id = str(emoji, "id");
  return id.empty() ? name : name + ":" + id;  // custom emoji: "name:id"
}

}  // namespace

std::optional<OutboundEvent> normalise(std::string_view event_name, const nlohmann::json& d, int shard_id,
                                       const EventStamp& stamp) {
  if (!d.is_object()) return std::nullopt;
  json payload = json::object();
  std::optional<OutboundEvent> e;

  if (event_name == "INTERACTION_CREATE") {
    e = interaction(d, shard_id, stamp, payload);
  } else if (event_name == "GUILD_MEMBER_ADD" || event_name == "GUILD_MEMBER_REMOVE" ||
             event_name == "GUILD_MEMBER_UPDATE") {
    const std::string guild_id = str(d, "guild_id");
    const json& user = child(d, "user");
    const std::string user_id = str(user, "id");
    if (guild_id.empty() || user_id.empty()) return std::nullopt;
    e.emplace();
    e->priority = priority::member;
    e->guild_id = guild_id;
    payload["guildId"] = guild_id;
    payload["userId"] = user_id;
    const json roles = child(d, "roles").is_array() ? d["roles"] : json::array();
    if (event_name == "GUILD_MEMBER_ADD") {
      e->event_type = "member.join";
      payload["data"] = {{"userId", user_id},
                         {"username", str(user, "username")},
                         {"displayName", display_name(d)},
                         {"joinedAt", child(d, "joined_at")},
                         {"pending", truthy(d, "pending")},
                         {"roles", roles}};
    } else if (event_name == "GUILD_MEMBER_REMOVE") {
      e->event_type = "member.leave";
      payload["data"] = {{"userId", user_id}, {"username", str(user, "username")}};
    } else {
      // The ingestor keeps no member cache, so it cannot know the roles a member had before.
      // Every GUILD_MEMBER_UPDATE is forwarded with the complete current role list and nickname;
      // the worker diffs against its database (addedRoles/removedRoles) and ignores updates that
      // change no role.
      e->event_type = "member.update";
      payload["data"] = {{"userId", user_id},
                         {"username", str(user, "username")},
                         {"newNickname", child(d, "nick").is_string() ? d["nick"] : json()},
                         {"currentRoles", roles}};
    }
  } else if (event_name == "GUILD_CREATE") {
    const std::string guild_id = str(d, "id");
    if (guild_id.empty() || truthy(d, "unavailable")) return std::nullopt;  // outage, not a join
    e.emplace();
    e->event_type = "guild.join";
    e->priority = priority::guild;
    e->guild_id = guild_id;
    payload["guildId"] = guild_id;
    payload["data"] = {{"guildId", guild_id},
                       {"name", str(d, "name")},
                       {"memberCount", child(d, "member_count").is_number() ? d["member_count"] : json(0)}};
  } else if (event_name == "GUILD_DELETE") {
    const std::string guild_id = str(d, "id");
    if (guild_id.empty() || truthy(d, "unavailable")) return std::nullopt;  // outage: the bot is still there
    e.emplace();
    e->event_type = "guild.leave";
    e->priority = priority::guild;
    e->guild_id = guild_id;
    payload["guildId"] = guild_id;
    payload["data"] = {{"guildId", guild_id}, {"unavailable", false}};
  } else if (event_name == "MESSAGE_CREATE") {
    const std::string guild_id = str(d, "guild_id");
    const json& author = child(d, "author");
    if (guild_id.empty() || truthy(author, "bot") || d.contains("webhook_id")) return std::nullopt;
    const std::string author_id = str(author, "id");
    const std::string channel_id = str(d, "channel_id");
    if (author_id.empty() || channel_id.empty()) return std::nullopt;
    e.emplace();
    e->event_type = "message.create";
    e->priority = priority::activity;
    e->guild_id = guild_id;
    payload["guildId"] = guild_id;
    payload["channelId"] = channel_id;
    payload["userId"] = author_id;
    // Metadata only: the content never leaves the ingestor, only its length.
    json data = {{"messageId", str(d, "id")},
                 {"channelId", channel_id},
                 {"authorId", author_id},
                 {"isReply", child(d, "type") == 19 || child(d, "message_reference").is_object()},
                 {"attachmentCount", child(d, "attachments").is_array() ? d["attachments"].size() : 0}};
    if (child(d, "content").is_string()) data["length"] = utf8_length(d["content"].get_ref<const std::string&>());
    payload["data"] = std::move(data);
  } else if (event_name == "MESSAGE_REACTION_ADD") {
    const std::string guild_id = str(d, "guild_id");
    const std::string user_id = str(d, "user_id");
    if (guild_id.empty() || user_id.empty() || truthy(child(child(d, "member"), "user"), "bot")) return std::nullopt;
    e.emplace();
    e->event_type = "reaction.add";
    e->priority = priority::activity;
    e->guild_id = guild_id;
    payload["guildId"] = guild_id;
    payload["channelId"] = str(d, "channel_id");
    payload["userId"] = user_id;
    json data = {{"messageId", str(d, "message_id")},
                 {"channelId", str(d, "channel_id")},
                 {"userId", user_id},
                 {"emoji", emoji_text(child(d, "emoji"))}};
    if (auto author = str(d, "message_author_id"); !author.empty()) data["messageAuthorId"] = author;
    payload["data"] = std::move(data);
  }

  if (!e) return std::nullopt;
  payload["eventId"] = stamp.event_id;
  payload["eventType"] = e->event_type;
  payload["timestamp"] = stamp.timestamp_ms;
  payload["shardId"] = shard_id;
  e->event_id = stamp.event_id;
  e->shard_id = shard_id;
  e->body = payload.dump();
  return e;
}

}  // namespace arrakis::ingestor
