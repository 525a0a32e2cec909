#pragma once
// The fields of a community's configuration an operator may set (docs/database.md "Community
// configuration", table community_config), and the checks a requested change must pass before
// it reaches PostgreSQL: the same constraints the table's types hold, with an error naming the
// field, so one bad value refuses the whole change.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::worker {

enum class ConfigFieldKind {
  kRole,         // app.snowflake: a Discord role id
  kChannel,      // app.snowflake: a Discord channel id
  kChannelList,  // app.snowflake[]: channel ids, at most 500
  kDate,         // date, never unset
};

struct ConfigField {
  std::string_view column;
  ConfigFieldKind kind;
};

// Every settable column of community_config, in the table's order.
const std::vector<ConfigField>& community_config_fields();

// A checked change of one column: `value` is the text PostgreSQL receives (nullopt = unset) and
// `sql_value` the expression that turns parameter `$n` into the column's type.
struct ConfigAssignment {
  std::string column;
  std::optional<std::string> value;
  std::string sql_value;  // with "$n" standing for the parameter
};

// A change the operator must correct; the message names the field and what it must be.
class ConfigFieldError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A Discord id as app.snowflake accepts it: 1-20 decimal digits.
bool is_snowflake(std::string_view text);

// Checks every field of `changes` (a JSON object: column -> value; null unsets; the channel list
// takes an array or a comma-separated string; the launch date an ISO date or date-time, whose UTC
// date is kept). Throws ConfigFieldError for the first field that is unknown or invalid.
std::vector<ConfigAssignment> check_config_changes(const nlohmann::json& changes);

}  // namespace arrakis::worker
