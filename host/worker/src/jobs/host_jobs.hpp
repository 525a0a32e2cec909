#pragma once
// Jobs of the host itself. They run on the same Scheduler as plugin schedules, so each firing runs
// once across all replicas, under an owner name no plugin can take (plugin names are lower-case
// identifiers without '@').
#include <chrono>
#include <string_view>
#include <vector>

#include "arrakis/database.hpp"
#include "arrakis/scheduler.hpp"

namespace arrakis::worker {

inline constexpr std::string_view kHostJobOwner = "@host";

// The host's schedules (cron, UTC).
std::vector<sched::ScheduleEntry> host_schedules();

// Runs a host job; false when `entry` is not one (it belongs to a plugin). Throws on failure (the
// scheduler logs and counts it).
bool run_host_job(const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired_at, db::Pool& pool);

}  // namespace arrakis::worker
