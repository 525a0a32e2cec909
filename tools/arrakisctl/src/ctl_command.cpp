#include "ctl_command.hpp"

#include <CLI/CLI.hpp>

#include "ctl_community.hpp"

#include <filesystem>
#include <sstream>

namespace arrakis::ctl {

using nlohmann::json;
namespace fs = std::filesystem;

std::string encode_segment(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

namespace {

// A candidate that exists as a local file is sent as an absolute path (the worker resolves
// paths on its own host, usually the same one); anything else is a stored version.
std::string candidate_arg(const std::string& candidate) {
  std::error_code ec;
  if (fs::is_regular_file(candidate, ec)) return fs::absolute(candidate).lexically_normal().string();
  return candidate;
}

}  // namespace

Parsed parse_command_line(const std::vector<std::string>& args, const std::function<const char*(const char*)>& env) {
  Parsed p;
  auto getenv_or = [&](const char* name, const char* fallback) -> std::string {
    const char* v = env ? env(name) : nullptr;
    return v && *v ? v : fallback;
  };
  p.url = getenv_or("ARRAKIS_ADMIN_URL", "http://127.0.0.1:8080");
  p.token_file = getenv_or("ARRAKIS_ADMIN_TOKEN_FILE", "");

  CLI::App app{"arrakisctl: operate Arrakis workers (plugins, dead letters, fleet, commands)", "arrakisctl"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the sub-command: `plugin list --fleet`
  bool fleet = false;
  app.add_option("--url", p.url, "the worker's admin URL (env ARRAKIS_ADMIN_URL)")->capture_default_str();
  app.add_option("--token-file", p.token_file, "file holding the admin token (env ARRAKIS_ADMIN_TOKEN_FILE)");
  app.add_option("-o,--output", p.output, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  app.add_flag("--fleet", fleet, "apply to every replica (desired state in PostgreSQL) / show every replica");

  auto* plugin = app.add_subcommand("plugin", "plugins: list, inspect, reload, roll back, shadow, canary");
  plugin->require_subcommand(1);
  std::string name, file, version, candidate;
  std::string percent_text;
  std::size_t keep = 3, limit = 0;
  bool release = false, all = false;

  auto* list = plugin->add_subcommand("list", "every loaded plugin (with --fleet: every replica, drift flagged)");
  auto* get = plugin->add_subcommand("get", "one plugin: stored versions, shadow, canary, latency, last error");
  get->add_option("NAME", name)->required();
  auto* reload = plugin->add_subcommand("reload", "load lib<NAME>.so from the plugin directory (zero-loss swap)");
  reload->add_option("NAME", name)->required();
  auto* load = plugin->add_subcommand("load", "accept a plugin file into the store and make it active");
  load->add_option("FILE", file)->required();
  auto* rollback = plugin->add_subcommand("rollback", "back to the previous stored version (or --to VERSION)");
  rollback->add_option("NAME", name)->required();
  rollback->add_option("--to", version, "a stored version");
  auto* shadow = plugin->add_subcommand("shadow", "run a candidate on copies of the live events, effects captured");
  shadow->add_option("NAME", name)->required();
  shadow->add_option("CANDIDATE", candidate, "a plugin file or a stored version")->required();
  auto* diff = plugin->add_subcommand("diff", "the shadow's counts and its latest differences");
  diff->add_option("NAME", name)->required();
  diff->add_option("--limit", limit, "at most this many differences (newest)");
  auto* promote = plugin->add_subcommand("promote", "make the shadow or canary candidate the active version");
  promote->add_option("NAME", name)->required();
  auto* discard = plugin->add_subcommand("discard", "drop the shadow or canary candidate");
  discard->add_option("NAME", name)->required();
  auto* canary = plugin->add_subcommand("canary", "serve PERCENT of users with the candidate (0 ends it)");
  canary->add_option("NAME", name)->required();
  canary->add_option("PERCENT", percent_text, "0-100, '%' optional")->required();
  canary->add_option("--candidate", candidate, "a plugin file or a stored version (default: the current candidate)");
  auto* pin = plugin->add_subcommand("pin", "activate VERSION and keep it (reload and watch mode leave it alone)");
  pin->add_option("NAME", name)->required();
  pin->add_option("VERSION", version);
  pin->add_flag("--release", release, "remove the pin");
  auto* prune = plugin->add_subcommand("prune", "delete stored versions beyond the newest K");
  prune->add_option("NAME", name)->required();
  prune->add_option("--keep", keep, "versions to keep")->capture_default_str()->check(CLI::Range(1, 1000));

  auto* dlq = app.add_subcommand("dlq", "dead-lettered messages: list, show, replay");
  dlq->require_subcommand(1);
  std::string message_id;
  auto* dlq_list = dlq->add_subcommand("list", "messages in arrakis.dlq (they stay there)");
  dlq_list->add_option("--limit", limit, "at most this many (default 50)");
  auto* dlq_show = dlq->add_subcommand("show", "one message with its headers and body");
  dlq_show->add_option("ID", message_id)->required();
  auto* dlq_replay = dlq->add_subcommand("replay", "republish to arrakis.events under the original routing key");
  dlq_replay->add_option("ID", message_id);
  dlq_replay->add_flag("--all", all, "every message in the DLQ");

  auto* health = app.add_subcommand("health", "the worker's health report");

  CommunityArgs community;
  add_community_commands(app, community);
  auto* commands = app.add_subcommand("commands", "the application commands registered with Discord");
  commands->require_subcommand(1);
  std::string guild;
  bool dry_run = false;
  auto* commands_sync = commands->add_subcommand(
      "sync", "register the loaded plugins' command definitions (bulk overwrite) and print the difference");
  commands_sync->add_option("--guild", guild, "one guild's commands (default: the global ones)");
  commands_sync->add_flag("--dry-run", dry_run, "only print the difference; send nothing to Discord");

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::ostringstream out;
    // The help of the deepest subcommand that was named.
    const CLI::App* deepest = &app;
    for (bool more = true; more;) {
      more = false;
      for (const auto* sub : deepest->get_subcommands()) {
        deepest = sub;
        more = true;
        break;
      }
    }
    out << deepest->help();
    p.exit_code = kExitOk;
    p.message = out.str();
    return p;
  } catch (const CLI::ParseError& e) {
    p.exit_code = kExitUsage;
    p.message = std::string(e.what()) + "\nRun with --help for usage.\n";
    return p;
  }

  auto usage = [&](const std::string& why) {
    p.exit_code = kExitUsage;
    p.message = why + "\n";
    return p;
  };
  const std::string base = "/admin/plugins/" + encode_segment(name);
  const std::string fleet_q = fleet ? "?fleet=1" : "";
  auto post = [&](const std::string& kind, const std::string& action, json body) {
    p.call = {fleet ? "fleet.change" : kind, "POST", base + "/" + action + fleet_q, std::move(body)};
  };
  const bool fleet_capable = *reload || *rollback || *pin || *shadow || *canary || *promote || *discard || *list;
  if (fleet && !fleet_capable) {
    return usage("--fleet applies to plugin list, reload, rollback, pin, shadow, canary, promote and discard");
  }

  if (*list) {
    p.call = fleet ? ApiCall{"fleet.list", "GET", "/admin/fleet", std::nullopt}
                   : ApiCall{"plugin.list", "GET", "/admin/plugins", std::nullopt};
  } else if (*get) {
    p.call = {"plugin.get", "GET", base, std::nullopt};
  } else if (*reload) {
    post("plugin.outcome", "reload", json::object());
  } else if (*load) {
    std::error_code ec;
    const std::string path = fs::exists(file, ec) ? fs::absolute(file).lexically_normal().string() : file;
    p.call = {"plugin.outcome", "POST", "/admin/plugins/load", json{{"file", path}}};
  } else if (*rollback) {
    post("plugin.outcome", "rollback", version.empty() ? json::object() : json{{"version", version}});
  } else if (*shadow) {
    post("plugin.shadow", "shadow", json{{"candidate", candidate_arg(candidate)}});
  } else if (*diff) {
    p.call = {"plugin.diff", "GET", base + "/diff" + (limit ? "?limit=" + std::to_string(limit) : ""), std::nullopt};
  } else if (*promote) {
    post("plugin.outcome", "promote", json::object());
  } else if (*discard) {
    post("plugin.discard", "discard", json::object());
  } else if (*canary) {
    std::string t = percent_text;
    if (!t.empty() && t.back() == '%') t.pop_back();
    int percent = -1;
    try {
      std::size_t used = 0;
      percent = std::stoi(t, &used);
      if (used != t.size()) percent = -1;
    } catch (const std::exception&) {
    }
    if (percent < 0 || percent > 100) return usage("PERCENT must be a whole number from 0 to 100 (e.g. 10 or 10%)");
    json body{{"percent", percent}};
    if (!candidate.empty()) body["candidate"] = candidate_arg(candidate);
    post("plugin.canary", "canary", body);
  } else if (*pin) {
    if (release == !version.empty()) return usage("give either VERSION or --release");
    post("plugin.pin", "pin", release ? json{{"release", true}} : json{{"version", version}});
  } else if (*prune) {
    p.call = {"plugin.prune", "POST", base + "/prune", json{{"keep", keep}}};
  } else if (*dlq_list) {
    p.call = {"dlq.list", "GET", "/admin/dlq" + (limit ? "?limit=" + std::to_string(limit) : ""), std::nullopt};
  } else if (*dlq_show) {
    p.call = {"dlq.show", "GET", "/admin/dlq/" + encode_segment(message_id), std::nullopt};
  } else if (*dlq_replay) {
    if (all == !message_id.empty()) return usage("give either a message ID or --all");
    p.call = {"dlq.replay", "POST", "/admin/dlq/replay", all ? json{{"all", true}} : json{{"messageId", message_id}}};
  } else if (*commands_sync) {
    if (!guild.empty() && guild.find_first_not_of("0123456789") != std::string::npos) {
      return usage("--guild takes a guild id (digits), got '" + guild + "'");
    }
    json body{{"dry_run", dry_run}};
    if (!guild.empty()) body["guild"] = guild;
    p.call = {"commands.sync", "POST", "/admin/commands/sync", body};
  } else if (*health) {
    p.call = {"health", "GET", "/admin/health", std::nullopt};
  } else if (community.named()) {
    std::string why;
    if (!community_call(community, p.call, why)) return usage(why);
    if (community.json) p.output = "json";
  } else {
    return usage("name a command: plugin, dlq, community, commands or health (see --help)");
  }
  return p;
}

}  // namespace arrakis::ctl
