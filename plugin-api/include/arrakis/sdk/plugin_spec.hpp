// Declaring a plugin in C++: PluginSpec lists what it handles, ARRAKIS_PLUGIN exports the entry
// point and builds the C descriptor from it, with the exception barrier around every hook.
#pragma once

#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arrakis/plugin.h"
#include "arrakis/sdk/errors.hpp"
#include "arrakis/sdk/event.hpp"
#include "arrakis/sdk/host.hpp"

namespace arrakis::sdk {

using HandleFn = std::function<void(Host&, const Event&)>;
using HostFn = std::function<void(Host&)>;

// How a route is served (ABI 1.1).
struct RouteOptions {
  std::uint32_t min_response_ms = 0;  // pad every answer to at least this long
  std::string tenant_param;           // path parameter bound with Host::bind_route_tenant ("" = none)
};

// How a schedule runs (ABI 1.1).
struct ScheduleOptions {
  std::uint32_t scope = ARRAKIS_SCHEDULE_GLOBAL;  // or ARRAKIS_SCHEDULE_PER_COMMUNITY
  std::uint32_t statement_timeout_ms = 0;         // 0 = the host's default
  std::uint32_t max_attempts = 0;                 // 0 = the host's default
};

class PluginSpec {
 public:
  PluginSpec(std::string name, std::string version) : name_(std::move(name)), version_(std::move(version)) {}

  // `definition_json`: the command's Discord application-command definition, registered by
  // `arrakisctl commands sync` ("" = routed but never registered).
  PluginSpec& command(std::string name, std::uint32_t flags = 0, std::string definition_json = "") {
    commands_.push_back({std::move(name), flags, std::move(definition_json)});
    return *this;
  }
  PluginSpec& event(std::string type) { events_.push_back(std::move(type)); return *this; }
  PluginSpec& component_prefix(std::string prefix) { return component(std::move(prefix), 0); }
  // A custom-id prefix with ARRAKIS_COMPONENT_* flags (NO_DEFER lets a button open a modal).
  PluginSpec& component(std::string prefix, std::uint32_t flags) {
    components_.push_back({std::move(prefix), flags});
    return *this;
  }
  PluginSpec& route(std::string method, std::string path, RouteOptions options = {}) {
    routes_.push_back({std::move(method), std::move(path), std::move(options)});
    return *this;
  }
  PluginSpec& schedule(std::string name, std::string cron, ScheduleOptions options = {}) {
    schedules_.push_back({std::move(name), std::move(cron), options});
    return *this;
  }
  PluginSpec& volatile_field(std::string name) { volatile_fields_.push_back(std::move(name)); return *this; }
  PluginSpec& serial() { flags_ |= ARRAKIS_PLUGIN_SERIAL; return *this; }
  PluginSpec& on_init(HostFn f) { init_ = std::move(f); return *this; }
  PluginSpec& on_self_test(HostFn f) { self_test_ = std::move(f); return *this; }
  PluginSpec& on_shutdown(std::function<void()> f) { shutdown_ = std::move(f); return *this; }

