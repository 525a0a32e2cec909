#include "control/fleet_agent.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <set>

#include "arrakis/amqp.hpp"
#include "arrakis/topology.hpp"
#include "control/fleet_control.hpp"
#include "control/or_nullopt.hpp"
#include "control/plugin_pins.hpp"

namespace arrakis::worker {

namespace fs = std::filesystem;
using nlohmann::json;

FleetAgent::FleetAgent(Options options, plugin_host::PluginManager& plugins, db::Pool& pool, PluginPins* pins)
    : options_(std::move(options)), plugins_(plugins), pool_(pool), pins_(pins) {}

FleetAgent::~FleetAgent() { stop(); }

void FleetAgent::start() {
  resync();
  thread_ = std::thread([this] { run(); });
}

void FleetAgent::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  thread_.join();
  try {
    pool_.transaction([&](pqxx::work& tx) {
      tx.exec_params("DELETE FROM plugin_replicas WHERE replica_id = $1", options_.replica_id);
    });
  } catch (const std::exception& e) {
    spdlog::warn("fleet: could not remove this replica's rows: {}", e.what());
  }
}

void FleetAgent::run() {
  const std::string queue = "arrakis.control." + options_.replica_id;
  while (!stopping_) {
    try {
      auto conn = amqp::Connection::open(options_.amqp_url);
      conn.declare_exchange(std::string(topology::kControlExchange), "fanout");
      // Not durable and expiring when unused for a minute: the queue lives as long as this replica
      // (rabbitmq-c's wrapper declares no exclusive queues; x-expires has the same effect here).
      conn.declare_queue(queue, {{"x-expires", std::int64_t{60000}}}, /*durable=*/false);
      conn.bind_queue(queue, std::string(topology::kControlExchange), "");
      conn.consume(queue, /*no_ack=*/true);
      spdlog::info("fleet: replica {} listening on {}", options_.replica_id, queue);
      resync();  // anything announced before the binding existed
      auto next_resync = std::chrono::steady_clock::now() + options_.resync;
      while (!stopping_) {
        if (auto m = conn.next_message(std::chrono::milliseconds(200))) {
          try {
            apply(desired_from_json(json::parse(m->body)));
          } catch (const std::exception& e) {
            spdlog::warn("fleet: ignoring announcement {}: {}", m->body.substr(0, 200), e.what());
          }
        }
        if (std::chrono::steady_clock::now() >= next_resync) {
          resync();
          next_resync = std::chrono::steady_clock::now() + options_.resync;
        }
      }
    } catch (const std::exception& e) {
      spdlog::error("fleet: control connection lost ({}); retrying in 1 s", e.what());
      for (int i = 0; i < 20 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void FleetAgent::resync() {
  try {
    const auto all = pool_.transaction([](pqxx::work& tx) { return read_desired(tx); });
    for (const auto& d : all) apply(d);
    report();
  } catch (const std::exception& e) {
    spdlog::warn("fleet: cannot read the desired state ({}); keeping the current versions", e.what());
  }
}

void FleetAgent::apply(const DesiredState& desired) {
  {
    std::lock_guard lock(apply_mutex_);
    auto it = applied_.find(desired.plugin);
    const bool failed_before = errors_.count(desired.plugin) && !errors_[desired.plugin].empty();
    // Same revision again (resync): only retried when it failed. A local, non-fleet change made
    // since stays until the next fleet change and shows as drift.
    if (it != applied_.end() && (it->second > desired.revision || (it->second == desired.revision && !failed_before))) {
      return;
    }
    std::string why;
    try {
      why = converge(desired);
    } catch (const std::exception& e) {
      why = e.what();
    }
    applied_[desired.plugin] = desired.revision;
    errors_[desired.plugin] = why;
    if (why.empty()) {
      spdlog::info("fleet: {} converged on revision {} ({})", desired.plugin, desired.revision, desired.version);
    } else {
      spdlog::error("fleet: {} cannot reach revision {}: {}", desired.plugin, desired.revision, why);
    }
  }
  try {
    report();
  } catch (const std::exception& e) {
    spdlog::warn("fleet: cannot report this replica's state: {}", e.what());
  }
}

std::string FleetAgent::converge(const DesiredState& d) {
  const auto& name = d.plugin;
  const auto status = plugins_.status(name);
  const std::string active = status ? status->info.version : std::string();
  if (active != d.version) {
    if (plugins_.store().find(name, d.version)) {
      plugins_.activate(name, d.version);
    } else {
      // Not in the store yet: operators copy the new build to every host's plugin directory.
      const fs::path drop = fs::path(options_.plugin_dir) / ("lib" + name + ".so");
      if (!fs::exists(drop)) {
        return "version " + d.version + " is not in this replica's store and " + drop.string() +
               " does not exist: copy that build there";
      }
      if (auto known = plugins_.store().find_by_digest(plugin_host::sha256_file(drop))) {
        return "version " + d.version + " is not in this replica's store; " + drop.string() + " holds " +
               known->version + ": copy the " + d.version + " build there";
      }
      const auto out = plugins_.load_file(drop);
      if (out.version != d.version) {
        if (!out.previous_version.empty()) plugins_.activate(name, out.previous_version);
        return drop.string() + " holds " + out.version + ", not the desired " + d.version + ": copy that build there";
      }
    }
  }

  if (pins_ && d.pinned) {
    pins_->pin(name, d.version);
    fleet_pinned_.insert(name);
  } else if (pins_ && fleet_pinned_.erase(name)) {
    pins_->release(name);
  }

  const auto shadow = or_nullopt([&] { return plugins_.shadow_stats(name); });
  const auto canary = or_nullopt([&] { return plugins_.canary_state(name); });
  const std::string have_shadow = shadow ? shadow->candidate_version : std::string();
  const bool canary_live = canary && !canary->rolled_back && canary->percent > 0;
  const bool want_canary = d.canary_percent > 0 && !d.canary_version.empty();

  if (!d.shadow_version.empty() && have_shadow != d.shadow_version) plugins_.shadow(name, d.shadow_version);
  if (want_canary) {
    if (canary && canary->rolled_back && canary->candidate_version == d.canary_version) {
      // The host rolled this canary back by itself; re-applying it would undo that decision.
      return "canary " + d.canary_version + " was rolled back: " + canary->reason;
    }
    if (!canary_live || canary->candidate_version != d.canary_version || canary->percent != d.canary_percent) {
      plugins_.canary(name, d.canary_percent, d.canary_version);
    }
  }
  if (d.shadow_version.empty() && !want_canary && (shadow || canary_live)) plugins_.discard(name);
  return {};
}

ReplicaReport FleetAgent::observe(const std::string& name) const {
  ReplicaReport r;
  r.replica_id = options_.replica_id;
  r.plugin = name;
  const auto status = plugins_.status(name);
  r.version = status ? status->info.version : std::string();
  r.state = status ? "active" : "missing";
  if (const auto shadow = or_nullopt([&] { return plugins_.shadow_stats(name); })) {
    r.shadow_version = shadow->candidate_version;
    r.state = "shadow";
  }
  if (const auto canary = or_nullopt([&] { return plugins_.canary_state(name); });
      canary && !canary->rolled_back && canary->percent > 0) {
    r.canary_percent = canary->percent;
    r.canary_version = canary->candidate_version;
    r.state = "canary";
  }
  if (auto it = applied_.find(name); it != applied_.end()) r.revision = it->second;
  if (auto it = errors_.find(name); it != errors_.end() && !it->second.empty()) {
    r.error = it->second;
    r.state = "error";
  }
  return r;
}

void FleetAgent::report() {
  std::vector<ReplicaReport> reports;
  {
    std::lock_guard lock(apply_mutex_);
    std::set<std::string> names;
    for (const auto& s : plugins_.list()) names.insert(s.info.name);
    for (const auto& [name, rev] : applied_) names.insert(name);
    for (const auto& name : names) reports.push_back(observe(name));
  }
  auto nullable = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
  pool_.transaction([&](pqxx::work& tx) {
    for (const auto& r : reports) {
      tx.exec_params(
          "INSERT INTO plugin_replicas (replica_id, plugin_name, version, state, shadow_version, canary_percent, "
          "canary_version, revision, error, updated_at, seen_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9, now(), now()) "
          "ON CONFLICT (replica_id, plugin_name) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, "
          "shadow_version = EXCLUDED.shadow_version, canary_percent = EXCLUDED.canary_percent, "
          "canary_version = EXCLUDED.canary_version, revision = EXCLUDED.revision, error = EXCLUDED.error, "
          "updated_at = CASE WHEN (plugin_replicas.version, plugin_replicas.state, plugin_replicas.revision) IS "
          "DISTINCT FROM (EXCLUDED.version, EXCLUDED.state, EXCLUDED.revision) THEN now() ELSE plugin_replicas.updated_at END, "
          "seen_at = now()",
          r.replica_id, r.plugin, r.version, r.state, nullable(r.shadow_version), r.canary_percent,
          nullable(r.canary_version), r.revision, nullable(r.error));
    }
    // Plugins this replica no longer runs.
    tx.exec_params("DELETE FROM plugin_replicas WHERE replica_id = $1 AND NOT (plugin_name = ANY (string_to_array($2, ',')))",
                   options_.replica_id, [&] {
                     std::string joined;
                     for (const auto& r : reports) joined += (joined.empty() ? "" : ",") + r.plugin;
                     return joined;
                   }());
  });
}

}  // namespace arrakis::worker
