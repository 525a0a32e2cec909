#pragma once
// Names plugin SQL for server-side prepared statements, so each distinct statement is parsed and
// planned once per connection instead of once per call. libpqxx keeps the definitions per
// connection and sends PREPARE lazily on first use there; this class only picks the names and
// bounds how many distinct statements are ever prepared (a plugin that builds SQL text on the fly
// must not fill every connection with statements used once).
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace arrakis::plugin_host {

class PreparedStatements {
 public:
  explicit PreparedStatements(std::size_t max_distinct = 512) : max_distinct_(max_distinct) {}

  // The statement's name ("arrakis_" + 16 hex digits of a 64-bit hash of the text), or nullopt when
  // the budget of distinct statements is spent and this one should run unprepared.
  std::optional<std::string> name_for(std::string_view sql);

 private:
  const std::size_t max_distinct_;
  std::mutex mutex_;
  std::unordered_set<std::uint64_t> known_;
};

}  // namespace arrakis::plugin_host
