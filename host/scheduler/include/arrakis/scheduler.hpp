#pragma once
// Scheduler: runs the schedules plugins declare (D9), each firing at most once across every worker
// replica. Each replica computes the same fire times from the cron expression (UTC); for each
// firing it takes the lock sched:{plugin}:{name}:{fire time in ms} through the StateStore (TTL a few
// minutes, fencing token from fence:sched:{plugin}:{name}); the replica that wins runs it, the
// others skip it. The lock is never released: releasing it would let a replica that arrives late
// (slower clock, long GC pause) take it again and run the firing twice. When Redis cannot be
// reached at fire time the firing is skipped with a warning: never twice is worth more than always.
// A firing missed while the process was not looking (suspended, clock jump) runs once, at the latest
// fire time due; the older ones are counted as missed.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "arrakis/cron.hpp"
#include "arrakis/state_store.hpp"

namespace arrakis::sched {

struct ScheduleEntry {
  std::string plugin;
  std::string name;
  std::string cron;
};

class Scheduler {
 public:
  // run(schedule, fired_at, fencing_token) is called on the scheduler's thread when this replica
  // won the firing's lock. fired_at is the scheduled time (the same on every replica), not "now".
  // An exception from run is logged and counted; the scheduler carries on.
  using RunFn = std::function<void(const ScheduleEntry&, std::chrono::system_clock::time_point fired_at, std::int64_t fence)>;
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  struct Stats {
    std::uint64_t ran = 0;          // firings this replica won and ran (including those that threw)
    std::uint64_t failed = 0;       // of those, how many threw
    std::uint64_t lost = 0;         // firings another replica had already taken
    std::uint64_t unavailable = 0;  // firings skipped because Redis could not be reached
    std::uint64_t missed = 0;       // older firings collapsed into a later one after a gap
    std::uint64_t considered() const { return ran + lost + unavailable; }
  };

  Scheduler(state::StateStore& store, std::string replica_id, RunFn run);
  ~Scheduler();  // stops
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces every schedule at once (plugins (re)loaded). A schedule kept unchanged (same plugin,
  // name and cron) keeps its next fire time. Throws std::invalid_argument naming the plugin and
  // schedule for a bad cron or a duplicate name; the old set then stays in force.
  void set_schedules(std::vector<ScheduleEntry> entries);

  void start();  // starts the scheduler's thread (once)
  void stop();   // wakes and joins it; a firing being run finishes first

  // For tests: the clock to read instead of system_clock::now (set it before set_schedules, which
  // computes the first fire times from it). The thread sleeps until the next fire time by this
  // clock (never busy-waits); call clock_changed() after moving a fake clock so it looks again at once.
  void set_clock(Clock now);
  void clock_changed();

  // How long each firing's lock lives (default 5 minutes): longer than any clock skew between
  // replicas, so a late replica still finds the lock.
  void set_lock_ttl(std::chrono::milliseconds ttl);

  Stats stats() const;

 private:
  struct Armed {
    ScheduleEntry entry;
    CronExpression cron;
    std::chrono::system_clock::time_point next;
  };
  struct Due {
    ScheduleEntry entry;
    std::chrono::system_clock::time_point fired_at;
  };

  void loop();
  std::vector<Due> take_due(std::chrono::system_clock::time_point now);  // under mutex_
  void fire(const Due& due);

  state::StateStore& store_;
  const std::string replica_id_;
  const RunFn run_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Armed> armed_;
  Clock clock_;
  std::chrono::milliseconds lock_ttl_{std::chrono::minutes(5)};
  std::uint64_t changes_ = 0;  // bumped by anything that should make the thread look again
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace arrakis::sched
