// The three confirmations of a takeover, without I/O: which answer each step expects, and the
// custom ids that carry the step and the guild.
#pragma once

#include <optional>
#include <string>

namespace admin_takeover {

struct Step {
  int number = 0;          // 1..3
  std::string field;       // the modal's text input
  std::string label;       // its label (at most 45 characters)
  std::string placeholder;
};

// Steps 1..3; nullopt otherwise.
std::optional<Step> step(int number);

// takeover_step{n}_{guild} (a modal) and takeover_next_{n}_{guild} (the button that opens it).
std::string modal_id(int number, const std::string& guild_id);
std::string button_id(int number, const std::string& guild_id);

struct ParsedId {
  int number = 0;
  std::string guild_id;
};
// Reads either kind of custom id back; nullopt for anything malformed.
std::optional<ParsedId> parse_modal_id(const std::string& custom_id);
std::optional<ParsedId> parse_button_id(const std::string& custom_id);

// Whether `answer` is right for step `number`: the server's name (step 1), "I understand" (2),
// "confirmed" (3); compared case-insensitively, ignoring surrounding spaces. An empty expected
// server name never matches (the check fails closed).
bool answer_matches(int number, const std::string& answer, const std::string& server_name);

// Roles renamed by the takeover: those whose name starts with this prefix lose it.
inline constexpr const char* kParallelPrefix = "arrakis-";
// The role's name without the prefix, or nullopt when it does not start with it (or is only it).
std::optional<std::string> unprefixed(const std::string& role_name);

}  // namespace admin_takeover
