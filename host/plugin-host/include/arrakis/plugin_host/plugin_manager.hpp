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

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/plugin_call.hpp"
#include "arrakis/plugin_host/plugin_store.hpp"

namespace arrakis::plugin_host {

struct LoadOutcome {
  std::string name;
  std::string version;
  std::string previous_version;  // "" when the plugin was not loaded before
  bool changed = false;          // false: this exact version was already active
  std::filesystem::path stored_path;
};

// The HTTP route serving a request, with the parameters its path template bound.
struct RouteMatch {
  std::string plugin;
  RouteInfo route;  // the declaration: template, minimum response time, tenant parameter
  std::map<std::string, std::string> params;  // template parameter -> the request's (decoded) segment
};

// Who answers a component or modal custom id, and how (for the consumer's defer and checks).
struct ComponentRoute {
  std::string plugin;
  std::uint32_t flags = 0;  // ARRAKIS_COMPONENT_*; ADMIN also when every command of the plugin is admin-only
};

struct PluginStatus {
  PluginInfo info;
  std::filesystem::path path;
  std::size_t in_flight = 0;
  std::uint64_t calls = 0;
  std::uint64_t failures = 0;
};

// Shadow: a candidate version sees a copy of every event its plugin's active version handles; its
// effects are captured (never performed) and compared with the active version's.
struct ShadowStats {
  std::string candidate_version;
  std::uint64_t compared = 0, matched = 0, mismatched = 0, candidate_errors = 0, candidate_slower = 0, dropped = 0;
};
struct ShadowMismatch {
  std::string event_type;
  std::int64_t at_ms = 0;
  nlohmann::json active_effects;     // normalised
  nlohmann::json candidate_effects;  // normalised
  std::vector<std::string> differing_paths;  // JSON pointers where the two differ
};

// Canary: a stable share of users (hash of the user id) is served by the candidate for real.
struct CanaryState {
  std::string candidate_version;
  int percent = 0;
  std::uint64_t candidate_calls = 0, candidate_errors = 0, active_calls = 0, active_errors = 0;
  bool rolled_back = false;
  std::string reason;  // why it was rolled back
};

struct DiscoveryReport {
  std::vector<LoadOutcome> loaded;
  std::vector<std::pair<std::filesystem::path, std::string>> refused;  // file, why
};

struct Candidate;     // a shadow or canary version (plugin_lifecycle.cpp)
class ShadowRunner;   // runs shadow candidates off the hot path (shadow_runner.hpp)

class PluginManager {
 public:
  struct Options {
    std::filesystem::path plugin_dir;  // where operators drop lib<name>.so
    std::filesystem::path store_dir;   // the host's own store
    // When not empty, only files with a detached signature (<file>.sig) by one of these Ed25519
    // public keys (hex) are accepted.
    std::vector<std::string> trusted_keys;
  };

  // When a canary's error rate exceeds the active version's by `margin` over its last `window`
  // calls (once it has at least `min_calls`), it is rolled back by itself.
  struct CanaryPolicy {
    double margin = 0.10;
    std::size_t min_calls = 20;
    std::size_t window = 100;
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

  // --- lifecycle (issue 8) --------------------------------------------------------------------
  // A candidate is given as a file (accepted into the store first) or as a stored version.
  // Starts shadowing `name` with the candidate; replaces an earlier shadow. Throws PluginError.
  LoadOutcome shadow(const std::string& name, const std::string& file_or_version);
  std::optional<ShadowStats> shadow_stats(const std::string& name) const;
  std::vector<ShadowMismatch> shadow_diff(const std::string& name) const;  // the last 100, newest last
  // Serves `percent` (0-100) of users with the candidate for real; 0 ends the canary.
  LoadOutcome canary(const std::string& name, int percent, const std::string& file_or_version);
  std::optional<CanaryState> canary_state(const std::string& name) const;
  // The shadow or canary candidate becomes the active version (the same zero-loss swap).
  LoadOutcome promote(const std::string& name);
  // Drops the shadow or canary candidate; the active version is untouched. False if none.
  bool discard(const std::string& name);
  // Deletes stored versions of `name` beyond the newest `keep`, never the active or a candidate.
  // Returns the removed versions.
  std::vector<std::string> prune(const std::string& name, std::size_t keep);
  // SQL for shadow runs: a service whose transactions always roll back (nothing persists).
  void set_shadow_sql(HostServices* rollback_sql) { shadow_sql_ = rollback_sql; }
  void set_canary_policy(CanaryPolicy policy) { canary_policy_ = policy; }

