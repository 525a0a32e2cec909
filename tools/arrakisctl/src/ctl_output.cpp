#include "ctl_output.hpp"

#include <cstdio>
#include <sstream>

#include "ctl_community_view.hpp"

namespace arrakis::ctl {

using nlohmann::json;

namespace {

std::string str(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
    return buf;
  }
  return v.dump();
}

std::string field(const json& j, const char* key) { return j.contains(key) ? str(j[key]) : "-"; }

std::string shorten(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  return s.substr(0, max - 3) + "...";
}

std::string shadow_cell(const json& s) {
  if (!s.is_object()) return "-";
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.1f%%", s.value("matchPercent", 0.0));
  return s.value("candidate", "?") + " " + pct + " of " + std::to_string(s.value("compared", 0)) + " match";
}

std::string canary_cell(const json& c) {
  if (!c.is_object()) return "-";
  if (c.value("rolledBack", false)) return c.value("candidate", "?") + " rolled back";
  return c.value("candidate", "?") + " " + std::to_string(c.value("percent", 0)) + "%";
}

std::string plugin_list(const json& body) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : body) {
    rows.push_back({field(p, "name"), field(p, "version"), field(p, "state"), field(p, "calls"), field(p, "errors"),
                    field(p, "inFlight"), field(p, "p50Ms"), field(p, "p99Ms"), shadow_cell(p.value("shadow", json())),
                    canary_cell(p.value("canary", json())), field(p, "pinned")});
  }
  if (rows.empty()) return "no plugins loaded (drop lib<name>.so into the plugin directory, then `arrakisctl plugin reload NAME`)\n";
  return table({"NAME", "VERSION", "STATE", "CALLS", "ERRORS", "IN-FLIGHT", "P50-MS", "P99-MS", "SHADOW", "CANARY", "PINNED"},
               rows);
}

std::string plugin_get(const json& p) {
  std::ostringstream out;
  out << "name:      " << field(p, "name") << "\n"
      << "active:    " << field(p, "active") << "\n"
      << "state:     " << field(p, "state") << "\n"
      << "pinned:    " << field(p, "pinned") << "\n"
      << "calls:     " << field(p, "calls") << "  errors: " << field(p, "errors") << "  in flight: " << field(p, "inFlight")
      << "\n"
      << "latency:   p50 " << field(p, "p50Ms") << " ms  p99 " << field(p, "p99Ms") << " ms\n"
      << "shadow:    " << shadow_cell(p.value("shadow", json())) << "\n"
      << "canary:    " << canary_cell(p.value("canary", json())) << "\n";
  const json last = p.value("lastError", json());
  if (last.is_object()) {
    out << "last error: " << field(last, "at") << " (" << field(last, "version") << ", " << field(last, "count")
        << " so far): " << field(last, "error") << "\n";
  } else {
    out << "last error: -\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : p.value("versions", json::array())) {
    rows.push_back({field(v, "version"), field(v, "sha256"), field(v, "signer"), field(v, "storedAt"), field(v, "role")});
  }
  out << "\nstored versions (oldest first):\n" << table({"VERSION", "SHA256", "SIGNER", "STORED-AT", "ROLE"}, rows);
  return out.str();
}

std::string outcome(const json& o) {
  const std::string name = field(o, "name"), version = field(o, "version"), prev = o.value("previousVersion", "");
  if (!o.value("changed", true)) return name + " " + version + " is already active; nothing changed\n";
  return name + " " + version + " is active" + (prev.empty() ? std::string(" (newly loaded)") : " (was " + prev + ")") + "\n";
}

std::string diff_view(const json& d) {
  std::ostringstream out;
  const json s = d.value("shadow", json::object());
  out << d.value("name", "?") << ": active " << field(d, "active") << ", shadow " << field(s, "candidate") << "\n"
      << "compared " << field(s, "compared") << ", matched " << field(s, "matched") << " (" << field(s, "matchPercent")
      << "%), mismatched " << field(s, "mismatched") << ", candidate errors " << field(s, "candidateErrors")
      << ", candidate slower " << field(s, "candidateSlower") << ", dropped " << field(s, "dropped") << "\n";
  const auto& list = d.value("mismatches", json::array());
  if (list.empty()) out << "no differences recorded\n";
  for (const auto& m : list) {
    out << "\n" << field(m, "at") << "  " << field(m, "eventType") << "\n";
    for (const auto& path : m.value("differingPaths", json::array())) {
      const std::string ptr = path.get<std::string>();
      auto at = [&](const char* side) -> std::string {
        try {
          return m.at(side).at(json::json_pointer(ptr)).dump();
        } catch (const std::exception&) {
          return "(absent)";
        }
      };
      out << "  " << ptr << ": active " << shorten(at("active"), 80) << " | candidate " << shorten(at("candidate"), 80)
          << "\n";
    }
  }
  return out.str();
}

