#pragma once
// One worker replica's side of the fleet: at start (after discover) it applies the desired state
// of every plugin from PostgreSQL; then it listens on its own queue bound to the arrakis.control
// fanout exchange and applies each announcement (activate / shadow / canary / discard); after
// each it reports what it runs into plugin_replicas. It re-reads the database every
// `resync` as well, so an announcement lost while the broker was away is applied anyway.
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <mutex>
#include <string>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "control/fleet_state.hpp"

namespace arrakis::worker {

class PluginPins;

class FleetAgent {
 public:
  struct Options {
    std::string replica_id;
    std::string amqp_url;
    std::string plugin_dir;  // where a version missing from the store may be found (lib<name>.so)
    std::chrono::milliseconds resync{std::chrono::seconds(15)};
  };
  FleetAgent(Options options, plugin_host::PluginManager& plugins, db::Pool& pool, PluginPins* pins = nullptr);
  ~FleetAgent();
  FleetAgent(const FleetAgent&) = delete;
  FleetAgent& operator=(const FleetAgent&) = delete;

  // Applies the stored desired state once (blocking; a database error is logged, not thrown),
  // then starts listening.
  void start();
  // Stops listening and removes this replica's rows (a replica that stopped has no state).
  void stop();

  // Applies one desired state unless an equal or newer revision was applied already; reports.
  void apply(const DesiredState& desired);
  // Writes this replica's state of every loaded plugin to plugin_replicas.
  void report();

 private:
  void run();
  void resync();
  // Brings the plugin to `desired`; returns "" or why it could not.
  std::string converge(const DesiredState& desired);
  ReplicaReport observe(const std::string& plugin) const;

  Options options_;
  plugin_host::PluginManager& plugins_;
  db::Pool& pool_;
  PluginPins* pins_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex apply_mutex_;                      // one convergence at a time
  std::map<std::string, std::int64_t> applied_;  // plugin -> revision applied
  std::map<std::string, std::string> errors_;    // plugin -> why the last apply failed
  std::set<std::string> fleet_pinned_;           // pins this agent set (a fleet unpin releases them)
};

}  // namespace arrakis::worker
