#include "arrakis/plugin_host/loaded_plugin.hpp"
#include "arrakis/plugin_host/plugin_name.hpp"

#include <utility>  // before Boost (Asio/DLL use std::exchange)

#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cctype>

namespace arrakis::plugin_host {
namespace {

// The smallest descriptor a v1 plugin can have: everything up to and including self_test.
constexpr std::size_t kMinDescriptorSize = offsetof(arrakis_plugin_descriptor, self_test) + sizeof(arrakis_self_test_fn);
constexpr std::size_t kMaxStructSize = 1 << 16;  // anything larger is garbage, not a newer minor

// MAJOR.MINOR.PATCH of numbers without leading zeros, optionally -prerelease and +build of
// [0-9A-Za-z.-] (hand-written: std::regex trips g++ 12 -Wmaybe-uninitialized at -O1).
bool valid_semver(const std::string& v) {
  std::size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    const std::size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == start || (i - start > 1 && v[start] == '0')) return false;
    if (part < 2) {
      if (i >= v.size() || v[i] != '.') return false;
      ++i;
    }
  }
  auto tail_ok = [&](char lead) {
    if (i >= v.size() || v[i] != lead) return true;
    const std::size_t start = ++i;
    while (i < v.size() && (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '.' || v[i] == '-')) ++i;
    return i > start;
  };
  return tail_ok('-') && tail_ok('+') && i == v.size();
}

// ARRAKIS_HAS_FIELD for a struct held by reference (a reference is never null).
#define HOLDS_FIELD(obj, type, field) ((obj).struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

std::string text(const char* s) { return s ? std::string(s) : std::string(); }

// Copies one "array of pointers to sized structs" list, checking each element's size.
template <typename Decl, typename Out, typename Convert>
void copy_list(const Decl* const* list, std::uint32_t count, std::size_t min_size, const char* what,
               std::vector<Out>& out, Convert convert) {
  if (count > 0 && !list) throw PluginError(std::string("descriptor lists ") + std::to_string(count) + " " + what + " but no array");
  for (std::uint32_t i = 0; i < count; ++i) {
    const Decl* d = list[i];
    if (!d || d->struct_size < min_size || d->struct_size > kMaxStructSize) {
      throw PluginError(std::string(what) + " #" + std::to_string(i) + " has unknown size " +
                        std::to_string(d ? d->struct_size : 0) + " (expected at least " + std::to_string(min_size) + ")");
    }
    out.push_back(convert(*d));
  }
}

void copy_strings(const char* const* list, std::uint32_t count, const char* what, std::vector<std::string>& out) {
  if (count > 0 && !list) throw PluginError(std::string("descriptor lists ") + what + " but no array");
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!list[i] || !*list[i]) throw PluginError(std::string(what) + " #" + std::to_string(i) + " is empty");
    out.emplace_back(list[i]);
  }
}