 private:
  template <typename>
  friend class Registration;
  struct Command { std::string name; std::uint32_t flags; std::string definition; };
  struct Component { std::string prefix; std::uint32_t flags; };
  struct Route { std::string method, path; RouteOptions options; };
  struct Schedule { std::string name, cron; ScheduleOptions options; };
  std::string name_, version_;
  std::vector<Command> commands_;
  std::vector<Component> components_;
  std::vector<std::string> events_, volatile_fields_;
  std::vector<Route> routes_;
  std::vector<Schedule> schedules_;
  std::uint32_t flags_ = 0;
  HostFn init_, self_test_;
  std::function<void()> shutdown_;
};

// Runs `body`, turning anything it throws into a status and an explanation for the host.
template <typename Body>
arrakis_status barrier(const arrakis_host_api* api, arrakis_call* call, Body&& body) noexcept {
  auto explain = [&](const char* what) {
    if (api && call) api->set_error(call, borrow(what));
  };
  try {
    body();
    return ARRAKIS_OK;
  } catch (const Error& e) {
    explain(e.what());
    return e.status();
  } catch (const nlohmann::json::exception& e) {
    explain(e.what());
    return ARRAKIS_BAD_INPUT;
  } catch (const std::exception& e) {
    explain(e.what());
    return ARRAKIS_PERMANENT;
  } catch (...) {
    explain("unknown exception");
    return ARRAKIS_PERMANENT;
  }
}

// Builds and owns the C descriptor for one PluginSpec. One instance per loaded library.
template <typename Tag = void>
class Registration {
 public:
  Registration(PluginSpec spec, HandleFn handler) : spec_(std::move(spec)), handler_(std::move(handler)) {
    for (const auto& c : spec_.commands_) {
      commands_.push_back({sizeof(arrakis_command_decl), c.flags, c.name.c_str(),
                           c.definition.empty() ? nullptr : c.definition.c_str()});
    }
    for (const auto& r : spec_.routes_) {
      routes_.push_back({sizeof(arrakis_route_decl), r.method.c_str(), r.path.c_str(), 0u, r.options.min_response_ms,
                         r.options.tenant_param.empty() ? nullptr : r.options.tenant_param.c_str()});
    }
    for (const auto& s : spec_.schedules_) {
      schedules_.push_back({sizeof(arrakis_schedule_decl), s.name.c_str(), s.cron.c_str(), s.options.scope,
                            s.options.statement_timeout_ms, s.options.max_attempts});
    }
    for (const auto& c : spec_.components_) components_.push_back({sizeof(arrakis_component_decl), c.flags, c.prefix.c_str()});
    for (auto& c : commands_) command_ptrs_.push_back(&c);
    for (auto& r : routes_) route_ptrs_.push_back(&r);
    for (auto& s : schedules_) schedule_ptrs_.push_back(&s);
    for (auto& c : components_) component_ptrs_.push_back(&c);
    for (const auto& e : spec_.events_) event_ptrs_.push_back(e.c_str());
    // 1.0 hosts route by the plain prefix list; 1.1 hosts read the flags from `components`.
    for (const auto& c : spec_.components_) prefix_ptrs_.push_back(c.prefix.c_str());
    for (const auto& v : spec_.volatile_fields_) volatile_ptrs_.push_back(v.c_str());

    descriptor_.struct_size = sizeof(arrakis_plugin_descriptor);
    descriptor_.abi_major = ARRAKIS_ABI_MAJOR;
    descriptor_.abi_minor = ARRAKIS_ABI_MINOR;
    descriptor_.flags = spec_.flags_;
    descriptor_.name = spec_.name_.c_str();
    descriptor_.version = spec_.version_.c_str();
    descriptor_.commands = command_ptrs_.data();
    descriptor_.command_count = static_cast<std::uint32_t>(command_ptrs_.size());
    descriptor_.event_types = event_ptrs_.data();
    descriptor_.event_type_count = static_cast<std::uint32_t>(event_ptrs_.size());
    descriptor_.component_prefixes = prefix_ptrs_.data();
    descriptor_.component_prefix_count = static_cast<std::uint32_t>(prefix_ptrs_.size());
    descriptor_.routes = route_ptrs_.data();
    descriptor_.route_count = static_cast<std::uint32_t>(route_ptrs_.size());
    descriptor_.schedules = schedule_ptrs_.data();
    descriptor_.schedule_count = static_cast<std::uint32_t>(schedule_ptrs_.size());
    descriptor_.volatile_fields = volatile_ptrs_.data();
    descriptor_.volatile_field_count = static_cast<std::uint32_t>(volatile_ptrs_.size());
    descriptor_.init = &Registration::init_hook;
    descriptor_.handle = &Registration::handle_hook;
    descriptor_.shutdown = &Registration::shutdown_hook;
    descriptor_.self_test = &Registration::self_test_hook;
    descriptor_.components = component_ptrs_.data();
    descriptor_.component_count = static_cast<std::uint32_t>(component_ptrs_.size());
  }

