#pragma once
// The fleet's vocabulary: what an operator wants for one plugin (desired state, stored in
// plugin_deployments and announced on arrakis.control), what one replica reports back
// (plugin_replicas), and drift between the two. Plain values, so they are unit-testable.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::worker {

struct DesiredState {
  std::string plugin;
  std::string version;         // the active version every replica should run
  std::string shadow_version;  // "" = no shadow
  int canary_percent = 0;
  std::string canary_version;  // "" when canary_percent is 0
  bool pinned = false;
  std::int64_t revision = 0;  // bumps on every change; replicas ignore older announcements
};

struct ReplicaReport {
  std::string replica_id;
  std::string plugin;
  std::string version;  // active version on that replica ("" = not loaded)
  std::string state;    // active | shadow | canary | error | missing
  std::string shadow_version;
  int canary_percent = 0;
  std::string canary_version;
  std::int64_t revision = 0;  // the desired revision it last applied
  std::string error;          // why it could not apply the desired state
  std::int64_t seen_ms_ago = 0;
};

nlohmann::json to_json(const DesiredState& d);
// Throws std::invalid_argument naming the field that is missing or wrong.
DesiredState desired_from_json(const nlohmann::json& j);
nlohmann::json to_json(const ReplicaReport& r);

// Why `replica` differs from `desired` ("" when it matches): version, shadow or canary.
std::string drift(const DesiredState& desired, const ReplicaReport& replica);

// The fleet view for GET /admin/fleet: per plugin, its desired state and every replica's report
// with a drift flag; replicas not seen for `stale_after_ms` are marked stale.
nlohmann::json fleet_view(const std::vector<DesiredState>& desired, const std::vector<ReplicaReport>& replicas,
                          std::int64_t stale_after_ms = 60000);

}  // namespace arrakis::worker
