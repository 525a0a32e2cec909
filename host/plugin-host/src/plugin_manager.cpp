#include "arrakis/plugin_host/plugin_manager.hpp"

#include "arrakis/plugin_host/plugin_signature.hpp"
#include "arrakis/plugin_host/shadow_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <thread>

namespace arrakis::plugin_host {
namespace fs = std::filesystem;

namespace {

// "/verify/{session}" -> {"verify", "{session}"}; "/" -> {""}.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  std::size_t start = 1;
  while (true) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, (slash == std::string_view::npos ? path.size() : slash) - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

bool is_parameter(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// True when pattern `a` is more specific than `b`: at the first segment where one has a literal
// and the other a parameter, `a` has the literal ("/v/new" beats "/v/{id}").
bool more_specific(std::string_view a, std::string_view b) {
  const auto sa = split_path(a), sb = split_path(b);
  for (std::size_t i = 0; i < std::min(sa.size(), sb.size()); ++i) {
    const bool pa = is_parameter(sa[i]), pb = is_parameter(sb[i]);
    if (pa != pb) return !pa;
  }
  return false;
}

}  // namespace

std::optional<std::map<std::string, std::string>> route_params(std::string_view pattern,
                                                              const std::vector<std::string>& segments) {
  const auto parts = split_path(pattern);
  if (parts.empty() || parts.size() != segments.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_parameter(parts[i])) {
      if (segments[i].empty()) return std::nullopt;  // a parameter matches a non-empty segment
      params[std::string(parts[i].substr(1, parts[i].size() - 2))] = segments[i];
    } else if (parts[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

bool route_matches(std::string_view pattern, std::string_view path) {
  std::vector<std::string> segments;
  if (!path.empty() && path.front() == '/') {
    for (const auto s : split_path(path)) segments.emplace_back(s);
  }
  return route_params(pattern, segments).has_value();
}

PluginManager::PluginManager(Options options, HostServices& lifecycle, HostServices& self_test)
    : options_(std::move(options)), lifecycle_(lifecycle), self_test_(self_test), store_(options_.store_dir) {}

PluginManager::~PluginManager() { shutdown(std::chrono::seconds(5)); }

DiscoveryReport PluginManager::discover() {
  DiscoveryReport report;
  if (!fs::is_directory(options_.plugin_dir)) {
    spdlog::warn("plugin directory {} does not exist; no plugins loaded", options_.plugin_dir.string());
    return report;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(options_.plugin_dir)) {
    if (e.is_regular_file() && e.path().extension() == ".so") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      report.loaded.push_back(load_file(f));
    } catch (const std::exception& e) {
      spdlog::error("plugin {} refused: {}", f.filename().string(), e.what());
      report.refused.emplace_back(f, e.what());
    }
  }
  return report;
}

std::shared_ptr<LoadedPlugin> PluginManager::load_verified(const fs::path& stored) {
  verify_stored_copy(stored);
  auto plugin = LoadedPlugin::load(stored, lifecycle_);
  std::string why;
  if (plugin->self_test(self_test_, why) != ARRAKIS_OK) {
    throw PluginError("plugin '" + plugin->info().name + "' " + plugin->info().version +
                      " failed its self-test: " + (why.empty() ? "no reason given" : why));
  }
  return plugin;
}

// Every activation (load, rollback, pin, canary) checks the stored copy again: its bytes must still
// have the digest its name records and, when signing is on, verify against the signature kept with
// it. A store file changed after it was accepted is refused instead of loaded.
void PluginManager::verify_stored_copy(const fs::path& stored) const {
  const std::string digest = sha256_file(stored);
  const std::string stem = stored.stem().string();
  const std::string recorded = stem.substr(stem.rfind('-') + 1);
  if (digest.compare(0, recorded.size(), recorded) != 0) {
    throw PluginError("stored copy " + stored.filename().string() + " was modified after it was accepted (its digest is " +
                      digest.substr(0, recorded.size()) + "); drop the plugin file in again");
  }
  if (options_.trusted_keys.empty()) return;
  const std::string signature = store_.kept_signature(stored);
  if (signature.empty()) {
    throw PluginError("stored copy " + stored.filename().string() +
                      " has no signature kept with it (accepted while signing was off); drop the signed plugin file in again");
  }
  if (!verify_plugin_digest(digest, signature, options_.trusted_keys)) {
    throw PluginError("stored copy " + stored.filename().string() + " does not verify against any trusted key");
  }
}

std::string PluginManager::read_signature(const fs::path& file) const {
  if (options_.trusted_keys.empty()) return {};
  const fs::path sig_file = file.string() + ".sig";
  std::ifstream in(sig_file);
  if (!in) {
    throw PluginError("unsigned plugin " + file.filename().string() + ": no signature file " +
                      sig_file.filename().string() + " (sign it with `arrakis-sign sign --key KEY " +
                      file.filename().string() + "`)");
  }
  std::string signature;
  std::getline(in, signature);
  return signature;
}

void PluginManager::check_signature(const fs::path& file, const std::string& digest, const std::string& signature) const {
  if (options_.trusted_keys.empty()) return;
  if (!verify_plugin_digest(digest, signature, options_.trusted_keys)) {
    throw PluginError("bad signature on " + file.filename().string() +
                      ": it does not verify against any trusted key (the file was changed after signing, "
                      "or signed by a key this host does not trust)");
  }
}

StoredVersion PluginManager::accept(const fs::path& file) {
  if (!fs::is_regular_file(file)) throw PluginError(file.string() + " is not a file");
  const std::string signature = read_signature(file);
  // One read of the file: the signature, the digest and the load all use this private copy.
  const auto staged = store_.stage_copy(file);
  try {
    check_signature(file, staged.sha256, signature);
  } catch (...) {
    store_.discard(staged.path);
    throw;
  }
  // Already stored? That copy is the one. Otherwise read the descriptor from the staged copy
  // (without init), and move it to its final name.
  if (auto existing = store_.find_by_digest(staged.sha256)) {
    store_.discard(staged.path);
    if (!signature.empty() && store_.kept_signature(existing->path).empty()) store_.keep_signature(existing->path, signature);
    return *existing;
  }
  std::string name, version;
  try {
    auto probe = LoadedPlugin::load(staged.path, lifecycle_, /*run_init=*/false);
    name = probe->info().name;
    version = probe->info().version;
  } catch (...) {
    store_.discard(staged.path);
    throw;
  }
  if (auto clash = store_.find(name, version)) {
    store_.discard(staged.path);
    throw PluginError("plugin '" + name + "' version " + version + " is already in the store with different bytes (" +
                      clash->path.filename().string() + "); bump the version to ship a change");
  }
  StoredVersion v;
  v.name = name;
  v.version = version;
  v.sha256 = staged.sha256;
  v.path = store_.commit(staged.path, name, version, staged.sha256);
  if (!signature.empty()) store_.keep_signature(v.path, signature);
  return v;
}

LoadOutcome PluginManager::load_file(const fs::path& file) {
  const StoredVersion stored = accept(file);
  if (auto current = active(stored.name); current && current->path() == stored.path) {
    return LoadOutcome{stored.name, stored.version, stored.version, false, stored.path};  // already active
  }
  return install(load_verified(stored.path));
}

LoadOutcome PluginManager::activate(const std::string& name, const std::string& version) {
  auto stored = store_.find(name, version);
  if (!stored) throw PluginError("plugin '" + name + "' has no version " + version + " in the store");
  if (auto current = active(name); current && current->info().version == version) {
    return LoadOutcome{name, version, version, false, current->path()};
  }
  return install(load_verified(stored->path));
}

LoadOutcome PluginManager::install(std::shared_ptr<LoadedPlugin> plugin) {
  const PluginInfo& info = plugin->info();
  std::shared_ptr<LoadedPlugin> previous;
  {
    std::unique_lock lock(mutex_);
    if (auto clash = find_conflict(info); !clash.empty()) throw PluginError(clash);
    if (auto it = active_.find(info.name); it != active_.end()) previous = it->second;
    remove_routes(info.name);
    active_[info.name] = plugin;
    add_routes(info);
    if (previous) retired_.push_back(previous);
  }
  LoadOutcome out{info.name, info.version, previous ? previous->info().version : "", true, plugin->path()};
  spdlog::info("plugin {} {} active{}", info.name, info.version,
               previous ? " (was " + previous->info().version + ")" : std::string());
  return out;  // `previous` unloads here, or when its last in-flight call returns
}

bool PluginManager::unload(const std::string& name) {
  std::shared_ptr<LoadedPlugin> removed;
  {
    std::unique_lock lock(mutex_);
    auto it = active_.find(name);
    if (it == active_.end()) return false;
    removed = it->second;
    remove_routes(name);
    active_.erase(it);
    retired_.push_back(removed);
  }
  spdlog::info("plugin {} {} unloaded", name, removed->info().version);
  return true;
}

std::string PluginManager::find_conflict(const PluginInfo& info) const {
  for (const auto& c : info.commands) {
    if (auto it = command_owner_.find(c.name); it != command_owner_.end() && it->second != info.name) {
      return "plugin '" + info.name + "' claims command /" + c.name + ", which plugin '" + it->second + "' already handles";
    }
  }
  for (const auto& p : info.component_prefixes) {
    for (const auto& [prefix, owner] : prefix_owner_) {
      if (owner == info.name) continue;
      if (prefix.rfind(p, 0) == 0 || p.rfind(prefix, 0) == 0) {
        return "plugin '" + info.name + "' claims component prefix '" + p + "', which overlaps '" + prefix +
               "' of plugin '" + owner + "'";
      }
    }
  }
  for (const auto& r : info.routes) {
    const std::string key = r.method + " " + r.path;
    if (auto it = route_owner_.find(key); it != route_owner_.end() && it->second != info.name) {
      return "plugin '" + info.name + "' claims route " + key + ", which plugin '" + it->second + "' already serves";
    }
  }
  return {};
}

void PluginManager::add_routes(const PluginInfo& info) {
  for (const auto& c : info.commands) command_owner_[c.name] = info.name;
  for (const auto& p : info.component_prefixes) prefix_owner_[p] = info.name;
  for (const auto& r : info.routes) route_owner_[r.method + " " + r.path] = info.name;
  for (const auto& e : info.event_types) subscribers_[e].push_back(info.name);
}

void PluginManager::remove_routes(const std::string& name) {
  std::erase_if(command_owner_, [&](const auto& kv) { return kv.second == name; });
  std::erase_if(prefix_owner_, [&](const auto& kv) { return kv.second == name; });
  std::erase_if(route_owner_, [&](const auto& kv) { return kv.second == name; });
  for (auto& [type, subs] : subscribers_) std::erase(subs, name);
  std::erase_if(retired_, [](const auto& w) { return w.expired(); });
}

std::shared_ptr<LoadedPlugin> PluginManager::active(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = active_.find(name);
  return it == active_.end() ? nullptr : it->second;
}

const std::string* PluginManager::owner_of(const Invocation& inv) const {
  switch (inv.kind) {
    case ARRAKIS_EVENT_COMMAND:
    case ARRAKIS_EVENT_AUTOCOMPLETE: {
      auto it = command_owner_.find(inv.command);
      return it == command_owner_.end() ? nullptr : &it->second;
    }
    case ARRAKIS_EVENT_COMPONENT:
    case ARRAKIS_EVENT_MODAL: {
      // Prefixes of different plugins never overlap (checked at install), but one plugin may nest
      // its own ("x:open" inside "x:"), so walk down from the greatest key <= custom_id to the
      // longest one that is a prefix; keys starting with another character cannot match.
      auto it = prefix_owner_.upper_bound(inv.custom_id);
      while (it != prefix_owner_.begin()) {
        --it;
        if (it->first.empty() || inv.custom_id.empty() || it->first[0] != inv.custom_id[0]) return nullptr;
        if (inv.custom_id.rfind(it->first, 0) == 0) return &it->second;
      }
      return nullptr;
    }
    case ARRAKIS_EVENT_HTTP: {
      std::vector<std::string> segments;
      for (const auto s : split_path(inv.http_path)) segments.emplace_back(s);
      auto it = find_route(inv.http_method, segments);
      return it == route_owner_.end() ? nullptr : &it->second;
    }
    default:
      return nullptr;
  }
}

PluginManager::StringMap<std::string>::const_iterator PluginManager::find_route(
    std::string_view method, const std::vector<std::string>& segments) const {
  auto best = route_owner_.end();
  for (auto it = route_owner_.begin(); it != route_owner_.end(); ++it) {
    const std::string_view key = it->first;
    const auto space = key.find(' ');
    if (space == std::string_view::npos || key.substr(0, space) != method) continue;
    const auto pattern = key.substr(space + 1);
    if (!route_params(pattern, segments)) continue;
    if (best == route_owner_.end() || more_specific(pattern, std::string_view(best->first).substr(space + 1))) best = it;
  }
  return best;
}

std::optional<RouteMatch> PluginManager::route_match(std::string_view method,
                                                     const std::vector<std::string>& segments) const {
  std::shared_lock lock(mutex_);
  const auto it = find_route(method, segments);
  if (it == route_owner_.end()) return std::nullopt;
  const auto plugin = active_.find(it->second);
  if (plugin == active_.end()) return std::nullopt;
  const std::string_view pattern = std::string_view(it->first).substr(method.size() + 1);
  for (const auto& r : plugin->second->info().routes) {
    if (r.method == method && r.path == pattern) return RouteMatch{it->second, r, *route_params(pattern, segments)};
  }
  return std::nullopt;
}

std::vector<std::string> PluginManager::owners(const Invocation& inv) const {
  std::shared_lock lock(mutex_);
  if (inv.kind == ARRAKIS_EVENT_GUILD || inv.kind == ARRAKIS_EVENT_INTERNAL) {
    auto it = subscribers_.find(inv.type);
    return it == subscribers_.end() ? std::vector<std::string>{} : it->second;
  }
  const std::string* owner = owner_of(inv);
  if (!owner) return {};
  return {*owner};
}

DispatchResult PluginManager::dispatch_to(const std::string& name, const Invocation& inv, HostServices& services) {
  std::shared_ptr<LoadedPlugin> plugin;
  std::shared_ptr<Candidate> candidate;
  {
    std::shared_lock lock(mutex_);
    auto it = active_.find(name);
    if (it == active_.end()) return DispatchResult{};
    plugin = it->second;  // keeps this version loaded until the call returns
    if (!candidates_.empty()) {
      if (auto c = candidates_.find(name); c != candidates_.end()) candidate = c->second;
    }
  }
  return run_invocation(name, std::move(plugin), std::move(candidate), inv, services);
}

DispatchResult PluginManager::dispatch(const Invocation& inv, HostServices& services) {
  std::shared_ptr<LoadedPlugin> plugin;
  std::shared_ptr<Candidate> candidate;
  std::string name;
  {
    std::shared_lock lock(mutex_);
    const std::string* owner = owner_of(inv);
    if (!owner) return DispatchResult{};
    auto it = active_.find(*owner);
    if (it == active_.end()) return DispatchResult{};
    plugin = it->second;  // keeps this version loaded until the call returns
    if (!candidates_.empty()) {  // the common case (no candidate anywhere) skips the lookup
      name = *owner;
      if (auto c = candidates_.find(name); c != candidates_.end()) candidate = c->second;
    }
  }
  return run_invocation(name, std::move(plugin), std::move(candidate), inv, services);
}

std::optional<CommandInfo> PluginManager::command(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto owner = command_owner_.find(name);
  if (owner == command_owner_.end()) return std::nullopt;
  auto plugin = active_.find(owner->second);
  if (plugin == active_.end()) return std::nullopt;
  for (const auto& c : plugin->second->info().commands) {
    if (c.name == name) return c;
  }
  return std::nullopt;
}

std::optional<ComponentRoute> PluginManager::component(std::string_view custom_id) const {
  std::shared_lock lock(mutex_);
  Invocation probe;
  probe.kind = ARRAKIS_EVENT_COMPONENT;
  probe.custom_id = std::string(custom_id);
  const std::string* owner = owner_of(probe);
  if (!owner) return std::nullopt;
  auto plugin = active_.find(*owner);
  if (plugin == active_.end()) return std::nullopt;
  const auto& info = plugin->second->info();
  ComponentRoute route;
  route.plugin = info.name;
  std::size_t longest = 0;  // a plugin may declare "x:open" (no defer) inside "x:" (ephemeral)
  for (const auto& c : info.components) {
    if (custom_id.substr(0, c.prefix.size()) == c.prefix && c.prefix.size() >= longest) {
      longest = c.prefix.size();
      route.flags = c.flags;
    }
  }
  // A plugin whose every command needs Administrator guards its buttons, selects and modals too.
  bool all_admin = !info.commands.empty();
  for (const auto& c : info.commands) all_admin = all_admin && (c.flags & ARRAKIS_COMMAND_ADMIN);
  if (all_admin) route.flags |= ARRAKIS_COMPONENT_ADMIN;
  return route;
}

std::vector<PluginStatus> PluginManager::list() const {
  std::shared_lock lock(mutex_);
  std::vector<PluginStatus> out;
  for (const auto& [name, p] : active_) {
    out.push_back({p->info(), p->path(), p->in_flight(), p->calls(), p->failures()});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.info.name < b.info.name; });
  return out;
}

std::optional<PluginStatus> PluginManager::status(const std::string& name) const {
  auto p = active(name);
  if (!p) return std::nullopt;
  return PluginStatus{p->info(), p->path(), p->in_flight(), p->calls(), p->failures()};
}

bool PluginManager::shutdown(std::chrono::milliseconds drain) {
  std::vector<std::weak_ptr<LoadedPlugin>> draining;
  {
    std::unique_lock lock(mutex_);
    for (auto& [name, p] : active_) draining.push_back(p);
    for (auto& w : retired_) draining.push_back(w);
    for (auto& [name, c] : candidates_) draining.push_back(c->plugin);
    candidates_.clear();
    active_.clear();
    retired_.clear();
    command_owner_.clear();
    prefix_owner_.clear();
    route_owner_.clear();
    subscribers_.clear();
  }
  if (shadow_runner_) shadow_runner_->drain();
  shadow_runner_.reset();
  const auto deadline = std::chrono::steady_clock::now() + drain;
  for (;;) {
    const bool all_gone = std::all_of(draining.begin(), draining.end(), [](const auto& w) { return w.expired(); });
    if (all_gone) return true;
    if (std::chrono::steady_clock::now() >= deadline) {
      spdlog::warn("plugin shutdown: calls still in flight after {} ms", drain.count());
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace arrakis::plugin_host
