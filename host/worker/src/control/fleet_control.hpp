#pragma once
// The operator's side of the fleet: reads and changes the desired state of a plugin in
// PostgreSQL (plugin_deployments) and announces every change on the arrakis.control fanout
// exchange, where every replica's FleetAgent picks it up. Also reads the replicas' reports.
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "arrakis/database.hpp"
#include "control/fleet_state.hpp"

namespace arrakis::worker {

class FleetControl {
 public:
  FleetControl(db::Pool& pool, std::string amqp_url) : pool_(pool), amqp_url_(std::move(amqp_url)) {}

  std::vector<DesiredState> desired() const;
  std::optional<DesiredState> desired(const std::string& plugin) const;
  std::vector<ReplicaReport> replicas() const;

  // Applies `edit` to the plugin's desired state (a new one starts from `initial`) in one
  // transaction, bumps its revision, commits, then announces it. Returns what was announced.
  // Throws std::runtime_error when the database or the broker cannot be reached.
  DesiredState change(const std::string& plugin, const DesiredState& initial,
                      const std::function<void(DesiredState&)>& edit, const std::string& by);
  // Publishes `state` on arrakis.control (confirmed).
  void announce(const DesiredState& state);

 private:
  db::Pool& pool_;
  std::string amqp_url_;
  std::mutex publish_mutex_;
};

// Reads plugin_deployments rows into DesiredState values (shared with the FleetAgent).
std::vector<DesiredState> read_desired(pqxx::transaction_base& tx, const std::string& plugin = "");

}  // namespace arrakis::worker
