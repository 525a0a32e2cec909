#include "jobs/job_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "arrakis/metrics.hpp"
#include "jobs/host_jobs.hpp"
#include "jobs/job_fanout.hpp"

namespace arrakis::worker::jobs {

std::string jobs_database_url(const Config& c) {
  if (const char* url = std::getenv("DATABASE_JOBS_URL"); url && *url) return url;
  return c.database_admin_url.empty() ? c.database_url : c.database_admin_url;
}

JobScheduler::JobScheduler(Deps deps) : d_(std::move(deps)) {
  scheduler_ = std::make_unique<sched::Scheduler>(
      d_.state, d_.replica_id,
      [this](const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired, std::int64_t fence) {
        fire(entry, fired, fence);
      });
  sync_ = std::make_unique<ScheduleSync>(
      *scheduler_,
      [this] {
        auto schedules = host_schedules();
        for (const auto& s : d_.plugins.list()) {
          for (const auto& sch : s.info.schedules) schedules.push_back({s.info.name, sch.name, sch.cron});
        }
        return schedules;
      },
      std::chrono::seconds(2));
}

JobScheduler::~JobScheduler() { stop(); }

void JobScheduler::start() {
  sync_->sync();
  scheduler_->start();
  sync_->start();
}

void JobScheduler::stop() {
  if (sync_) sync_->stop();
  if (scheduler_) scheduler_->stop();
}

void JobScheduler::fire(const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired,
                        std::int64_t fence) {
  if (run_host_job(entry, fired, d_.host_jobs_pool)) return;
  std::optional<plugin_host::ScheduleInfo> info;
  for (const auto& s : d_.plugins.list()) {
    if (s.info.name != entry.plugin) continue;
    for (const auto& sch : s.info.schedules) {
      if (sch.name == entry.name) info = sch;
    }
  }
  if (!info) return;  // unloaded between the sync and the firing
  try {
    const auto items = enqueue_firing(d_.outbox_pool, entry.plugin, *info, fired, fence);
    metrics::registry().counter_add("arrakis_schedule_firings_total", {{"plugin", entry.plugin}});
    spdlog::info("schedule {}/{} fired: {} item(s) queued", entry.plugin, entry.name, items);
  } catch (const std::exception& e) {
    // Nothing was written (one transaction): this firing is skipped, like one whose lock Redis
    // could not give; the next firing runs as usual.
    metrics::registry().counter_add("arrakis_schedule_failures_total", {{"plugin", entry.plugin}});
    spdlog::error("schedule {}/{} fired but its items could not be queued: {}", entry.plugin, entry.name, e.what());
  }
}

}  // namespace arrakis::worker::jobs
