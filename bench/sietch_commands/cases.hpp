#pragma once
// The calls the Sietch command benchmark measures: one entry per command (and per interesting
// subcommand or component), each a plugin name and how to invoke it on the seeded Sietch.
#include <functional>
#include <string>
#include <vector>

#include "arrakis/sietch/testing/community.hpp"

namespace arrakis::bench {

struct CommandCase {
  std::string name;    // what the report calls it: "/naib current"
  std::string plugin;  // lib<plugin>.so in the plugin build directory
  std::function<testing::PluginRun(testing::PluginBench&, const sietch::testing::SeededSietch&)> call;
};

std::vector<CommandCase> command_cases();

}  // namespace arrakis::bench
