// Typed, read-only access to the event a hook receives. The payload of every kind is documented
// field by field in arrakis/plugin_events.h; each accessor below reads one of those fields and
// answers an empty value when the event does not carry it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

  // --- the envelope (every queue-borne kind)
  std::string user_id() const { return text(json_, "userId"); }
  std::string guild_id() const { return text(json_, "guildId"); }
  std::string community_id() const { return text(json_, "communityId"); }
  std::string channel_id() const { return text(json_, "channelId"); }
  std::string event_id() const { return text(json_, "eventId"); }
  std::int64_t timestamp_ms() const { return number(json_, "timestamp"); }

  // --- interactions
  std::string command_name() const { return text(data(), "commandName"); }
  std::string subcommand() const { return text(data(), "subcommand"); }
  std::string custom_id() const { return text(data(), "customId"); }
  // The custom id split on `separator`: "onboard:nym:123" -> {"onboard", "nym", "123"}.
  std::vector<std::string> custom_id_parts(char separator = ':') const {
    std::vector<std::string> parts;
    const std::string id = custom_id();
    std::size_t start = 0;
    for (std::size_t i = 0; i <= id.size(); ++i) {
      if (i == id.size() || id[i] == separator) {
        parts.push_back(id.substr(start, i - start));
        start = i + 1;
      }
    }
    return parts;
  }
  // The message a component is on (and a component-opened modal's), else "".
  std::string message_id() const { return text(data(), "messageId"); }
  // The invoking user's display name.
  std::string user_name() const { return text(data(), "userName"); }
  std::string locale() const { return text(data(), "locale"); }
  bool is_dm() const { return data().is_object() && data().value("dm", false); }
  std::vector<std::string> member_roles() const { return strings(data(), "memberRoles"); }
  bool member_has_role(const std::string& role_id) const {
    for (const auto& r : member_roles()) {
      if (r == role_id) return true;
    }
    return false;
  }
  // The invoking member's permission bits (0 when unknown).
  std::uint64_t member_permissions() const {
    const std::string perms = text(data(), "memberPermissions");
    if (perms.empty()) return 0;
    try {
      return std::stoull(perms);
    } catch (const std::exception&) {
      return 0;
    }
  }
  const nlohmann::json& options() const { return field(data(), "options"); }
  // Autocomplete: which option is being typed.
  std::string focused_option() const { return text(data(), "focusedOption"); }
  const nlohmann::json& modal_fields() const { return field(data(), "fields"); }

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
  bool member_is_admin() const { return (member_permissions() & 0x8ull) != 0; }

  // --- guild events: data() holds the fields of plugin_events.h; the common ones typed
  std::vector<std::string> roles() const { return strings(data(), "roles"); }                // member.join
  std::vector<std::string> current_roles() const { return strings(data(), "currentRoles"); } // member.update

  // --- internal events
  std::string source_plugin() const { return text(field(json_, "source"), "plugin"); }

  // --- schedules
  std::string schedule() const { return text(json_, "schedule"); }
  std::int64_t fired_at_ms() const { return number(json_, "firedAt"); }
  std::int64_t fence() const { return number(json_, "fence"); }
  bool per_community() const { return text(json_, "scope") == "per-community"; }
  std::int64_t attempt() const { return number(json_, "attempt"); }

  // --- HTTP requests
  std::string http_method() const { return text(json_, "method"); }
  std::string http_path() const { return text(json_, "path"); }
  std::string http_route() const { return text(json_, "route"); }
  std::string http_param(const std::string& name) const { return text(field(json_, "params"), name.c_str()); }
  std::string http_query(const std::string& name) const { return text(field(json_, "query"), name.c_str()); }
  // Header names are lower case.
  std::string http_header(const std::string& name) const { return text(field(json_, "headers"), name.c_str()); }
  std::string http_body() const { return text(json_, "body"); }
  std::string remote_address() const { return text(json_, "remoteAddress"); }

 private:
  static const nlohmann::json& field(const nlohmann::json& j, const char* name) {
    static const nlohmann::json null_value;
    if (j.is_object()) {
      auto it = j.find(name);
      if (it != j.end()) return *it;
    }
    return null_value;
  }
  static std::int64_t number(const nlohmann::json& j, const char* name) {
    const auto& v = field(j, name);
    return v.is_number_integer() ? v.get<std::int64_t>() : 0;
  }
  static std::vector<std::string> strings(const nlohmann::json& j, const char* name) {
    std::vector<std::string> out;
    const auto& v = field(j, name);
    if (v.is_array()) {
      for (const auto& x : v) {
        if (x.is_string()) out.push_back(x.get<std::string>());
      }
    }
    return out;
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
