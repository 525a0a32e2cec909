#include "wizard.hpp"

#include <array>

#include "catalogue.hpp"

namespace community_setup {

using nlohmann::json;

namespace {

struct StateInfo {
  State state;
  std::string_view name;
  int progress;
};

constexpr std::array<StateInfo, 10> kStates = {{
    {State::init, "INIT", 0},
    {State::chain_select, "CHAIN_SELECT", 12},
    {State::asset_config, "ASSET_CONFIG", 25},
    {State::eligibility_rules, "ELIGIBILITY_RULES", 37},
    {State::role_mapping, "ROLE_MAPPING", 50},
    {State::channel_structure, "CHANNEL_STRUCTURE", 62},
    {State::review, "REVIEW", 75},
    {State::deploy, "DEPLOY", 87},
    {State::complete, "COMPLETE", 100},
    {State::failed, "FAILED", 87},
}};

const StateInfo& info(State s) { return kStates[static_cast<std::size_t>(s)]; }

// Only keys of the catalogue survive a round trip through the store.
std::vector<std::string> known(const json& list, std::vector<std::string> allowed) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& v : list) {
    if (!v.is_string()) continue;
    const std::string key = v;
    for (const auto& a : allowed) {
      if (a == key) out.push_back(key);
    }
  }
  return out;
}

}  // namespace

std::string_view state_name(State s) { return info(s).name; }

std::optional<State> state_by_name(std::string_view name) {
  for (const auto& i : kStates) {
    if (i.name == name) return i.state;
  }
  return std::nullopt;
}

int progress(State s) { return info(s).progress; }

int steps_completed(State s) { return s == State::failed ? 7 : static_cast<int>(s); }

bool is_terminal(State s) { return s == State::complete || s == State::failed; }

std::optional<State> next_state(State s) {
  if (s >= State::chain_select && s <= State::channel_structure) return static_cast<State>(static_cast<int>(s) + 1);
  return std::nullopt;
}

std::optional<State> back_state(State s) {
  if (s == State::failed) return State::init;
  if (s >= State::chain_select && s <= State::review) return static_cast<State>(static_cast<int>(s) - 1);
  return std::nullopt;
}

bool is_session_id(std::string_view id) {
  if (id.size() != 16) return false;
  for (const char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<ControlId> parse_control_id(std::string_view custom_id) {
  if (custom_id.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::vector<std::string> parts;
  std::string_view rest = custom_id.substr(kPrefix.size());
  while (true) {
    const auto at = rest.find(':');
    parts.emplace_back(rest.substr(0, at));
    if (at == std::string_view::npos) break;
    rest = rest.substr(at + 1);
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || !is_session_id(parts[1])) return std::nullopt;
  return ControlId{parts[0], parts[1], parts.size() == 3 ? parts[2] : std::string()};
}

std::string control_id(std::string_view action, std::string_view session_id, std::string_view extra) {
  std::string id(kPrefix);
  id.append(action).append(":").append(session_id);
  if (!extra.empty()) id.append(":").append(extra);
  return id;
}

Session new_session(std::string id, std::string user_id, std::string guild_id, std::int64_t now_ms) {
  Session s;
  s.id = std::move(id);
  s.user_id = std::move(user_id);
  s.guild_id = std::move(guild_id);
  s.created_ms = now_ms;
  s.roles = optional_role_keys();
  s.channels = optional_channel_keys();
  return s;
}

json to_json(const Session& s) {
  return {{"id", s.id},
          {"userId", s.user_id},
          {"guildId", s.guild_id},
          {"state", state_name(s.state)},
          {"createdAt", s.created_ms},
          {"tierRoles", s.tier_roles},
          {"roles", s.roles},
          {"channels", s.channels},
          {"failure", s.failure},
          {"result", s.result}};
}

std::optional<Session> session_from_json(const json& j) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("userId") ||
      !j["userId"].is_string() || !j.contains("state") || !j["state"].is_string()) {
    return std::nullopt;
  }
  const auto state = state_by_name(j["state"].get<std::string>());
  if (!state || !is_session_id(j["id"].get<std::string>())) return std::nullopt;
  Session s;
  s.id = j["id"];
  s.user_id = j["userId"];
  s.guild_id = j.value("guildId", "");
  s.state = *state;
  s.created_ms = j.value("createdAt", std::int64_t{0});
  s.tier_roles = j.value("tierRoles", true);
  s.roles = known(j.value("roles", json::array()), optional_role_keys());
  s.channels = known(j.value("channels", json::array()), optional_channel_keys());
  s.failure = j.value("failure", "");
  s.result = j.contains("result") ? j["result"] : json(nullptr);
  return s;
}

}  // namespace community_setup
