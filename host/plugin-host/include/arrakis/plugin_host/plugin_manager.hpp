#pragma once
// Discovers, accepts, loads, routes to, swaps and unloads plugins.
//
// Each plugin name has one active version. Routes (commands, component custom-id prefixes, HTTP
// routes) belong to exactly one plugin; event types may have many subscribers. Dispatch takes a
// reference to the active version, so a swap never disturbs a call in flight: the old version is
// unloaded when its last call returns.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/plugin_store.hpp"

namespace arrakis::plugin_host {

struct LoadOutcome {
  std::string name;
  std::string version;
  std::string previous_version;  // "" when the plugin was not loaded before
  bool changed = false;          // false: this exact version was already active
  std::filesystem::path stored_path;
};

struct DispatchResult {
  bool found = false;  // a plugin owns the invocation
  arrakis_status status = ARRAKIS_OK;
  std::string error;  // the plugin's explanation (set_error) when status != OK
  std::string plugin;
  std::string version;
  // HTTP route calls: what the plugin answered (nullopt when it did not call http_respond).
  std::optional<std::uint32_t> http_status;
  std::string http_content_type, http_body;
  bool replied = false;    // interactions: the plugin sent a reply
  bool duplicate = false;  // its SQL effects had already been committed by an earlier delivery
  std::chrono::nanoseconds duration{0};
};

struct PluginStatus {
  PluginInfo info;
  std::filesystem::path path;
  std::size_t in_flight = 0;
  std::uint64_t calls = 0;
  std::uint64_t failures = 0;
};

struct DiscoveryReport {
  std::vector<LoadOutcome> loaded;
  std::vector<std::pair<std::filesystem::path, std::string>> refused;  // file, why
};

class PluginManager {
 public:
  struct Options {
    std::filesystem::path plugin_dir;  // where operators drop lib<name>.so
    std::filesystem::path store_dir;   // the host's own store
    // When not empty, only files with a detached signature (<file>.sig) by one of these Ed25519
    // public keys (hex) are accepted.
    std::vector<std::string> trusted_keys;
  };

  // `lifecycle` serves init hooks; `self_test` (usually an EffectRecorder) serves self-tests.
  PluginManager(Options options, HostServices& lifecycle, HostServices& self_test);
  ~PluginManager();
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  // Loads every *.so in the plugin directory; a refused file is reported, never fatal.
  DiscoveryReport discover();
  // Accepts one file into the store and makes it the active version of its plugin. Throws
  // PluginError (the active version, if any, stays untouched) when the file is not a valid
  // plugin, fails init or self-test, or claims a route another plugin owns.
  LoadOutcome load_file(const std::filesystem::path& file);
  // Makes a stored version active again (rollback).
  LoadOutcome activate(const std::string& name, const std::string& version);
  // Removes a plugin and its routes; it unloads when its calls finish. False if unknown.
  bool unload(const std::string& name);

  // Who handles `invocation`: the one owner of a command / component / autocomplete / HTTP
  // route, or every subscriber of an event type.
  std::vector<std::string> owners(const Invocation& invocation) const;
  // Runs the invocation on `plugin`'s active version with `services`.
  DispatchResult dispatch_to(const std::string& plugin, const Invocation& invocation, HostServices& services);
  // Runs the invocation on its single owner (found=false when nobody owns it).
  DispatchResult dispatch(const Invocation& invocation, HostServices& services);

  // The declaration of a command (for the consumer's defer flags), if any plugin owns it.
  std::optional<CommandInfo> command(std::string_view name) const;
  std::vector<PluginStatus> list() const;
  std::optional<PluginStatus> status(const std::string& name) const;
  const PluginStore& store() const { return store_; }

  // Stops routing, then waits up to `drain` for calls in flight to return. Returns true when
  // every version was unloaded in time.
  bool shutdown(std::chrono::milliseconds drain = std::chrono::seconds(10));

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  std::shared_ptr<LoadedPlugin> load_verified(const std::filesystem::path& stored);
  void check_signature(const std::filesystem::path& file) const;  // throws PluginError
  LoadOutcome install(std::shared_ptr<LoadedPlugin> plugin);
  std::string find_conflict(const PluginInfo& info) const;  // requires the lock
  void add_routes(const PluginInfo& info);                  // requires the lock
  void remove_routes(const std::string& name);              // requires the lock
  std::shared_ptr<LoadedPlugin> active(std::string_view name) const;
  const std::string* owner_of(const Invocation& invocation) const;  // requires the lock (shared)

  Options options_;
  HostServices& lifecycle_;
  HostServices& self_test_;
  PluginStore store_;

  mutable std::shared_mutex mutex_;
  StringMap<std::shared_ptr<LoadedPlugin>> active_;     // plugin name -> active version
  StringMap<std::string> command_owner_;                // command -> plugin
  std::map<std::string, std::string> prefix_owner_;     // custom_id prefix -> plugin
  StringMap<std::string> route_owner_;                  // "GET /verify/{session}" -> plugin
  StringMap<std::vector<std::string>> subscribers_;     // event type -> plugins
  std::vector<std::weak_ptr<LoadedPlugin>> retired_;    // swapped-out versions still draining
};

// True when `path` matches a route pattern ("/verify/{session}" matches "/verify/abc").
bool route_matches(std::string_view pattern, std::string_view path);

}  // namespace arrakis::plugin_host
