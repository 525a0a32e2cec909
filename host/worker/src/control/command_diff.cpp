#include "control/command_diff.hpp"

#include <map>
#include <utility>

namespace arrakis::worker {

using nlohmann::json;

namespace {

// Fields Discord adds to a registered command; a definition never sets them.
constexpr const char* kAssignedByDiscord[] = {"id", "application_id", "version", "guild_id", "default_permission",
                                              "name_localized", "description_localized"};

bool is_default_value(const json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_array() && v.empty()) ||
         (v.is_object() && v.empty());
}

json without_defaults(const json& value) {
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(without_defaults(v));
    return out;
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, v] : value.items()) {
    json cleaned = without_defaults(v);
    if (!is_default_value(cleaned)) out[key] = std::move(cleaned);
  }
  return out;
}

int type_of(const json& command) {
  const auto t = command.value("type", json(1));
  return t.is_number_integer() ? t.get<int>() : 1;
}

std::string label(const json& command) {
  const auto name = command.value("name", std::string());
  switch (type_of(command)) {
    case 2: return name + " (user)";
    case 3: return name + " (message)";
    case 4: return name + " (entry point)";
    default: return name;
  }
}

using Key = std::pair<int, std::string>;
Key key_of(const json& command) { return {type_of(command), command.value("name", std::string())}; }

}  // namespace

json comparable_command(const json& command) {
  json c = command;
  for (const char* key : kAssignedByDiscord) c.erase(key);
  c["type"] = type_of(command);
  // Deprecated DM permission: Discord reports true when it was never set.
  if (c.contains("dm_permission") && c["dm_permission"] == true) c.erase("dm_permission");
  // Installation contexts: [0] (guild install) is what Discord assumes.
  if (c.contains("integration_types") && c["integration_types"] == json::array({0})) c.erase("integration_types");
  return without_defaults(c);
}

CommandDiff diff_commands(const json& desired, const json& registered) {
  CommandDiff diff;
  std::map<Key, const json*> at_discord;
  for (const auto& c : registered) at_discord[key_of(c)] = &c;
  std::map<Key, bool> wanted;
  for (const auto& c : desired) {
    const auto key = key_of(c);
    wanted[key] = true;
    const auto it = at_discord.find(key);
    if (it == at_discord.end()) {
      diff.added.push_back(label(c));
    } else if (comparable_command(c) != comparable_command(*it->second)) {
      diff.changed.push_back(label(c));
    } else {
      diff.unchanged.push_back(label(c));
    }
  }
  for (const auto& c : registered) {
    if (!wanted.count(key_of(c))) diff.removed.push_back(label(c));
  }
  return diff;
}

}  // namespace arrakis::worker
