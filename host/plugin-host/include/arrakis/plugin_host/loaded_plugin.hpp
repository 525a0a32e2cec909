#pragma once
// One plugin library loaded into the host: the handshake, the validated descriptor, its state,
// and the count of calls in flight. The library is unloaded (shutdown, then dlclose) when the
// last reference goes away, so a call that holds a reference always finishes on its version.
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "arrakis/plugin.h"
#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/plugin_info.hpp"

namespace arrakis::plugin_host {

class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LoadedPlugin {
 public:
  // Loads `path` (RTLD_NOW | RTLD_LOCAL), runs the handshake and checks the descriptor. With
  // `run_init`, calls the plugin's init with `lifecycle` services. Throws PluginError saying what
  // is wrong (missing entry symbol, refused handshake, wrong ABI major, bad descriptor, init failure).
  static std::shared_ptr<LoadedPlugin> load(const std::filesystem::path& path, HostServices& lifecycle,
                                            bool run_init = true);
  ~LoadedPlugin();
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const PluginInfo& info() const { return info_; }
  const std::filesystem::path& path() const { return path_; }

  // Calls the plugin's handle hook for `call` (whose services and invocation are set), counting
  // it in flight and serialising it when the plugin is serial.
  arrakis_status handle(arrakis_call& call, const arrakis_event& event);
  // Runs the optional self-test (OK when there is none). `error` receives the plugin's reason.
  arrakis_status self_test(HostServices& services, std::string& error);

  std::size_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  std::uint64_t calls() const { return calls_.load(std::memory_order_relaxed); }
  std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  struct Library;
  LoadedPlugin() = default;

  std::unique_ptr<Library> library_;
  std::filesystem::path path_;
  PluginInfo info_;
  const arrakis_plugin_descriptor* descriptor_ = nullptr;
  void* state_ = nullptr;
  bool initialised_ = false;
  std::mutex serial_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::uint64_t> calls_{0};
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace arrakis::plugin_host