PluginInfo read_descriptor(const arrakis_plugin_descriptor& d) {
  if (d.struct_size < kMinDescriptorSize || d.struct_size > kMaxStructSize) {
    throw PluginError("descriptor has unknown size " + std::to_string(d.struct_size) + " (ABI " +
                      std::to_string(ARRAKIS_ABI_MAJOR) + "." + std::to_string(ARRAKIS_ABI_MINOR) +
                      " expects at least " + std::to_string(kMinDescriptorSize) + ")");
  }
  if (d.abi_major != ARRAKIS_ABI_MAJOR) {
    throw PluginError("plugin '" + text(d.name) + "' is built for ABI " + std::to_string(d.abi_major) + "." +
                      std::to_string(d.abi_minor) + " but this host speaks ABI " + std::to_string(ARRAKIS_ABI_MAJOR) +
                      "." + std::to_string(ARRAKIS_ABI_MINOR) + " (major versions must match)");
  }
  PluginInfo info;
  info.name = text(d.name);
  info.version = text(d.version);
  info.abi_major = d.abi_major;
  info.abi_minor = d.abi_minor;
  info.flags = d.flags;
  if (!valid_plugin_name(info.name)) throw PluginError(invalid_plugin_name_message(info.name));
  if (!valid_semver(info.version)) {
    throw PluginError("plugin '" + info.name + "' version '" + info.version + "' is not a semantic version");
  }
  if (!d.handle) throw PluginError("plugin '" + info.name + "' has no handle hook");

  // Fields a 1.0 plugin's structs do not have are read only when struct_size says they exist.
  copy_list(d.commands, d.command_count, offsetof(arrakis_command_decl, name) + sizeof(const char*), "command",
            info.commands, [](const arrakis_command_decl& c) {
              if (!c.name || !*c.name) throw PluginError("a command has no name");
              CommandInfo info{c.name, c.flags, {}};
              if (HOLDS_FIELD(c, arrakis_command_decl, definition_json) && c.definition_json) {
                info.definition_json = c.definition_json;
              }
              return info;
            });
  copy_list(d.routes, d.route_count, offsetof(arrakis_route_decl, path) + sizeof(const char*), "route", info.routes,
            [](const arrakis_route_decl& r) {
              if (!r.method || !r.path || r.path[0] != '/') throw PluginError("a route needs a method and a path starting with /");
              RouteInfo info{r.method, r.path, 0, {}};
              if (HOLDS_FIELD(r, arrakis_route_decl, tenant_param)) {
                info.min_response_ms = r.min_response_ms;
                if (r.tenant_param) info.tenant_param = r.tenant_param;
                if (!info.tenant_param.empty() && info.path.find("{" + info.tenant_param + "}") == std::string::npos) {
                  throw PluginError("route " + info.path + " names tenant parameter '" + info.tenant_param +
                                    "' that is not in its path");
                }
              }
              return info;
            });
  copy_list(d.schedules, d.schedule_count, offsetof(arrakis_schedule_decl, cron) + sizeof(const char*), "schedule",
            info.schedules, [](const arrakis_schedule_decl& s) {
              if (!s.name || !s.cron) throw PluginError("a schedule needs a name and a cron expression");
              ScheduleInfo info{s.name, s.cron, ARRAKIS_SCHEDULE_GLOBAL, 0, 0};
              if (HOLDS_FIELD(s, arrakis_schedule_decl, max_attempts)) {
                if (s.scope > ARRAKIS_SCHEDULE_PER_COMMUNITY) {
                  throw PluginError("schedule " + info.name + " has unknown scope " + std::to_string(s.scope));
                }
                info.scope = s.scope;
                info.statement_timeout_ms = s.statement_timeout_ms;
                info.max_attempts = s.max_attempts;
              }
              return info;
            });
  copy_strings(d.event_types, d.event_type_count, "event type", info.event_types);
  copy_strings(d.component_prefixes, d.component_prefix_count, "component prefix", info.component_prefixes);
  for (const auto& p : info.component_prefixes) info.components.push_back({p, 0});
  if (HOLDS_FIELD(d, arrakis_plugin_descriptor, component_count)) {
    std::vector<ComponentInfo> declared;
    copy_list(d.components, d.component_count, offsetof(arrakis_component_decl, prefix) + sizeof(const char*),
              "component", declared, [](const arrakis_component_decl& c) {
                if (!c.prefix || !*c.prefix) throw PluginError("a component declaration has no prefix");
                return ComponentInfo{c.prefix, c.flags};
              });
    for (auto& c : declared) {  // a declaration with flags overrides the plain prefix
      bool merged = false;
      for (auto& known : info.components) {
        if (known.prefix == c.prefix) {
          known.flags = c.flags;
          merged = true;
        }
      }
      if (!merged) {
        info.components.push_back(c);
        info.component_prefixes.push_back(c.prefix);
      }
    }
  }
  copy_strings(d.volatile_fields, d.volatile_field_count, "volatile field", info.volatile_fields);
  info.has_self_test = d.self_test != nullptr;
  return info;
}

}  // namespace

struct LoadedPlugin::Library {
  boost::dll::shared_library lib;
};

