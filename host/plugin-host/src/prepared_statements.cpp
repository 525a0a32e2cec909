#include "arrakis/plugin_host/prepared_statements.hpp"

#include <cstdint>
#include <cstdio>

namespace arrakis::plugin_host {
namespace {

// FNV-1a, 64 bits: stable across processes and builds (std::hash is not), so a statement has the
// same name on every replica, which keeps pg_prepared_statements readable.
std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::optional<std::string> PreparedStatements::name_for(std::string_view sql) {
  const auto hash = fnv1a64(sql);
  {
    std::lock_guard lock(mutex_);
    if (!known_.count(hash)) {
      if (known_.size() >= max_distinct_) return std::nullopt;
      known_.insert(hash);
    }
  }
  char name[32];
  std::snprintf(name, sizeof name, "arrakis_%016llx", static_cast<unsigned long long>(hash));
  return std::string(name);
}

}  // namespace arrakis::plugin_host
