#include "ctl_community.hpp"

#include <CLI/CLI.hpp>

namespace arrakis::ctl {

using nlohmann::json;

bool CommunityArgs::named() const { return (show && *show) || (set && *set); }

void add_community_commands(CLI::App& app, CommunityArgs& args) {
  auto* community = app.add_subcommand("community", "a community's configuration: roles, channels, launch date");
  community->require_subcommand(1);
  args.show = community->add_subcommand("show", "the configuration of the guild's community");
  args.show->add_option("GUILD", args.guild, "the Discord guild id")->required();
  args.show->add_flag("--json", args.json, "print the API's JSON (same as -o json)");
  args.set = community->add_subcommand("set", "set fields (all or none are changed); an empty VALUE unsets one");
  args.set->add_option("GUILD", args.guild, "the Discord guild id")->required();
  args.set->add_option("FIELD=VALUE", args.assignments,
                       "e.g. naib_role_id=123... activity_channel_ids=1,2 launch_date=2025-03-01")
      ->required();
}

bool community_call(const CommunityArgs& args, ApiCall& call, std::string& why) {
  const std::string target = "/admin/communities/" + encode_segment(args.guild) + "/config";
  if (*args.show) {
    call = {"community.config", "GET", target, std::nullopt};
    return true;
  }
  json body = json::object();
  for (const auto& assignment : args.assignments) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      why = "expected FIELD=VALUE, got '" + assignment + "' (`arrakisctl community show GUILD` lists the fields)";
      return false;
    }
    const std::string field = assignment.substr(0, eq), value = assignment.substr(eq + 1);
    if (body.contains(field)) {
      why = "field '" + field + "' is given twice";
      return false;
    }
    body[field] = value.empty() ? json() : json(value);
  }
  call = {"community.set", "PATCH", target, body};
  return true;
}

}  // namespace arrakis::ctl