  arrakis_status enter(const arrakis_handshake* hs, const arrakis_plugin_descriptor** out) {
    if (!hs || !out || hs->struct_size < offsetof(arrakis_handshake, refusal_capacity) + sizeof(size_t) ||
        !hs->host) {
      return ARRAKIS_REFUSED;
    }
    if (hs->abi_major != ARRAKIS_ABI_MAJOR) {
      if (hs->refusal && hs->refusal_capacity) {
        std::snprintf(hs->refusal, hs->refusal_capacity, "plugin %s is built for ABI %u.x, host offers %u.%u",
                      spec_.name_.c_str(), ARRAKIS_ABI_MAJOR, hs->abi_major, hs->abi_minor);
      }
      return ARRAKIS_REFUSED;
    }
    // A host table shorter than the 1.0 table is not a host we can talk to; a 1.0 host is fine
    // (the 1.1 slots are checked one by one before use, see Host::require).
    if (!ARRAKIS_HAS_FIELD(hs->host, arrakis_host_api, config_get) || hs->host->abi_major != ARRAKIS_ABI_MAJOR) {
      if (hs->refusal && hs->refusal_capacity) {
        std::snprintf(hs->refusal, hs->refusal_capacity, "plugin %s: the host's service table is too small (%u bytes)",
                      spec_.name_.c_str(), hs->host->struct_size);
      }
      return ARRAKIS_REFUSED;
    }
    api_ = hs->host;
    self_ = this;
    *out = &descriptor_;
    return ARRAKIS_OK;
  }

 private:
  static Registration* self_;
  static const arrakis_host_api* api_;

  static arrakis_status init_hook(arrakis_call* call, void** out_state) {
    *out_state = self_;
    return barrier(api_, call, [&] {
      if (self_->spec_.init_) {
        Host host(api_, call);
        self_->spec_.init_(host);
      }
    });
  }
  static arrakis_status handle_hook(void* state, arrakis_call* call, const arrakis_event* event) {
    auto* reg = static_cast<Registration*>(state);
    return barrier(api_, call, [&] {
      Host host(api_, call);
      Event ev(*event);
      reg->handler_(host, ev);
    });
  }
  static arrakis_status self_test_hook(void* state, arrakis_call* call) {
    auto* reg = static_cast<Registration*>(state);
    return barrier(api_, call, [&] {
      if (reg->spec_.self_test_) {
        Host host(api_, call);
        reg->spec_.self_test_(host);
      }
    });
  }
  static void shutdown_hook(void* state) {
    auto* reg = static_cast<Registration*>(state);
    if (reg && reg->spec_.shutdown_) {
      try {
        reg->spec_.shutdown_();
      } catch (...) {
      }
    }
  }

  PluginSpec spec_;
  HandleFn handler_;
  std::vector<arrakis_command_decl> commands_;
  std::vector<arrakis_route_decl> routes_;
  std::vector<arrakis_schedule_decl> schedules_;
  std::vector<arrakis_component_decl> components_;
  std::vector<const arrakis_component_decl*> component_ptrs_;
  std::vector<const arrakis_command_decl*> command_ptrs_;
  std::vector<const arrakis_route_decl*> route_ptrs_;
  std::vector<const arrakis_schedule_decl*> schedule_ptrs_;
  std::vector<const char*> event_ptrs_, prefix_ptrs_, volatile_ptrs_;
  arrakis_plugin_descriptor descriptor_{};
};

template <typename Tag>
Registration<Tag>* Registration<Tag>::self_ = nullptr;
template <typename Tag>
const arrakis_host_api* Registration<Tag>::api_ = nullptr;

}  // namespace arrakis::sdk

// Exports the plugin's entry point. `spec` is a PluginSpec expression, `handler` a function
// void(arrakis::sdk::Host&, const arrakis::sdk::Event&).
#define ARRAKIS_PLUGIN(spec, handler)                                                                \
  extern "C" ARRAKIS_EXPORT arrakis_status arrakis_plugin_entry(const arrakis_handshake* handshake,  \
                                                                const arrakis_plugin_descriptor** out) { \
    static ::arrakis::sdk::Registration<> registration((spec), (handler));                          \
    return registration.enter(handshake, out);                                                       \
  }
