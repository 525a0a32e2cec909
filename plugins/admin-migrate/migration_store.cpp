#include "migration_store.hpp"

namespace admin_migrate {

using nlohmann::json;

bool apply_migration(arrakis::sdk::Host& host, const Options& options, const std::string& from_mode,
                     const Batches& batches, const std::string& admin_id) {
  const bool gradual = options.strategy.name == "gradual";
  // Batch size, duration and remaining batches describe a gradual migration only; any other
  // strategy clears what an earlier one left.
  const json params = json::array({options.strategy.new_mode, options.strategy.target_mode, options.strategy.name,
                                    gradual ? json(options.batch_size) : json(nullptr),
                                    gradual ? json(options.duration_days) : json(nullptr),
                                    gradual ? json(batches.remaining) : json(nullptr), from_mode});
  const auto changed = host.exec(
      "UPDATE migration_states SET current_mode = $1, target_mode = $2, strategy = $3, batch_size = $4::integer, "
      "duration_days = $5::integer, batches_remaining = $6::integer, last_transition_at = now() "
      "WHERE current_mode = $7",
      params);
  if (changed == 0) return false;
  json audit = {{"strategy", options.strategy.name},
                {"fromMode", from_mode},
                {"toMode", options.strategy.new_mode},
                {"targetMode", options.strategy.target_mode}};
  if (gradual) {
    audit["batchSize"] = options.batch_size;
    audit["durationDays"] = options.duration_days;
    audit["initialBatch"] = batches.initial;
    audit["remainingBatches"] = batches.remaining;
  }
  host.exec(
      "INSERT INTO audit_log (community_id, event_type, event_data, actor) "
      "VALUES (app.current_community_id(), 'migration_executed', $1::jsonb, $2)",
      json::array({audit.dump(), admin_id}));
  return true;
}

}  // namespace admin_migrate
