#pragma once
// Watch mode (ARRAKIS_PLUGIN_WATCH=1): notices lib*.so files written or moved into the plugin
// directory (inotify IN_CLOSE_WRITE, IN_MOVED_TO) and loads them by itself, once a file has been
// quiet for `debounce` (a copy in progress fires many events; a half-written file must not be
// loaded). Pinned plugins are left alone. Every outcome is logged.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "arrakis/plugin_host/plugin_manager.hpp"

namespace arrakis::worker {

class PluginPins;

class PluginWatcher {
 public:
  struct Options {
    std::filesystem::path dir;
    std::chrono::milliseconds debounce{500};
  };
  // `loaded` (optional) is told about each file after its load attempt: "" or why it failed.
  PluginWatcher(Options options, plugin_host::PluginManager& plugins, PluginPins* pins,
                std::function<void(const std::filesystem::path&, const std::string&)> loaded = {});
  ~PluginWatcher();
  PluginWatcher(const PluginWatcher&) = delete;
  PluginWatcher& operator=(const PluginWatcher&) = delete;

  void start();  // throws std::runtime_error when inotify cannot watch the directory
  void stop();

 private:
  void run();
  void load(const std::filesystem::path& file);

  Options options_;
  plugin_host::PluginManager& plugins_;
  PluginPins* pins_;
  std::function<void(const std::filesystem::path&, const std::string&)> loaded_;
  int fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

// True for the file names watch mode loads: lib<something>.so.
bool is_plugin_file_name(const std::string& name);

}  // namespace arrakis::worker
