#include "control/fleet_state.hpp"

#include "arrakis/plugin_host/plugin_name.hpp"

#include <map>
#include <set>
#include <stdexcept>

namespace arrakis::worker {

using nlohmann::json;

json to_json(const DesiredState& d) {
  return {{"plugin", d.plugin},
          {"version", d.version},
          {"shadowVersion", d.shadow_version},
          {"canaryPercent", d.canary_percent},
          {"canaryVersion", d.canary_version},
          {"pinned", d.pinned},
          {"revision", d.revision}};
}

DesiredState desired_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("a fleet announcement must be a JSON object");
  DesiredState d;
  auto text = [&](const char* key, bool required) -> std::string {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) throw std::invalid_argument(std::string("fleet announcement without \"") + key + "\"");
      return {};
    }
    if (!j[key].is_string()) throw std::invalid_argument(std::string("fleet announcement: \"") + key + "\" must be a string");
    return j[key].get<std::string>();
  };
  d.plugin = text("plugin", true);
  if (!plugin_host::valid_plugin_name(d.plugin)) {
    throw std::invalid_argument("fleet announcement: " + plugin_host::invalid_plugin_name_message(d.plugin));
  }
  d.version = text("version", true);
  d.shadow_version = text("shadowVersion", false);
  d.canary_version = text("canaryVersion", false);
  if (j.contains("canaryPercent") && !j["canaryPercent"].is_number_integer()) {
    throw std::invalid_argument("fleet announcement: canaryPercent must be an integer");
  }
  // Read wide, then range-checked: a huge number must not wrap into 0..100.
  const auto percent = j.value("canaryPercent", std::int64_t{0});
  if (percent < 0 || percent > 100) throw std::invalid_argument("fleet announcement: canaryPercent out of 0..100");
  d.canary_percent = static_cast<int>(percent);
  d.pinned = j.value("pinned", false);
  if (!j.contains("revision") || !j["revision"].is_number_integer()) {
    throw std::invalid_argument("fleet announcement without an integer \"revision\"");
  }
  d.revision = j["revision"].get<std::int64_t>();
  return d;
}

json to_json(const ReplicaReport& r) {
  return {{"replica", r.replica_id},   {"plugin", r.plugin},
          {"version", r.version},      {"state", r.state},
          {"shadowVersion", r.shadow_version}, {"canaryPercent", r.canary_percent},
          {"canaryVersion", r.canary_version}, {"revision", r.revision},
          {"error", r.error},          {"seenMsAgo", r.seen_ms_ago}};
}

std::string drift(const DesiredState& d, const ReplicaReport& r) {
  if (r.version != d.version) return "runs " + (r.version.empty() ? std::string("nothing") : r.version) + ", desired " + d.version;
  if (r.shadow_version != d.shadow_version) {
    return "shadow " + (r.shadow_version.empty() ? std::string("none") : r.shadow_version) + ", desired " +
           (d.shadow_version.empty() ? std::string("none") : d.shadow_version);
  }
  const int want = d.canary_version.empty() ? 0 : d.canary_percent;
  const int have = r.canary_version.empty() ? 0 : r.canary_percent;
  if (want != have || (want > 0 && r.canary_version != d.canary_version)) {
    return "canary " + std::to_string(have) + "% " + r.canary_version + ", desired " + std::to_string(want) + "% " +
           d.canary_version;
  }
  return {};
}

json fleet_view(const std::vector<DesiredState>& desired, const std::vector<ReplicaReport>& replicas,
                std::int64_t stale_after_ms) {
  std::map<std::string, const DesiredState*> by_plugin;
  for (const auto& d : desired) by_plugin[d.plugin] = &d;
  std::set<std::string> plugins;
  for (const auto& d : desired) plugins.insert(d.plugin);
  for (const auto& r : replicas) plugins.insert(r.plugin);

  json out = json::array();
  std::size_t drifting = 0;
  for (const auto& name : plugins) {
    json entry = {{"plugin", name}, {"desired", nullptr}, {"replicas", json::array()}};
    auto it = by_plugin.find(name);
    if (it != by_plugin.end()) entry["desired"] = to_json(*it->second);
    for (const auto& r : replicas) {
      if (r.plugin != name) continue;
      json rj = to_json(r);
      rj["stale"] = r.seen_ms_ago > stale_after_ms;
      const std::string why = it == by_plugin.end() ? std::string() : drift(*it->second, r);
      rj["drift"] = !why.empty();
      rj["driftReason"] = why;
      if (!why.empty()) ++drifting;
      entry["replicas"].push_back(std::move(rj));
    }
    out.push_back(std::move(entry));
  }
  return {{"plugins", out}, {"drifting", drifting}};
}

}  // namespace arrakis::worker
