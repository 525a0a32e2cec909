#include "control/community_config_fields.hpp"

// GCC 12 at -O1 (the sanitizer build) reports a false -Wmaybe-uninitialized inside libstdc++'s
// std::regex compiler (std::function in _StateT); the warning is about library code, not ours.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>

namespace arrakis::worker {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxActivityChannels = 500;  // the table's CHECK on activity_channel_ids

std::string shown(const json& value) {
  std::string text = value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string id_of(const std::string& column, const json& value, const char* what) {
  if (!value.is_string() || !is_snowflake(value.get<std::string>())) {
    throw ConfigFieldError(column + " must be a Discord " + what + " id (a string of 1-20 digits, not a name or a " +
                           "mention), got " + shown(value));
  }
  return value.get<std::string>();
}

// The allow-list as a PostgreSQL array literal of digits (nothing in it needs quoting).
std::string channel_list(const std::string& column, const json& value) {
  std::vector<json> items;
  if (value.is_array()) {
    items.assign(value.begin(), value.end());
  } else if (value.is_string()) {
    const std::string text = value.get<std::string>();
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
      auto comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      std::string item = text.substr(start, comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      items.emplace_back(item);
      start = comma + 1;
    }
  } else {
    throw ConfigFieldError(column + " must be a list of Discord channel ids (a JSON array, or ids separated by "
                                    "commas; empty = every channel), got " + shown(value));
  }
  if (items.size() > kMaxActivityChannels) {
    throw ConfigFieldError(column + " holds at most " + std::to_string(kMaxActivityChannels) + " channels, got " +
                           std::to_string(items.size()));
  }
  std::string literal = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    literal += (i ? "," : "") + id_of(column + "[" + std::to_string(i) + "]", items[i], "channel");
  }
  return literal + "}";
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// An ISO 8601 date (2025-03-01) or date-time (2025-03-01T18:00:00Z, +02:00 offsets; UTC when no
// zone is given). The column is a date: a date-time keeps its UTC date.
ConfigAssignment launch_date(const std::string& column, const json& value) {
  static const std::regex iso(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$)");
  const std::string expected = " must be an ISO date (2025-03-01) or date-time (2025-03-01T18:00:00Z), got ";
  if (value.is_null()) throw ConfigFieldError(column + " cannot be unset (it defaults to 2025-01-01)");
  std::smatch m;
  const std::string text = value.is_string() ? value.get<std::string>() : std::string();
  if (!value.is_string() || !std::regex_match(text, m, iso)) throw ConfigFieldError(column + expected + shown(value));
  const int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool date_ok = year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
                       day <= kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  const bool time_ok = !m[4].matched || (std::stoi(m[4]) <= 23 && std::stoi(m[5]) <= 59 &&
                                         (!m[6].matched || std::stoi(m[6]) <= 59));
  if (!date_ok || !time_ok) throw ConfigFieldError(column + " is not a real date or time: " + shown(value));
  if (!m[4].matched) return {column, text, "$n::date"};
  return {column, m[7].matched ? text : text + "Z", "($n::timestamptz AT TIME ZONE 'UTC')::date"};
}

}  // namespace

const std::vector<ConfigField>& community_config_fields() {
  using K = ConfigFieldKind;
  static const std::vector<ConfigField> fields = {
      {"naib_role_id", K::kRole},          {"fedaykin_role_id", K::kRole},
      {"onboarded_role_id", K::kRole},     {"engaged_role_id", K::kRole},
      {"veteran_role_id", K::kRole},       {"trusted_role_id", K::kRole},
      {"former_naib_role_id", K::kRole},   {"taqwa_role_id", K::kRole},
      {"hajra_role_id", K::kRole},         {"ichwan_role_id", K::kRole},
      {"qanat_role_id", K::kRole},         {"sihaya_role_id", K::kRole},
      {"mushtamal_role_id", K::kRole},     {"sayyadina_role_id", K::kRole},
      {"usul_role_id", K::kRole},          {"the_door_channel_id", K::kChannel},
      {"census_channel_id", K::kChannel},  {"sietch_lounge_channel_id", K::kChannel},
      {"naib_council_channel_id", K::kChannel}, {"introductions_channel_id", K::kChannel},
      {"cave_entrance_channel_id", K::kChannel}, {"oasis_channel_id", K::kChannel},
      {"announcements_channel_id", K::kChannel}, {"activity_channel_ids", K::kChannelList},
      {"launch_date", K::kDate}};
  return fields;
}

bool is_snowflake(std::string_view text) {
  if (text.empty() || text.size() > 20) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<ConfigAssignment> check_config_changes(const json& changes) {
  if (!changes.is_object() || changes.empty()) {
    throw ConfigFieldError("give at least one field to set, as a JSON object {\"naib_role_id\": \"123...\", ...}");
  }
  std::vector<ConfigAssignment> out;
  for (const auto& [column, value] : changes.items()) {
    const ConfigField* field = nullptr;
    for (const auto& f : community_config_fields()) {
      if (f.column == column) field = &f;
    }
    if (!field) {
      throw ConfigFieldError("unknown field '" + column + "' (`arrakisctl community show GUILD` lists the fields; " +
                             "docs/database.md describes them)");
    }
    switch (field->kind) {
      case ConfigFieldKind::kRole:
      case ConfigFieldKind::kChannel: {
        const char* what = field->kind == ConfigFieldKind::kRole ? "role" : "channel";
        out.push_back({column, value.is_null() ? std::nullopt : std::optional(id_of(column, value, what)),
                       "$n::app.snowflake"});
        break;
      }
      case ConfigFieldKind::kChannelList:
        out.push_back({column, value.is_null() ? std::string("{}") : channel_list(column, value),
                       "$n::app.snowflake[]"});
        break;
      case ConfigFieldKind::kDate:
        out.push_back(launch_date(column, value));
        break;
    }
  }
  return out;
}

}  // namespace arrakis::worker
