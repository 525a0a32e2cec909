#include "arrakis/discord_sim/command_registry.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

OptionSpec option_spec_of(const json& o) {
  OptionSpec spec;
  spec.type = o.value("type", 3);
  spec.name = o.value("name", std::string());
  spec.required = o.value("required", false);
  spec.autocomplete = o.value("autocomplete", false);
  for (const auto& c : o.value("choices", json::array())) {
    const auto& v = c.value("value", json());
    spec.choices.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  spec.min_value = o.value("min_value", json(0)).is_number() ? static_cast<int>(o.value("min_value", 0.0)) : 0;
  spec.max_value = o.value("max_value", json(0)).is_number() ? static_cast<int>(o.value("max_value", 0.0)) : 0;
  if (spec.type == 4 && spec.max_value <= spec.min_value) spec.max_value = spec.min_value + 100;
  spec.max_length = o.value("max_length", 0);
  for (const auto& sub : o.value("options", json::array())) spec.options.push_back(option_spec_of(sub));
  return spec;
}

}  // namespace

CommandSpec spec_of(const json& definition) {
  CommandSpec spec;
  spec.name = definition.value("name", std::string());
  const auto perms = definition.value("default_member_permissions", json());
  spec.admin = perms.is_string();  // any permission requirement: invoked by members who hold it
  for (const auto& o : definition.value("options", json::array())) spec.options.push_back(option_spec_of(o));
  return spec;
}

CommandRegistry::CommandRegistry(std::uint64_t application_id, std::function<std::uint64_t(const std::string&)> id_for)
    : application_id_(application_id), id_for_(std::move(id_for)) {}

json CommandRegistry::overwrite(std::uint64_t guild_id, const json& commands) {
  json out = json::array();
  for (const auto& c : commands) {
    json registered = c;
    const auto name = c.value("name", std::string());
    const auto id = std::to_string(id_for_(name));
    registered["id"] = id;
    registered["application_id"] = std::to_string(application_id_);
    registered["version"] = id;
    registered["type"] = c.value("type", 1);
    registered["default_member_permissions"] = c.value("default_member_permissions", json());
    if (guild_id) registered["guild_id"] = std::to_string(guild_id);
    out.push_back(std::move(registered));
  }
  std::lock_guard lock(mutex_);
  scopes_[guild_id] = out;
  return out;
}

json CommandRegistry::list(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  const auto it = scopes_.find(guild_id);
  return it == scopes_.end() ? json::array() : it->second;
}

std::vector<CommandSpec> CommandRegistry::invocable(std::uint64_t guild_id) const {
  std::vector<CommandSpec> out;
  std::lock_guard lock(mutex_);
  for (const auto scope : {guild_id, std::uint64_t{0}}) {
    const auto it = scopes_.find(scope);
    if (it == scopes_.end()) continue;
    for (const auto& c : it->second) {
      if (c.value("type", 1) == 1) out.push_back(spec_of(c));
    }
  }
  return out;
}

}  // namespace arrakis::discord_sim
