#include "jobs/host_jobs.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"

namespace arrakis::worker {
namespace {

constexpr std::string_view kPurgeProcessedEvents = "purge-processed-events";
// Idempotency keys outlive every redelivery of their message; Redis keeps its copy 24 h too.
constexpr std::chrono::hours kProcessedEventsRetention{24};

}  // namespace

std::vector<sched::ScheduleEntry> host_schedules() {
  return {{std::string(kHostJobOwner), std::string(kPurgeProcessedEvents), "17 * * * *"}};  // hourly
}

bool run_host_job(const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired_at, db::Pool& pool) {
  if (entry.plugin != kHostJobOwner) return false;
  if (entry.name == kPurgeProcessedEvents) {
    const auto deleted = plugin_host::PostgresSql::purge_processed_events(pool, fired_at - kProcessedEventsRetention);
    metrics::registry().counter_add("arrakis_processed_events_purged_total", {}, static_cast<double>(deleted));
    spdlog::info("purged {} idempotency key(s) older than {} h", deleted, kProcessedEventsRetention.count());
    return true;
  }
  spdlog::warn("unknown host job {}", entry.name);
  return true;
}

}  // namespace arrakis::worker
