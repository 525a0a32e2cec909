// Typed, read-only access to the event a hook receives.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "arrakis/plugin.h"
#include "arrakis/sdk/errors.hpp"

namespace arrakis::sdk {

class Event {
 public:
  explicit Event(const arrakis_event& e)
      : kind_(e.kind), type_(e.type.data, e.type.size) {
    json_ = nlohmann::json::parse(std::string_view(e.json.data, e.json.size), nullptr, false);
    if (json_.is_discarded()) throw BadInputError("event payload is not valid JSON");
  }

  std::uint32_t kind() const { return kind_; }
  const std::string& type() const { return type_; }
  const nlohmann::json& json() const { return json_; }
  const nlohmann::json& data() const { return field(json_, "data"); }

  std::string user_id() const { return text(json_, "userId"); }
  std::string guild_id() const { return text(json_, "guildId"); }
  std::string channel_id() const { return text(json_, "channelId"); }
  std::string event_id() const { return text(json_, "eventId"); }

  // Interactions (payload `data` of spec 5.1: commandName, subcommand, options, customId, values, fields).
  std::string command_name() const { return text(data(), "commandName"); }
  std::string subcommand() const { return text(data(), "subcommand"); }
  std::string custom_id() const { return text(data(), "customId"); }

  // An option by name; options of the chosen subcommand are flattened into `options` by the ingestor.
  std::optional<nlohmann::json> option(const std::string& name) const {
    const auto& opts = field(data(), "options");
    if (opts.is_object() && opts.contains(name)) return opts.at(name);
    return std::nullopt;
  }
  std::optional<std::string> option_string(const std::string& name) const {
    auto v = option(name);
    if (!v || v->is_null()) return std::nullopt;
    return v->is_string() ? v->get<std::string>() : v->dump();
  }
  // The option being typed in an autocomplete interaction.
  std::string focused_value() const { return text(data(), "focusedValue"); }
  std::vector<std::string> values() const {
    std::vector<std::string> out;
    const auto& v = field(data(), "values");
    if (v.is_array()) {
      for (const auto& x : v) out.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    }
    return out;
  }
  std::optional<std::string> modal_field(const std::string& custom_id) const {
    const auto& f = field(data(), "fields");
    if (f.is_object() && f.contains(custom_id) && f.at(custom_id).is_string()) return f.at(custom_id).get<std::string>();
    return std::nullopt;
  }

  // Administrator bit (0x8) of the invoking member's permissions, as Discord sent them.
  bool member_is_admin() const {
    const std::string perms = text(data(), "memberPermissions");
    if (perms.empty()) return false;
    try {
      return (std::stoull(perms) & 0x8ull) != 0;
    } catch (const std::exception&) {
      return false;
    }
  }

 private:
  static const nlohmann::json& field(const nlohmann::json& j, const char* name) {
    static const nlohmann::json null_value;
    if (j.is_object()) {
      auto it = j.find(name);
      if (it != j.end()) return *it;
    }
    return null_value;
  }
  static std::string text(const nlohmann::json& j, const char* name) {
    const auto& v = field(j, name);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    return {};
  }

  std::uint32_t kind_;
  std::string type_;
  nlohmann::json json_;
};

}  // namespace arrakis::sdk
