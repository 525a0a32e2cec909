#include "control/command_sync.hpp"

#include <algorithm>
#include <map>

#include "arrakis/discord/form_errors.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"

namespace arrakis::worker {

using nlohmann::json;

namespace {

using Kind = CommandSyncError::Kind;

// What Discord said, for an operator: its message, or why there was no answer.
std::string discord_said(const discord::RestResponse& r) {
  const auto body = r.json();
  std::string message = body.is_object() ? body.value("message", std::string()) : std::string();
  if (message.empty()) message = r.body.substr(0, 200);
  return r.status ? "Discord answered " + std::to_string(r.status) + ": " + message : message;
}

std::string scope_name(const std::string& guild) { return guild.empty() ? "the global commands" : "guild " + guild; }

// "commands.3.options.0.name: ... (CODE) [command 'x' of plugin 'y']"
std::vector<std::string> refusal_details(const json& errors, const CommandDefinitions& defs) {
  std::vector<std::string> out;
  for (const auto& e : discord::flatten_form_errors(errors, "commands")) {
    std::string line = e.to_string();
    const auto rest = e.path.substr(std::min(e.path.size(), std::string("commands.").size()));
    const auto index_text = rest.substr(0, rest.find('.'));
    if (!index_text.empty() && index_text.find_first_not_of("0123456789") == std::string::npos) {
      const auto i = std::stoul(index_text);
      if (i < defs.commands.size()) {
        line += " [command '" + defs.commands[i].value("name", std::string()) + "' of plugin '" + defs.plugins[i] + "']";
      }
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

CommandDefinitions collect_definitions(std::vector<plugin_host::PluginInfo> plugins) {
  std::sort(plugins.begin(), plugins.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  CommandDefinitions out;
  std::map<std::pair<int, std::string>, std::string> owner;  // (type, name) -> plugin
  std::vector<std::string> problems;
  for (const auto& plugin : plugins) {
    for (const auto& command : plugin.commands) {
      if (command.definition_json.empty()) continue;
      const std::string where = "plugin '" + plugin.name + "', command '" + command.name + "'";
      json def = json::parse(command.definition_json, nullptr, false);
      if (def.is_discarded() || !def.is_object()) {
        problems.push_back(where + ": the definition is not a JSON object");
        continue;
      }
      const int type = def.value("type", json(1)).is_number_integer() ? def.value("type", 1) : 1;
      const auto name = def.value("name", json());
      if (!name.is_string()) {
        problems.push_back(where + ": the definition has no \"name\"");
        continue;
      }
      // A slash command is routed by its declared name: the registered one must be the same.
      if (type == 1 && name.get<std::string>() != command.name) {
        problems.push_back(where + ": the definition names '" + name.get<std::string>() + "'");
        continue;
      }
      const auto [it, inserted] = owner.emplace(std::make_pair(type, name.get<std::string>()), plugin.name);
      if (!inserted) {
        problems.push_back("command '" + name.get<std::string>() + "' is defined " +
                           (it->second == plugin.name ? "twice by plugin '" + plugin.name + "'"
                                                      : "by both plugin '" + it->second + "' and plugin '" + plugin.name + "'"));
        continue;
      }
      out.commands.push_back(std::move(def));
      out.plugins.push_back(plugin.name);
    }
  }
  if (!problems.empty()) {
    std::string what = "the loaded plugins' command definitions cannot be registered: " + problems.front();
    if (problems.size() > 1) what += " (and " + std::to_string(problems.size() - 1) + " more)";
    throw CommandSyncError(Kind::definitions, what, problems);
  }
  return out;
}

json to_json(const CommandSyncReport& r) {
  return {{"scope", r.guild.empty() ? "global" : "guild"},
          {"guild", r.guild.empty() ? json(nullptr) : json(r.guild)},
          {"dryRun", r.dry_run},
          {"applied", r.applied},
          {"changes", !r.diff.empty()},
          {"added", r.diff.added},
          {"changed", r.diff.changed},
          {"removed", r.diff.removed},
          {"unchanged", r.diff.unchanged},
          {"counts",
           {{"added", r.diff.added.size()},
            {"changed", r.diff.changed.size()},
            {"removed", r.diff.removed.size()},
            {"unchanged", r.diff.unchanged.size()}}}};
}

CommandSyncReport CommandSync::sync(const std::string& guild, bool dry_run) {
  std::lock_guard lock(mutex_);
  std::vector<plugin_host::PluginInfo> infos;
  for (const auto& status : plugins_.list()) infos.push_back(status.info);
  const auto defs = collect_definitions(std::move(infos));

  const auto listed = rest_.list_commands(guild);
  if (!listed.ok() || !listed.json().is_array()) {
    throw CommandSyncError(Kind::unavailable, "cannot read " + scope_name(guild) + " from Discord: " + discord_said(listed));
  }
  CommandSyncReport report;
  report.guild = guild;
  report.dry_run = dry_run;
  report.diff = diff_commands(defs.commands, listed.json());
  if (dry_run || report.diff.empty()) return report;

  const auto put = rest_.overwrite_commands(guild, defs.commands);
  if (put.status == 400 && put.discord_code == 50035) {
    const auto body = put.json();
    auto details = refusal_details(body.is_object() ? body.value("errors", json::object()) : json::object(), defs);
    std::string what = "Discord refused the command definitions for " + scope_name(guild);
    if (!details.empty()) what += ": " + details.front();
    throw CommandSyncError(Kind::refused, what, std::move(details));
  }
  if (!put.ok()) {
    throw CommandSyncError(put.status >= 400 && put.status < 500 ? Kind::refused : Kind::unavailable,
                           "cannot overwrite " + scope_name(guild) + ": " + discord_said(put));
  }
  report.applied = true;
  return report;
}

}  // namespace arrakis::worker
