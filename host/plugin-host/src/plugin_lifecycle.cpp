// PluginManager's lifecycle beyond load/swap: shadow and canary candidates, promotion, discard,
// and pruning the store.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/plugin_host/shadow_runner.hpp"

namespace arrakis::plugin_host {
namespace fs = std::filesystem;

namespace {

// FNV-1a: the same user lands in the same canary bucket on every replica and after restarts
// (std::hash promises neither).
int canary_bucket(const Invocation& inv) {
  const std::string& key = !inv.user_id.empty() ? inv.user_id : !inv.guild_id.empty() ? inv.guild_id : inv.type;
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % 100);
}

double error_rate(const std::deque<bool>& outcomes) {
  if (outcomes.empty()) return 0;
  return static_cast<double>(std::count(outcomes.begin(), outcomes.end(), true)) / static_cast<double>(outcomes.size());
}

}  // namespace

std::shared_ptr<LoadedPlugin> PluginManager::load_candidate(const std::string& name, const std::string& file_or_version) {
  if (!active(name)) throw PluginError("plugin '" + name + "' is not loaded: load it before adding a candidate");
  fs::path stored;
  if (fs::is_regular_file(file_or_version)) {
    stored = accept(file_or_version).path;
  } else if (auto v = store_.find(name, file_or_version)) {
    stored = v->path;
  } else {
    throw PluginError("'" + file_or_version + "' is neither a file nor a stored version of '" + name + "'");
  }
  auto plugin = load_verified(stored);
  if (plugin->info().name != name) {
    throw PluginError("the candidate is plugin '" + plugin->info().name + "', not '" + name + "'");
  }
  return plugin;
}

LoadOutcome PluginManager::shadow(const std::string& name, const std::string& file_or_version) {
  auto plugin = load_candidate(name, file_or_version);
  auto candidate = std::make_shared<Candidate>();
  candidate->mode = Candidate::Mode::shadow;
  candidate->plugin = plugin;
  candidate->shadow.candidate_version = plugin->info().version;
  std::string active_version;
  {
    std::unique_lock lock(mutex_);
    if (!shadow_runner_) shadow_runner_ = std::make_unique<ShadowRunner>(shadow_sql_);
    candidates_[name] = candidate;
    active_version = active_.count(name) ? active_.find(name)->second->info().version : "";
  }
  spdlog::info("plugin {} {} shadowed by {}", name, active_version, plugin->info().version);
  return LoadOutcome{name, plugin->info().version, active_version, true, plugin->path()};
}

std::optional<ShadowStats> PluginManager::shadow_stats(const std::string& name) const {
  std::shared_ptr<Candidate> c;
  {
    std::shared_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (it == candidates_.end() || it->second->mode != Candidate::Mode::shadow) return std::nullopt;
    c = it->second;
  }
  if (shadow_runner_) shadow_runner_->drain();  // report every comparison already queued
  std::lock_guard lock(c->mutex);
  return c->shadow;
}

std::vector<ShadowMismatch> PluginManager::shadow_diff(const std::string& name) const {
  std::shared_ptr<Candidate> c;
  {
    std::shared_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (it == candidates_.end() || it->second->mode != Candidate::Mode::shadow) return {};
    c = it->second;
  }
  if (shadow_runner_) shadow_runner_->drain();
  std::lock_guard lock(c->mutex);
  return {c->mismatches.begin(), c->mismatches.end()};
}

LoadOutcome PluginManager::canary(const std::string& name, int percent, const std::string& file_or_version) {
  if (percent < 0 || percent > 100) throw PluginError("a canary share is 0-100 percent");
  if (percent == 0) {
    discard(name);
    auto a = active(name);
    return LoadOutcome{name, a ? a->info().version : "", a ? a->info().version : "", true, a ? a->path() : fs::path()};
  }
  std::shared_ptr<LoadedPlugin> plugin;
  {
    // Changing only the share keeps the running candidate and its counts.
    std::shared_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (file_or_version.empty() && it != candidates_.end() && it->second->mode == Candidate::Mode::canary) {
      std::lock_guard clock(it->second->mutex);
      it->second->percent = percent;
      it->second->canary.percent = percent;
      return LoadOutcome{name, it->second->canary.candidate_version, "", true, it->second->plugin->path()};
    }
  }
  if (file_or_version.empty()) throw PluginError("name the canary candidate (a file or a stored version)");
  plugin = load_candidate(name, file_or_version);
  auto candidate = std::make_shared<Candidate>();
  candidate->mode = Candidate::Mode::canary;
  candidate->plugin = plugin;
  candidate->percent = percent;
  candidate->canary.candidate_version = plugin->info().version;
  candidate->canary.percent = percent;
  {
    std::unique_lock lock(mutex_);
    candidates_[name] = candidate;
    finished_canaries_.erase(name);
  }
  spdlog::info("plugin {} canary: {}% of users on {}", name, percent, plugin->info().version);
  return LoadOutcome{name, plugin->info().version, "", true, plugin->path()};
}

std::optional<CanaryState> PluginManager::canary_state(const std::string& name) const {
  std::shared_lock lock(mutex_);
  if (auto it = candidates_.find(name); it != candidates_.end() && it->second->mode == Candidate::Mode::canary) {
    std::lock_guard clock(it->second->mutex);
    return it->second->canary;
  }
  if (auto it = finished_canaries_.find(name); it != finished_canaries_.end()) return it->second;
  return std::nullopt;
}