std::shared_ptr<LoadedPlugin> LoadedPlugin::load(const std::filesystem::path& path, HostServices& lifecycle,
                                                 bool run_init) {
  std::shared_ptr<LoadedPlugin> p(new LoadedPlugin());
  p->path_ = path;
  p->library_ = std::make_unique<Library>();
  boost::system::error_code ec;
  p->library_->lib.load(boost::dll::fs::path(path.string()),
                        boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) throw PluginError("cannot load " + path.string() + ": " + ec.message());
  if (!p->library_->lib.has(ARRAKIS_PLUGIN_ENTRY_SYMBOL)) {
    throw PluginError(path.filename().string() + " exports no " ARRAKIS_PLUGIN_ENTRY_SYMBOL
                      " symbol: it is not an Arrakis plugin (or was built without ARRAKIS_EXPORT)");
  }
  auto& entry = p->library_->lib.get<std::remove_pointer_t<arrakis_plugin_entry_fn>>(ARRAKIS_PLUGIN_ENTRY_SYMBOL);

  char refusal[512] = {0};
  arrakis_handshake hs{sizeof(arrakis_handshake), ARRAKIS_ABI_MAJOR, ARRAKIS_ABI_MINOR, host_api_table(), refusal,
                       sizeof refusal};
  const arrakis_plugin_descriptor* descriptor = nullptr;
  const arrakis_status st = entry(&hs, &descriptor);
  refusal[sizeof refusal - 1] = '\0';
  if (st != ARRAKIS_OK) {
    throw PluginError(path.filename().string() + " refused to load" + (refusal[0] ? std::string(": ") + refusal : std::string()));
  }
  if (!descriptor) throw PluginError(path.filename().string() + " returned no descriptor");
  p->info_ = read_descriptor(*descriptor);
  p->descriptor_ = descriptor;

  if (run_init && descriptor->init) {
    Invocation none;
    arrakis_call call;
    call.services = &lifecycle;
    call.invocation = &none;
    call.plugin_name = p->info_.name;
    call.plugin_version = p->info_.version;
    const arrakis_status s = descriptor->init(&call, &p->state_);
    if (call.sql) call.sql->finish(s == ARRAKIS_OK);
    if (s != ARRAKIS_OK) {
      throw PluginError("plugin '" + p->info_.name + "' " + p->info_.version + " failed to initialise: " +
                        (call.error.empty() ? "status " + std::to_string(s) : call.error));
    }
  }
  p->initialised_ = run_init;
  return p;
}

LoadedPlugin::~LoadedPlugin() {
  if (initialised_ && descriptor_ && descriptor_->shutdown) descriptor_->shutdown(state_);
  if (library_) library_->lib.unload();
}

arrakis_status LoadedPlugin::handle(arrakis_call& call, const arrakis_event& event) {
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  calls_.fetch_add(1, std::memory_order_relaxed);
  call.plugin_name = info_.name;
  call.plugin_version = info_.version;
  arrakis_status s;
  if (info_.flags & ARRAKIS_PLUGIN_SERIAL) {
    std::lock_guard lock(serial_);
    s = descriptor_->handle(state_, &call, &event);
  } else {
    s = descriptor_->handle(state_, &call, &event);
  }
  if (s != ARRAKIS_OK) failures_.fetch_add(1, std::memory_order_relaxed);
  in_flight_.fetch_sub(1, std::memory_order_release);
  return s;
}

arrakis_status LoadedPlugin::self_test(HostServices& services, std::string& error) {
  if (!descriptor_->self_test) return ARRAKIS_OK;
  Invocation none;
  arrakis_call call;
  call.services = &services;
  call.invocation = &none;
  call.plugin_name = info_.name;
  call.plugin_version = info_.version;
  const arrakis_status s = descriptor_->self_test(state_, &call);
  if (call.sql) call.sql->finish(false);  // a self-test never changes data
  error = call.error;
  return s;
}

}  // namespace arrakis::plugin_host
