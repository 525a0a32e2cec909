// The rules of a migration, without I/O: the readiness criteria, what each strategy does to the
// mode, and the batches of a gradual migration.
#pragma once

#include <optional>
#include <string>

#include <arrakis/sietch/coexistence.hpp>

namespace admin_migrate {

inline constexpr long long kMinShadowDays = 14;
inline constexpr long long kMinAccuracyX100 = 9500;  // 95%
inline constexpr int kDefaultBatchSize = 100;
inline constexpr int kDefaultDurationDays = 7;

struct Readiness {
  bool shadow_days = false;
  bool accuracy = false;
  bool incumbent = false;
  bool mode = false;
  bool ready() const { return shadow_days && accuracy && incumbent && mode; }
};

Readiness evaluate(const arrakis::sietch::CoexistenceState& state);

struct Strategy {
  std::string name;         // instant, gradual, parallel_forever, arrakis_primary
  std::string emoji;
  std::string description;
  std::string target_mode;  // where the migration ends
  std::string new_mode;     // the mode written when it is executed
};

// nullopt for anything but the four strategies.
std::optional<Strategy> strategy_named(const std::string& name);

// The options of plan and execute, checked (Discord enforces the bounds; a forged payload may not).
struct Options {
  Strategy strategy;
  int batch_size = kDefaultBatchSize;
  int duration_days = kDefaultDurationDays;
};

// A gradual migration's batches over the members the shadow run compared.
struct Batches {
  long long initial = 0;    // members in the first batch, migrated now
  long long remaining = 0;  // batches left after it
};
Batches gradual_batches(long long members, int batch_size);

// True when executing `strategy` from `mode` moves the community forward on
// shadow -> parallel -> primary -> exclusive (never back, never nowhere).
bool moves_forward(const std::string& mode, const Strategy& strategy);

}  // namespace admin_migrate
