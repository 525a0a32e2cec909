#pragma once
// The last error each plugin reported (DispatchResult.error), for `arrakisctl plugin get`: an
// operator deciding whether to roll back wants the plugin's own words, not a counter.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace arrakis::worker {

struct PluginErrorNote {
  std::string version;
  std::string error;
  std::int64_t at_ms = 0;  // Unix time
  std::uint64_t count = 0;  // errors recorded since the worker started
};

class PluginErrors {
 public:
  void record(const std::string& plugin, const std::string& version, const std::string& error) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    std::lock_guard lock(mutex_);
    auto& note = last_[plugin];
    note.version = version;
    note.error = error.substr(0, 1000);
    note.at_ms = now;
    ++note.count;
  }
  std::optional<PluginErrorNote> last(const std::string& plugin) const {
    std::lock_guard lock(mutex_);
    auto it = last_.find(plugin);
    if (it == last_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, PluginErrorNote> last_;
};

}  // namespace arrakis::worker
