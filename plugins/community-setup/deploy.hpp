// DEPLOY: the roles and channels of a session made real through the host's guild operations, and
// stored as the community configuration. Anything already there is reused instead of duplicated:
// first what community_config names (by id, if the server still has it), then a role or text
// channel of the same name (case-insensitive), so running DEPLOY again, or after an interrupted
// run, creates only what is missing. docs/commands/onboard.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "catalogue.hpp"
#include "wizard.hpp"

namespace community_setup {

namespace sdk = arrakis::sdk;

// How an item will be (or was) set up.
enum class How { stored, by_name, create, unknown };
std::string_view how_name(How h);  // "stored", "name", "created", "unknown"

struct PlanItem {
  std::string key;
  std::string name;    // the name to create or find it by
  std::string column;  // community_config column
  std::string id;      // the id it has (reused or created); "" until created
  How how = How::unknown;
};

struct Plan {
  std::vector<PlanItem> roles;
  std::vector<PlanItem> channels;
};

// Pure: what to reuse and what to create, given the configuration row (column -> id, as JSON) and
// the guild's roles and channels as Discord lists them. Null lists (unreadable) give How::unknown
// to everything the stored configuration cannot vouch for.
Plan make_plan(const Session& s, const nlohmann::json& config, const nlohmann::json& guild_roles,
               const nlohmann::json& guild_channels, const std::string& guild_id);

// The plan as it stands now, for the steps that show it. A server that cannot be read gives a plan
// of unknowns and `warning` says why; nothing is ever created here.
struct Preview {
  Plan plan;
  std::string warning;
};
Preview preview(sdk::Host& host, const Session& s);

// Why DEPLOY stopped (shown to the admin on the FAILED step). Nothing is stored when it is thrown;
// whatever was already created is found by name on the next try.
struct DeployFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Creates what is missing, stores every id in community_config (updated_by = the admin) with an
// audit entry, and returns the result the COMPLETE step shows:
// {"roles": [{key, name, id, how}], "channels": [...], "complete": bool}.
nlohmann::json deploy(sdk::Host& host, const Session& s);

}  // namespace community_setup
