#include "arrakis/plugin_host/shadow_runner.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/plugin_host/effect_diff.hpp"
#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_call.hpp"

namespace arrakis::plugin_host {

namespace {
constexpr std::size_t kKeptMismatches = 100;
}

ShadowRunner::ShadowRunner(HostServices* rollback_sql, std::size_t capacity)
    : rollback_sql_(rollback_sql), capacity_(capacity), thread_([this] { loop(); }) {}

ShadowRunner::~ShadowRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool ShadowRunner::submit(ShadowJob job) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() < capacity_) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return true;
    }
  }
  std::lock_guard lock(job.candidate->mutex);
  ++job.candidate->shadow.dropped;
  return false;
}

void ShadowRunner::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void ShadowRunner::loop() {
  for (;;) {
    ShadowJob job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    try {
      run(job);
    } catch (const std::exception& e) {
      spdlog::warn("shadow run failed in the host: {}", e.what());
    }
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
      if (queue_.empty()) idle_.notify_all();
    }
  }
}

void ShadowRunner::run(ShadowJob& job) {
  // Discord effects recorded, never sent; state writes stay in the recorder (a scratch namespace);
  // reads are real; SQL runs in the call's transaction, which is always rolled back.
  EffectRecorder recorder(rollback_sql_);
  recorder.read_through(job.reads);
  const DispatchResult r =
      run_once(*job.candidate->plugin, job.invocation, recorder, CallOptions{.roll_back = true, .record = &recorder});

  const auto active = normalise_effects(job.active_effects, job.volatile_fields);
  const auto candidate = normalise_effects(r.effects, job.volatile_fields);
  auto paths = differing_paths(active, candidate);
  const bool candidate_failed = r.status != ARRAKIS_OK && job.active_status == ARRAKIS_OK;

  auto& c = *job.candidate;
  std::lock_guard lock(c.mutex);
  ++c.shadow.compared;
  if (candidate_failed) ++c.shadow.candidate_errors;
  if (r.duration > job.active_duration) ++c.shadow.candidate_slower;
  if (paths.empty() && !candidate_failed) {
    ++c.shadow.matched;
    return;
  }
  ++c.shadow.mismatched;
  ShadowMismatch m;
  m.event_type = job.invocation.type;
  m.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  m.active_effects = active;
  m.candidate_effects = candidate;
  m.differing_paths = std::move(paths);
  if (candidate_failed) m.differing_paths.push_back("(candidate failed: " + r.error + ")");
  c.mismatches.push_back(std::move(m));
  if (c.mismatches.size() > kKeptMismatches) c.mismatches.pop_front();
}

}  // namespace arrakis::plugin_host
