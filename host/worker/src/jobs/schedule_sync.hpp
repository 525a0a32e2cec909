#pragma once
// Keeps the Scheduler's set equal to what `source` returns (the host's jobs plus the schedules of
// the active plugin versions), checked every `period`: a plugin loaded, reloaded, rolled back or
// unloaded at run time gains or loses its schedules without a restart.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "arrakis/scheduler.hpp"

namespace arrakis::worker {

class ScheduleSync {
 public:
  using Source = std::function<std::vector<sched::ScheduleEntry>()>;

  ScheduleSync(sched::Scheduler& scheduler, Source source, std::chrono::milliseconds period);
  ~ScheduleSync();
  ScheduleSync(const ScheduleSync&) = delete;
  ScheduleSync& operator=(const ScheduleSync&) = delete;

  // Applies the current set now if it changed. A set the scheduler refuses (bad cron, duplicate
  // name) is logged once and the previous one stays in force. Not to be called while the periodic
  // thread runs (call it before start(), as the worker does at start-up).
  void sync();
  void start();
  void stop();

 private:
  sched::Scheduler& scheduler_;
  const Source source_;
  const std::chrono::milliseconds period_;
  std::vector<sched::ScheduleEntry> last_;
  bool have_last_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace arrakis::worker
