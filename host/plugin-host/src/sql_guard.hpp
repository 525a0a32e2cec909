#pragma once
// Decides whether a plugin's SQL statement may run on the host's pooled connection. A plugin call
// runs inside one transaction the host opens and closes (with the tenant set and the idempotency
// key recorded at commit); statements that would end that transaction, change the session for the
// next call on the connection, switch tenant, or run SQL text the guard cannot see are refused
// before they reach PostgreSQL. The privileges of the database roles are the other half: this is
// not a SQL parser, it only recognises what must never run (docs/database.md "Plugin SQL").
#include <optional>
#include <string>
#include <string_view>

namespace arrakis::plugin_host {

struct SqlRefusal {
  std::string kind;    // what was recognised, e.g. "transaction control (COMMIT)"
  std::string reason;  // why it is refused, and what to do instead
};

// nullopt when the statement may run. Comments, string literals (standard, E'', U&''), dollar
// quoting and quoted identifiers are skipped, so a COMMIT inside any of them does not count.
std::optional<SqlRefusal> refuse_plugin_sql(std::string_view sql);

}  // namespace arrakis::plugin_host
