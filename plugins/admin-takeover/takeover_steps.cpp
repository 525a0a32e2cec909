#include "takeover_steps.hpp"

#include <cctype>

namespace admin_takeover {

namespace {

std::string trimmed_lower(const std::string& s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  std::string out = s.substr(begin, end - begin);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_snowflake(const std::string& s) {
  if (s.empty() || s.size() > 20) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "{prefix}{n}_{guild}" with n in 1..3.
std::optional<ParsedId> parse(const std::string& custom_id, const std::string& prefix) {
  if (custom_id.rfind(prefix, 0) != 0 || custom_id.size() < prefix.size() + 3) return std::nullopt;
  const char digit = custom_id[prefix.size()];
  if (digit < '1' || digit > '3' || custom_id[prefix.size() + 1] != '_') return std::nullopt;
  ParsedId id{digit - '0', custom_id.substr(prefix.size() + 2)};
  if (!is_snowflake(id.guild_id)) return std::nullopt;
  return id;
}

}  // namespace

std::optional<Step> step(int number) {
  switch (number) {
    case 1:
      return Step{1, "community_name", "Type this server's name to confirm", "The server's name, exactly"};
    case 2:
      return Step{2, "acknowledge_risks", "Type \"I understand\" to accept the risks", "I understand"};
    case 3:
      return Step{3, "rollback_plan", "Type \"confirmed\": there is no rollback", "confirmed"};
    default:
      return std::nullopt;
  }
}

std::string modal_id(int number, const std::string& guild_id) {
  return "takeover_step" + std::to_string(number) + "_" + guild_id;
}
std::string button_id(int number, const std::string& guild_id) {
  return "takeover_next_" + std::to_string(number) + "_" + guild_id;
}

std::optional<ParsedId> parse_modal_id(const std::string& custom_id) { return parse(custom_id, "takeover_step"); }
std::optional<ParsedId> parse_button_id(const std::string& custom_id) { return parse(custom_id, "takeover_next_"); }

bool answer_matches(int number, const std::string& answer, const std::string& server_name) {
  const std::string given = trimmed_lower(answer);
  switch (number) {
    case 1: {
      const std::string expected = trimmed_lower(server_name);
      return !expected.empty() && given == expected;
    }
    case 2:
      return given == "i understand";
    case 3:
      return given == "confirmed";
    default:
      return false;
  }
}

std::optional<std::string> unprefixed(const std::string& role_name) {
  const std::string prefix = kParallelPrefix;
  if (role_name.size() <= prefix.size() || role_name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return role_name.substr(prefix.size());
}

}  // namespace admin_takeover