std::string dlq_list(const json& d) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : d.value("messages", json::array())) {
    rows.push_back({field(m, "messageId"), field(m, "routingKey"), field(m, "queue"), field(m, "plugin"),
                    field(m, "attempts"), shorten(field(m, "reason"), 60)});
  }
  std::ostringstream out;
  out << field(d, "depth") << " message(s) in the DLQ\n";
  if (!rows.empty()) out << table({"ID", "ROUTING-KEY", "QUEUE", "PLUGIN", "ATTEMPTS", "REASON"}, rows);
  return out.str();
}

std::string dlq_show(const json& m) {
  std::ostringstream out;
  out << "id:          " << field(m, "messageId") << "\n"
      << "routing key: " << field(m, "routingKey") << "\n"
      << "queue:       " << field(m, "queue") << "\n"
      << "plugin:      " << field(m, "plugin") << "\n"
      << "attempts:    " << field(m, "attempts") << "\n"
      << "reason:      " << field(m, "reason") << "\n"
      << "headers:     " << m.value("headers", json::object()).dump() << "\n";
  const std::string body = m.value("body", "");
  const json parsed = json::parse(body, nullptr, false);
  out << "body:\n" << (parsed.is_discarded() ? body : parsed.dump(2)) << "\n";
  return out.str();
}

std::string dlq_replay(const json& r) {
  std::ostringstream out;
  const auto& replayed = r.value("replayed", json::array());
  out << "replayed " << replayed.size() << " message(s)";
  if (!replayed.empty()) {
    out << ":";
    for (const auto& id : replayed) out << " " << id.get<std::string>();
  }
  out << "\n";
  for (const auto& f : r.value("refused", json::array())) {
    out << "left in the DLQ: " << field(f, "messageId") << ": " << field(f, "reason") << "\n";
  }
  return out.str();
}

std::string fleet_list(const json& f) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : f.value("plugins", json::array())) {
    const json d = p.value("desired", json());
    std::string desired = d.is_object() ? d.value("version", "?") : std::string("-");
    if (d.is_object() && d.value("pinned", false)) desired += " (pinned)";
    if (d.is_object() && !d.value("shadowVersion", "").empty()) desired += " shadow " + d.value("shadowVersion", "");
    if (d.is_object() && d.value("canaryPercent", 0) > 0) {
      desired += " canary " + d.value("canaryVersion", "") + " " + std::to_string(d.value("canaryPercent", 0)) + "%";
    }
    for (const auto& r : p.value("replicas", json::array())) {
      std::string drift = r.value("drift", false) ? "DRIFT: " + r.value("driftReason", "") : "ok";
      if (r.value("stale", false)) drift += " (stale: not seen for " + std::to_string(r.value("seenMsAgo", 0) / 1000) + " s)";
      if (!r.value("error", "").empty()) drift += " [" + shorten(r.value("error", ""), 60) + "]";
      rows.push_back({field(p, "plugin"), desired, field(r, "replica"), field(r, "version"), field(r, "state"),
                      field(r, "revision"), drift});
    }
    if (p.value("replicas", json::array()).empty()) rows.push_back({field(p, "plugin"), desired, "-", "-", "-", "-", "no replica reports"});
  }
  std::ostringstream out;
  if (rows.empty()) return "no plugin has a desired state or a replica report yet\n";
  out << table({"PLUGIN", "DESIRED", "REPLICA", "VERSION", "STATE", "REVISION", "DRIFT"}, rows);
  out << f.value("drifting", 0) << " replica(s) drifting\n";
  return out.str();
}

std::string fleet_change(const json& r) {
  const json d = r.value("fleet", json::object());
  std::ostringstream out;
  out << "fleet: " << field(d, "plugin") << " desired " << field(d, "version");
  if (d.value("pinned", false)) out << " (pinned)";
  if (!d.value("shadowVersion", "").empty()) out << ", shadow " << d.value("shadowVersion", "");
  if (d.value("canaryPercent", 0) > 0) out << ", canary " << d.value("canaryVersion", "") << " " << d.value("canaryPercent", 0) << "%";
  out << " (revision " << field(d, "revision") << ") announced; `arrakisctl plugin list --fleet` shows the replicas\n";
  return out.str();
}