LoadOutcome PluginManager::promote(const std::string& name) {
  std::shared_ptr<Candidate> c;
  {
    std::shared_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (it == candidates_.end()) throw PluginError("plugin '" + name + "' has no shadow or canary candidate to promote");
    c = it->second;
  }
  auto out = install(c->plugin);
  std::unique_lock lock(mutex_);
  if (auto it = candidates_.find(name); it != candidates_.end() && it->second == c) candidates_.erase(it);
  return out;
}

bool PluginManager::discard(const std::string& name) {
  std::shared_ptr<Candidate> c;
  {
    std::unique_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (it == candidates_.end()) return false;
    c = it->second;
    candidates_.erase(it);
    retired_.push_back(c->plugin);
  }
  spdlog::info("plugin {}: candidate {} discarded", name, c->plugin->info().version);
  return true;
}

std::vector<std::string> PluginManager::prune(const std::string& name, std::size_t keep) {
  std::vector<fs::path> protected_paths;
  {
    std::shared_lock lock(mutex_);
    if (auto it = active_.find(name); it != active_.end()) protected_paths.push_back(it->second->path());
    if (auto it = candidates_.find(name); it != candidates_.end()) protected_paths.push_back(it->second->plugin->path());
  }
  auto versions = store_.versions(name);  // oldest first
  std::vector<std::string> removed;
  // Keep the newest `keep`, plus the active version and a candidate wherever they are.
  const std::size_t first_kept = versions.size() > keep ? versions.size() - keep : 0;
  for (std::size_t i = 0; i < first_kept; ++i) {
    const auto& v = versions[i];
    if (std::find(protected_paths.begin(), protected_paths.end(), v.path) != protected_paths.end()) continue;
    std::error_code ec;
    fs::remove(v.path, ec);
    if (!ec) removed.push_back(v.version);
    fs::remove(v.path.string() + ".sig", ec);  // the signature kept with it, if any
  }
  if (!removed.empty()) spdlog::info("plugin {}: pruned {} stored version(s)", name, removed.size());
  return removed;
}

DispatchResult PluginManager::run_invocation(const std::string& name, std::shared_ptr<LoadedPlugin> active_version,
                                             std::shared_ptr<Candidate> candidate, const Invocation& inv,
                                             HostServices& services) {
  if (!candidate) return run_once(*active_version, inv, services);

  if (candidate->mode == Candidate::Mode::canary) {
    int percent;
    {
      std::lock_guard lock(candidate->mutex);
      percent = candidate->percent;
    }
    const bool to_candidate = canary_bucket(inv) < percent;
    auto r = run_once(to_candidate ? *candidate->plugin : *active_version, inv, services);
    record_canary_outcome(name, candidate, to_candidate, r.status);
    return r;
  }

  // Shadow: the active version runs for real through a recording tee; the candidate gets a copy
  // of the event and the active effects, later, on the shadow thread.
  EffectRecorder tee;
  tee.forward_to(&services);
  auto r = run_once(*active_version, inv, tee);
  std::vector<std::string> volatile_fields = active_version->info().volatile_fields;
  const auto& extra = candidate->plugin->info().volatile_fields;
  volatile_fields.insert(volatile_fields.end(), extra.begin(), extra.end());
  ShadowRunner* runner;
  {
    std::shared_lock lock(mutex_);
    runner = shadow_runner_.get();
  }
  if (runner) {
    runner->submit(ShadowJob{candidate, inv, tee.effects(), r.duration, r.status, &services, std::move(volatile_fields)});
  }
  return r;
}

void PluginManager::record_canary_outcome(const std::string& name, const std::shared_ptr<Candidate>& c,
                                          bool served_by_candidate, arrakis_status status) {
  const bool failed = status != ARRAKIS_OK;
  std::string reason;
  {
    std::lock_guard lock(c->mutex);
    auto& outcomes = served_by_candidate ? c->candidate_outcomes : c->active_outcomes;
    outcomes.push_back(failed);
    if (outcomes.size() > canary_policy_.window) outcomes.pop_front();
    if (served_by_candidate) {
      ++c->canary.candidate_calls;
      c->canary.candidate_errors += failed;
    } else {
      ++c->canary.active_calls;
      c->canary.active_errors += failed;
    }
    if (c->canary.rolled_back || c->candidate_outcomes.size() < canary_policy_.min_calls) return;
    const double cand = error_rate(c->candidate_outcomes);
    const double act = error_rate(c->active_outcomes);
    if (cand <= act + canary_policy_.margin) return;
    c->canary.rolled_back = true;
    reason = "candidate error rate " + std::to_string(static_cast<int>(cand * 100)) + "% vs active " +
             std::to_string(static_cast<int>(act * 100)) + "% over the last " +
             std::to_string(c->candidate_outcomes.size()) + " candidate calls (margin " +
             std::to_string(static_cast<int>(canary_policy_.margin * 100)) + "%)";
    c->canary.reason = reason;
  }
  {
    std::unique_lock lock(mutex_);
    auto it = candidates_.find(name);
    if (it == candidates_.end() || it->second != c) return;  // already replaced or discarded
    candidates_.erase(it);
    retired_.push_back(c->plugin);
    std::lock_guard clock(c->mutex);
    finished_canaries_[name] = c->canary;
  }
  spdlog::error("plugin {}: canary {} rolled back automatically: {}", name, c->plugin->info().version, reason);
}

}  // namespace arrakis::plugin_host