  // Who handles `invocation`: the one owner of a command / component / autocomplete / HTTP
  // route, or every subscriber of an event type.
  std::vector<std::string> owners(const Invocation& invocation) const;
  // Runs the invocation on `plugin`'s active version with `services`.
  DispatchResult dispatch_to(const std::string& plugin, const Invocation& invocation, HostServices& services);
  // Runs the invocation on its single owner (found=false when nobody owns it).
  DispatchResult dispatch(const Invocation& invocation, HostServices& services);

  // The declaration of a command (for the consumer's defer flags), if any plugin owns it.
  std::optional<CommandInfo> command(std::string_view name) const;
  std::optional<ComponentRoute> component(std::string_view custom_id) const;
  // The route serving `method` on a path given as its segments, each decoded after splitting (so an
  // encoded '/' never forms a segment). When several templates match, the most specific wins: the
  // first segment where they differ is a literal rather than a parameter.
  std::optional<RouteMatch> route_match(std::string_view method, const std::vector<std::string>& segments) const;
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
  StoredVersion accept(const std::filesystem::path& file);  // into the store (signature checked)
  std::shared_ptr<LoadedPlugin> load_candidate(const std::string& name, const std::string& file_or_version);
  DispatchResult run_invocation(const std::string& name, std::shared_ptr<LoadedPlugin> active,
                                std::shared_ptr<Candidate> candidate, const Invocation& invocation,
                                HostServices& services);
  void record_canary_outcome(const std::string& name, const std::shared_ptr<Candidate>& candidate,
                             bool served_by_candidate, arrakis_status status);
  // Signing (when trusted keys are configured): the drop file's `.sig`, checked against the digest of
  // the host's private copy; throws PluginError.
  std::string read_signature(const std::filesystem::path& file) const;
  void check_signature(const std::filesystem::path& file, const std::string& digest, const std::string& signature) const;
  void verify_stored_copy(const std::filesystem::path& stored) const;
  LoadOutcome install(std::shared_ptr<LoadedPlugin> plugin);
  std::string find_conflict(const PluginInfo& info) const;  // requires the lock
  void add_routes(const PluginInfo& info);                  // requires the lock
  void remove_routes(const std::string& name);              // requires the lock
  std::shared_ptr<LoadedPlugin> active(std::string_view name) const;
  const std::string* owner_of(const Invocation& invocation) const;  // requires the lock (shared)
  // The route_owner_ entry serving method + segments, or end() (requires the lock, shared).
  StringMap<std::string>::const_iterator find_route(std::string_view method,
                                                    const std::vector<std::string>& segments) const;

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
  StringMap<std::shared_ptr<Candidate>> candidates_;  // shadow or canary, one per plugin
  std::map<std::string, CanaryState> finished_canaries_;     // rolled back automatically, for operators
  std::unique_ptr<ShadowRunner> shadow_runner_;
  HostServices* shadow_sql_ = nullptr;
  CanaryPolicy canary_policy_;
};

// True when `path` matches a route pattern ("/verify/{session}" matches "/verify/abc").
bool route_matches(std::string_view pattern, std::string_view path);
// The parameters a pattern binds from path segments ("/verify/{session}" and {"verify", "abc"}
// give {session: abc}); nullopt when it does not match. A {name} segment matches one non-empty
// segment; any other segment must be equal.
std::optional<std::map<std::string, std::string>> route_params(std::string_view pattern,
                                                              const std::vector<std::string>& segments);

}  // namespace arrakis::plugin_host
