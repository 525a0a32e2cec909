#pragma once
// The worker's schedules: the Scheduler (each firing taken by one replica across the fleet), the
// ScheduleSync (the set follows the plugins loaded) and what a firing does. A host job runs at
// once on the scheduler's thread; a plugin schedule's firing is fanned out into job items through
// the outbox (job_fanout.hpp), so the plugin's code runs in the JobHandler, with retries and the DLQ.
#include <memory>
#include <string>

#include "arrakis/config.hpp"
#include "arrakis/database.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/scheduler.hpp"
#include "arrakis/state_store.hpp"
#include "jobs/schedule_sync.hpp"

namespace arrakis::worker::jobs {

// Where global jobs' SQL runs: DATABASE_JOBS_URL (the DML-only arrakis_jobs role, never the table
// owner) when set, else DATABASE_ADMIN_URL (until every deployment has the jobs role), else DATABASE_URL.
std::string jobs_database_url(const Config& config);

class JobScheduler {
 public:
  struct Deps {
    state::StateStore& state;  // firing locks and fencing tokens
    plugin_host::PluginManager& plugins;
    db::Pool& outbox_pool;     // the host role: writes the job items to the outbox
    db::Pool& host_jobs_pool;  // what the host's own jobs run on (idempotency-key purge)
    std::string replica_id;
  };
  explicit JobScheduler(Deps deps);
  ~JobScheduler();
  JobScheduler(const JobScheduler&) = delete;
  JobScheduler& operator=(const JobScheduler&) = delete;

  void start();
  void stop();

 private:
  void fire(const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired, std::int64_t fence);

  Deps d_;
  std::unique_ptr<sched::Scheduler> scheduler_;
  std::unique_ptr<ScheduleSync> sync_;
};

}  // namespace arrakis::worker::jobs
