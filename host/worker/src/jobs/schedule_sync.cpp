#include "jobs/schedule_sync.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

namespace arrakis::worker {
namespace {

bool same(std::vector<sched::ScheduleEntry> a, std::vector<sched::ScheduleEntry> b) {
  const auto key = [](const sched::ScheduleEntry& e) { return std::tie(e.plugin, e.name, e.cron); };
  const auto less = [&](const auto& x, const auto& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](const auto& x, const auto& y) { return key(x) == key(y); });
}

}  // namespace

ScheduleSync::ScheduleSync(sched::Scheduler& scheduler, Source source, std::chrono::milliseconds period)
    : scheduler_(scheduler), source_(std::move(source)), period_(period) {}

ScheduleSync::~ScheduleSync() { stop(); }

void ScheduleSync::sync() {
  auto entries = source_();
  if (have_last_ && same(entries, last_)) return;
  last_ = entries;
  have_last_ = true;
  try {
    scheduler_.set_schedules(std::move(entries));
    spdlog::info("schedules in force: {}", last_.size());
  } catch (const std::exception& e) {
    spdlog::error("schedules not changed: {}", e.what());
  }
}

void ScheduleSync::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
      lock.unlock();
      sync();
      lock.lock();
    }
  });
}

void ScheduleSync::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace arrakis::worker