std::string health_view(const json& h) {
  std::ostringstream out;
  out << "status: " << field(h, "status") << "\n";
  std::vector<std::vector<std::string>> rows;
  const json checks = h.value("checks", json::object());  // kept alive: items() refers into it
  for (const auto& [name, check] : checks.items()) {
    json details = check;
    details.erase("ok");
    rows.push_back({name, check.value("ok", false) ? "ok" : "FAILING", shorten(details.dump(), 90)});
  }
  if (!rows.empty()) out << table({"CHECK", "STATE", "DETAILS"}, rows);
  return out.str();
}

// What a commands sync changed (or, in a dry run, would change), one line per command.
std::string commands_sync_view(const json& r) {
  std::ostringstream out;
  const std::string scope = r.value("scope", "") == "guild" ? "guild " + field(r, "guild") : "global commands";
  const auto count = [&](const char* key) { return r.value("counts", json::object()).value(key, 0); };
  if (!r.value("changes", false)) {
    out << scope << ": no change (" << count("unchanged") << " command(s) registered)\n";
    return out.str();
  }
  const bool dry = r.value("dryRun", false);
  out << scope << ": " << count("added") << (dry ? " to add, " : " added, ") << count("changed")
      << (dry ? " to change, " : " changed, ") << count("removed") << (dry ? " to remove, " : " removed, ")
      << count("unchanged") << " unchanged";
  if (dry) out << " (dry run: nothing was sent to Discord)";
  out << "\n";
  for (const auto& [key, mark] : {std::pair{"added", "+"}, std::pair{"changed", "~"}, std::pair{"removed", "-"}}) {
    for (const auto& name : r.value(key, json::array())) out << "  " << mark << " " << str(name) << "\n";
  }
  return out.str();
}

}  // namespace

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  std::ostringstream out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      text += cell;
      if (i + 1 < width.size()) text += std::string(width[i] - cell.size() + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out.str();
}

std::string render(const std::string& kind, const json& body, const std::string& format) {
  if (format == "json") return body.dump(2) + "\n";
  if (kind == "plugin.list") return plugin_list(body);
  if (kind == "plugin.get") return plugin_get(body);
  if (kind == "plugin.outcome") return outcome(body);
  if (kind == "plugin.shadow") return field(body, "name") + ": shadowing with " + field(body, "version") +
                                     " (`arrakisctl plugin diff " + field(body, "name") + "` compares)\n";
  if (kind == "plugin.canary") {
    return field(body, "name") + ": canary " + field(body, "version") + " serves " + field(body, "percent") + "% of users\n";
  }
  if (kind == "plugin.pin") {
    if (body.value("pinned", json()).is_null()) return field(body, "name") + ": pin released\n";
    return field(body, "name") + " " + field(body, "version") + " is active and pinned\n";
  }
  if (kind == "plugin.discard") return field(body, "name") + ": candidate discarded; " + field(body, "active") + " stays active\n";
  if (kind == "plugin.prune") {
    std::string removed, kept;
    for (const auto& v : body.value("removed", json::array())) removed += (removed.empty() ? "" : ", ") + v.get<std::string>();
    for (const auto& v : body.value("kept", json::array())) kept += (kept.empty() ? "" : ", ") + v.get<std::string>();
    return field(body, "name") + ": removed " + (removed.empty() ? "nothing" : removed) + "; kept " + kept + "\n";
  }
  if (kind == "plugin.diff") return diff_view(body);
  if (kind == "dlq.list") return dlq_list(body);
  if (kind == "dlq.show") return dlq_show(body);
  if (kind == "dlq.replay") return dlq_replay(body);
  if (kind == "fleet.list") return fleet_list(body);
  if (kind == "fleet.change") return fleet_change(body);
  if (kind == "health") return health_view(body);
  if (kind.rfind("community.", 0) == 0) return community_view(kind, body);
  if (kind == "commands.sync") return commands_sync_view(body);
  return body.dump(2) + "\n";
}

int exit_code_for(const std::string& kind, int status, const json& body) {
  if (kind == "health") return status == 200 ? 0 : 1;
  if (status < 200 || status >= 300) return 1;
  if (kind == "dlq.replay" && !body.value("refused", json::array()).empty()) return 1;
  return 0;
}

std::string error_message(int status, const json& body, const std::string& raw) {
  std::string what = body.is_object() && body.contains("error") ? str(body["error"]) : shorten(raw, 300);
  std::string text = "error (HTTP " + std::to_string(status) + "): " + what;
  if (body.is_object() && body.contains("details") && body["details"].is_array() && body["details"].size() > 1) {
    for (const auto& line : body["details"]) text += "\n  " + str(line);
  }
  if (status == 401) text += "\nhint: --token-file (or ARRAKIS_ADMIN_TOKEN_FILE) must name the worker's admin token file";
  if (status >= 500 && status != 501 && status != 503) text += "\nhint: the worker's log says more";
  return text + "\n";
}

}  // namespace arrakis::ctl
