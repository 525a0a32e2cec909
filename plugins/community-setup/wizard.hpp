// The community-setup wizard as data: its states and progress, the moves between them, the custom-id
// grammar of its controls and the session it keeps in the host's state service. Pure: no host calls.
// Behaviour and messages: docs/commands/onboard.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace community_setup {

enum class State { init, chain_select, asset_config, eligibility_rules, role_mapping, channel_structure, review,
                   deploy, complete, failed };

// "INIT", "CHAIN_SELECT", ... (stored in the session and carried by the step buttons).
std::string_view state_name(State s);
std::optional<State> state_by_name(std::string_view name);
// INIT 0, CHAIN_SELECT 12, ..., DEPLOY 87, COMPLETE 100; FAILED keeps DEPLOY's 87.
int progress(State s);
// Steps completed before this state: INIT 0 ... REVIEW 6, DEPLOY 7, COMPLETE 8 (FAILED 7).
int steps_completed(State s);
inline constexpr int kSteps = 8;
// COMPLETE and FAILED end a wizard: /onboard then starts a new one.
bool is_terminal(State s);
// The state "Next" leads to (CHAIN_SELECT ... CHANNEL_STRUCTURE -> the following one; INIT is left
// with "Start"), nullopt where Next is not offered.
std::optional<State> next_state(State s);
// "Back": CHAIN_SELECT ... REVIEW go one step back, FAILED goes to INIT; nullopt elsewhere.
std::optional<State> back_state(State s);

// wizard:{action}:{sessionId}[:{extra}]
inline constexpr std::string_view kPrefix = "wizard:";
struct ControlId {
  std::string action;
  std::string session_id;
  std::string extra;
};
std::optional<ControlId> parse_control_id(std::string_view custom_id);
std::string control_id(std::string_view action, std::string_view session_id, std::string_view extra = "");
// A session id: 16 lowercase hex digits.
bool is_session_id(std::string_view id);

// 15 minutes after the last use (every step saves the session again with a fresh TTL).
inline constexpr std::uint64_t kSessionTtlMs = 15 * 60'000;

struct Session {
  std::string id;
  std::string user_id;
  std::string guild_id;
  State state = State::init;
  std::int64_t created_ms = 0;
  bool tier_roles = true;               // ELIGIBILITY_RULES: also the seven BGT tier roles
  std::vector<std::string> roles;       // ROLE_MAPPING: the optional role keys chosen
  std::vector<std::string> channels;    // CHANNEL_STRUCTURE: the optional channel keys chosen
  std::string failure;                  // FAILED: why
  nlohmann::json result = nullptr;      // COMPLETE: what DEPLOY did (deploy.hpp)
};

// A new session at INIT with every optional role and channel chosen.
Session new_session(std::string id, std::string user_id, std::string guild_id, std::int64_t now_ms);
nlohmann::json to_json(const Session& s);
// nullopt for anything that is not a session this plugin wrote.
std::optional<Session> session_from_json(const nlohmann::json& j);

}  // namespace community_setup
