#include "control/fleet_control.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/amqp.hpp"
#include "arrakis/topology.hpp"

namespace arrakis::worker {

namespace {

std::string text_or_empty(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

}  // namespace

std::vector<DesiredState> read_desired(pqxx::transaction_base& tx, const std::string& plugin) {
  const auto rows = tx.exec_params(
      "SELECT plugin_name, desired_version, shadow_version, canary_percent, canary_version, pinned, revision "
      "FROM plugin_deployments WHERE $1 = '' OR plugin_name = $1 ORDER BY plugin_name",
      plugin);
  std::vector<DesiredState> out;
  for (const auto& r : rows) {
    DesiredState d;
    d.plugin = r[0].as<std::string>();
    d.version = r[1].as<std::string>();
    d.shadow_version = text_or_empty(r[2]);
    d.canary_percent = r[3].as<int>();
    d.canary_version = text_or_empty(r[4]);
    d.pinned = r[5].as<bool>();
    d.revision = r[6].as<std::int64_t>();
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DesiredState> FleetControl::desired() const {
  return const_cast<db::Pool&>(pool_).transaction([](pqxx::work& tx) { return read_desired(tx); });
}

std::optional<DesiredState> FleetControl::desired(const std::string& plugin) const {
  auto all = const_cast<db::Pool&>(pool_).transaction([&](pqxx::work& tx) { return read_desired(tx, plugin); });
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<ReplicaReport> FleetControl::replicas() const {
  return const_cast<db::Pool&>(pool_).transaction([](pqxx::work& tx) {
    const auto rows = tx.exec(
        "SELECT replica_id, plugin_name, version, state, shadow_version, canary_percent, canary_version, revision, "
        "error, (extract(epoch FROM now() - seen_at) * 1000)::bigint FROM plugin_replicas "
        "ORDER BY plugin_name, replica_id");
    std::vector<ReplicaReport> out;
    for (const auto& r : rows) {
      ReplicaReport rep;
      rep.replica_id = r[0].as<std::string>();
      rep.plugin = r[1].as<std::string>();
      rep.version = r[2].as<std::string>();
      rep.state = r[3].as<std::string>();
      rep.shadow_version = text_or_empty(r[4]);
      rep.canary_percent = r[5].as<int>();
      rep.canary_version = text_or_empty(r[6]);
      rep.revision = r[7].as<std::int64_t>();
      rep.error = text_or_empty(r[8]);
      rep.seen_ms_ago = r[9].as<std::int64_t>();
      out.push_back(std::move(rep));
    }
    return out;
  });
}

DesiredState FleetControl::change(const std::string& plugin, const DesiredState& initial,
                                  const std::function<void(DesiredState&)>& edit, const std::string& by) {
  const DesiredState next = pool_.transaction([&](pqxx::work& tx) {
    // The row lock serialises two operators changing the same plugin at once.
    tx.exec_params("SELECT 1 FROM plugin_deployments WHERE plugin_name = $1 FOR UPDATE", plugin);
    auto current = read_desired(tx, plugin);
    DesiredState d = current.empty() ? initial : current.front();
    d.plugin = plugin;
    edit(d);
    if (d.canary_percent == 0) d.canary_version.clear();
    d.revision += 1;
    auto nullable = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
    tx.exec_params(
        "INSERT INTO plugin_deployments (plugin_name, desired_version, shadow_version, canary_percent, canary_version, "
        "pinned, revision, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (plugin_name) DO UPDATE SET desired_version = EXCLUDED.desired_version, "
        "shadow_version = EXCLUDED.shadow_version, canary_percent = EXCLUDED.canary_percent, "
        "canary_version = EXCLUDED.canary_version, pinned = EXCLUDED.pinned, revision = EXCLUDED.revision, "
        "updated_by = EXCLUDED.updated_by",
        d.plugin, d.version, nullable(d.shadow_version), d.canary_percent, nullable(d.canary_version), d.pinned,
        d.revision, by);
    return d;
  });
  announce(next);
  return next;
}

void FleetControl::announce(const DesiredState& state) {
  std::lock_guard lock(publish_mutex_);
  // A connection per announcement: they are rare, and an idle connection would need heartbeats.
  auto conn = amqp::Connection::open(amqp_url_);
  conn.declare_exchange(std::string(topology::kControlExchange), "fanout");
  conn.enable_confirms();
  amqp::PublishOptions o;
  o.persistent = false;  // the database holds the truth; a replica that misses this re-reads it
  const auto seq = conn.publish(std::string(topology::kControlExchange), "", to_json(state).dump(), o);
  if (!conn.wait_for_confirm(seq, std::chrono::seconds(5))) {
    throw amqp::AmqpError("the broker refused the fleet announcement");
  }
  spdlog::info("fleet: announced {} {} (revision {})", state.plugin, state.version, state.revision);
}

}  // namespace arrakis::worker
