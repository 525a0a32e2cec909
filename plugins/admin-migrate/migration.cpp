#include "migration.hpp"

namespace admin_migrate {

Readiness evaluate(const arrakis::sietch::CoexistenceState& state) {
  Readiness r;
  r.shadow_days = state.shadow_days >= kMinShadowDays;
  r.accuracy = state.accuracy_x100 >= kMinAccuracyX100;
  r.incumbent = !state.incumbent.empty();
  // A community with no coexistence state has not begun its shadow run: nothing to migrate from.
  r.mode = state.started && (state.mode == "shadow" || state.mode == "parallel");
  return r;
}

std::optional<Strategy> strategy_named(const std::string& name) {
  // Gradual keeps both systems running (parallel) while the existing members move over in
  // batches; primary is where it ends, recorded as the target mode.
  if (name == "instant") {
    return Strategy{name, "⚡", "Immediately transition to parallel mode. All members get Arrakis roles instantly.",
                    "parallel", "parallel"};
  }
  if (name == "gradual") {
    return Strategy{name, "📈", "Migrate new members immediately, existing members over N days in batches.",
                    "primary", "parallel"};
  }
  if (name == "parallel_forever") {
    return Strategy{name, "🔄", "Enable parallel mode indefinitely. Both systems run side-by-side forever.",
                    "parallel", "parallel"};
  }
  if (name == "arrakis_primary") {
    return Strategy{name, "👑", "Make Arrakis the primary gate. Incumbent remains as backup.", "primary", "primary"};
  }
  return std::nullopt;
}

Batches gradual_batches(long long members, int batch_size) {
  if (members <= 0 || batch_size <= 0) return {};
  const long long total = (members + batch_size - 1) / batch_size;
  return {members < batch_size ? members : batch_size, total - 1};
}

bool moves_forward(const std::string& mode, const Strategy& strategy) {
  return arrakis::sietch::coexistence_mode_rank(strategy.target_mode) > arrakis::sietch::coexistence_mode_rank(mode);
}

}  // namespace admin_migrate
