#include "arrakis/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

namespace arrakis::sched {
namespace {

using std::chrono::system_clock;

// Even with nothing due, look at the clock this often: system_clock can be stepped (NTP), and
// condition-variable waits measure real time, not a test's clock.
constexpr std::chrono::seconds kMaxSleep{30};

std::int64_t epoch_ms(system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string describe(const ScheduleEntry& e) { return "plugin '" + e.plugin + "' schedule '" + e.name + "'"; }

}  // namespace

Scheduler::Scheduler(state::StateStore& store, std::string replica_id, RunFn run)
    : store_(store), replica_id_(std::move(replica_id)), run_(std::move(run)), clock_([] { return system_clock::now(); }) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::set_schedules(std::vector<ScheduleEntry> entries) {
  // Parse everything before touching the running set, so a bad reload changes nothing.
  std::vector<Armed> parsed;
  std::set<std::pair<std::string, std::string>> names;
  for (auto& entry : entries) {
    if (!names.emplace(entry.plugin, entry.name).second) {
      throw std::invalid_argument(describe(entry) + " is declared twice");
    }
    try {
      auto cron = CronExpression::parse(entry.cron);
      parsed.push_back(Armed{std::move(entry), std::move(cron), {}});
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(describe(entry) + ": " + e.what());
    }
  }
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  for (auto& armed : parsed) {
    const auto kept = std::find_if(armed_.begin(), armed_.end(), [&](const Armed& old) {
      return old.entry.plugin == armed.entry.plugin && old.entry.name == armed.entry.name &&
             old.entry.cron == armed.entry.cron;
    });
    armed.next = kept != armed_.end() ? kept->next : armed.cron.next_after(now);
  }
  armed_ = std::move(parsed);
  ++changes_;
  wake_.notify_all();
}

void Scheduler::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Scheduler::set_clock(Clock now) {
  std::lock_guard lock(mutex_);
  clock_ = std::move(now);
  ++changes_;
  wake_.notify_all();
}

void Scheduler::clock_changed() {
  std::lock_guard lock(mutex_);
  ++changes_;
  wake_.notify_all();
}

void Scheduler::set_lock_ttl(std::chrono::milliseconds ttl) {
  if (ttl <= std::chrono::milliseconds::zero()) throw std::invalid_argument("scheduler: lock TTL must be positive");
  std::lock_guard lock(mutex_);
  lock_ttl_ = ttl;
}

Scheduler::Stats Scheduler::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<Scheduler::Due> Scheduler::take_due(system_clock::time_point now) {
  std::vector<Due> due;
  for (auto& armed : armed_) {
    if (armed.next > now) continue;
    // Run only the latest firing that is due; earlier ones were missed (the process was not
    // looking), and running a burst of stale firings would be worse than skipping them.
    auto fired_at = armed.next;
    std::uint64_t missed = 0;
    for (auto later = armed.cron.next_after(fired_at); later <= now; later = armed.cron.next_after(later)) {
      fired_at = later;
      ++missed;
    }
    if (missed > 0) {
      stats_.missed += missed;
      spdlog::warn("scheduler: {} missed {} firing(s); running the one due at {} ms", describe(armed.entry), missed,
                   epoch_ms(fired_at));
    }
    due.push_back(Due{armed.entry, fired_at});
    armed.next = armed.cron.next_after(fired_at);
  }
  return due;
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = clock_();
    auto due = take_due(now);
    if (!due.empty()) {
      lock.unlock();
      for (const auto& firing : due) fire(firing);
      lock.lock();
      continue;  // time has passed while running: look again before sleeping
    }
    auto sleep = std::chrono::duration_cast<std::chrono::nanoseconds>(kMaxSleep);
    for (const auto& armed : armed_) sleep = std::min(sleep, std::chrono::nanoseconds(armed.next - now));
    const auto seen = changes_;
    wake_.wait_for(lock, sleep, [&] { return stopping_ || changes_ != seen; });
  }
}

void Scheduler::fire(const Due& due) {
  const auto& entry = due.entry;
  const std::string lock_name = "sched:" + entry.plugin + ":" + entry.name + ":" + std::to_string(epoch_ms(due.fired_at));
  std::chrono::milliseconds ttl;
  {
    std::lock_guard lock(mutex_);
    ttl = lock_ttl_;
  }
  std::optional<std::int64_t> fence;
  try {
    fence = store_.acquire_lock(lock_name, replica_id_, ttl, "sched:" + entry.plugin + ":" + entry.name);
  } catch (const std::exception& e) {
    spdlog::warn("scheduler: skipping {} due at {} ms: cannot take its lock: {}", describe(entry),
                 epoch_ms(due.fired_at), e.what());
    std::lock_guard lock(mutex_);
    ++stats_.unavailable;
    return;
  }
  if (!fence) {
    spdlog::debug("scheduler: {} due at {} ms runs on another replica", describe(entry), epoch_ms(due.fired_at));
    std::lock_guard lock(mutex_);
    ++stats_.lost;
    return;
  }
  bool failed = false;
  try {
    run_(entry, due.fired_at, *fence);
  } catch (const std::exception& e) {
    failed = true;
    spdlog::error("scheduler: {} due at {} ms failed: {}", describe(entry), epoch_ms(due.fired_at), e.what());
  } catch (...) {
    failed = true;
    spdlog::error("scheduler: {} due at {} ms failed with a non-standard exception", describe(entry),
                  epoch_ms(due.fired_at));
  }
  std::lock_guard lock(mutex_);
  ++stats_.ran;
  if (failed) ++stats_.failed;
}

}  // namespace arrakis::sched
