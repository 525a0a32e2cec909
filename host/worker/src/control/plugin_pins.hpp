#pragma once
// Plugins an operator pinned to a version (`arrakisctl plugin pin NAME VERSION`): reload and
// watch mode leave them alone until the pin is released or moved.
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace arrakis::worker {

class PluginPins {
 public:
  void pin(const std::string& plugin, const std::string& version) {
    std::lock_guard lock(mutex_);
    pins_[plugin] = version;
  }
  void release(const std::string& plugin) {
    std::lock_guard lock(mutex_);
    pins_.erase(plugin);
  }
  std::optional<std::string> pinned(const std::string& plugin) const {
    std::lock_guard lock(mutex_);
    auto it = pins_.find(plugin);
    if (it == pins_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> pins_;
};

}  // namespace arrakis::worker
