// What a plugin name may be: 1-64 characters of [a-z0-9-]. Names become file and store paths
// (<store>/<name>/..., <plugin dir>/lib<name>.so), so every place a name enters the host — a
// descriptor, an admin URL, a fleet message, a store lookup — checks it with this one function.
#pragma once

#include <string>
#include <string_view>

namespace arrakis::plugin_host {

inline bool valid_plugin_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// The message every refusal uses, so operators see the same rule wherever they tripped it.
inline std::string invalid_plugin_name_message(std::string_view name) {
  return "plugin name '" + std::string(name.substr(0, 80)) + "' must match [a-z0-9-]{1,64}";
}

}  // namespace arrakis::plugin_host
