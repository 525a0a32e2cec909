#pragma once
// `arrakisctl community show GUILD` and `arrakisctl community set GUILD FIELD=VALUE ...`: a
// community's configuration (docs/database.md "Community configuration") through the worker's
// admin API (/admin/communities/{guild}/config).
#include <string>
#include <vector>

#include "ctl_command.hpp"

namespace CLI {
class App;
}

namespace arrakis::ctl {

struct CommunityArgs {
  CLI::App* show = nullptr;
  CLI::App* set = nullptr;
  std::string guild;
  std::vector<std::string> assignments;  // FIELD=VALUE; an empty VALUE unsets the field
  bool json = false;                     // show --json
  bool named() const;
};

// Adds the `community` command and its `show` and `set` sub-commands to `app`.
void add_community_commands(CLI::App& app, CommunityArgs& args);

// The API call for a named community command; false with `why` set for a usage error.
bool community_call(const CommunityArgs& args, ApiCall& call, std::string& why);

}  // namespace arrakis::ctl
