#pragma once
// Runs shadow candidates on their own thread, never on the caller's: a bounded queue of jobs, each
// the copy of one event the active version handled plus the effects it produced. Work that does
// not fit is dropped and counted, never waited for, so a shadow can never slow the active path.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"

namespace arrakis::plugin_host {

// A candidate version and what is known about it (shared by the manager and the runner).
struct Candidate {
  enum class Mode { shadow, canary } mode = Mode::shadow;
  std::shared_ptr<LoadedPlugin> plugin;
  int percent = 0;  // canary share of users
  std::mutex mutex;
  ShadowStats shadow;
  std::deque<ShadowMismatch> mismatches;  // the last 100
  CanaryState canary;
  std::deque<bool> candidate_outcomes, active_outcomes;  // canary: recent errors (true = failed)
};

struct ShadowJob {
  std::shared_ptr<Candidate> candidate;
  Invocation invocation;
  nlohmann::json active_effects;
  std::chrono::nanoseconds active_duration{0};
  arrakis_status active_status = ARRAKIS_OK;
  HostServices* reads = nullptr;  // the real services, for reads
  std::vector<std::string> volatile_fields;
};

class ShadowRunner {
 public:
  ShadowRunner(HostServices* rollback_sql, std::size_t capacity = 256);
  ~ShadowRunner();
  // False (and counted as dropped) when the queue is full.
  bool submit(ShadowJob job);
  // Blocks until the queue is empty and no job runs (tests and shutdown).
  void drain();

 private:
  void loop();
  void run(ShadowJob& job);

  HostServices* rollback_sql_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<ShadowJob> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace arrakis::plugin_host
