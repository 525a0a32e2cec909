// What one member's directory shows (tier filter, sort order, page) and how it travels: kept in
// the member's "directory" session between clicks, and named by the custom ids of the message's
// controls. See docs/commands/directory.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace directory {

inline constexpr std::string_view kSessionType = "directory";
inline constexpr std::uint64_t kSessionTtlMs = 5 * 60 * 1000;
inline constexpr int kPageSize = 10;

// The one component prefix the plugin declares; every control's custom id starts with it.
inline constexpr std::string_view kPrefix = "directory_";

struct View {
  std::string tier = "all";  // "all", "naib", "fedaykin"
  std::string sort = "nym";  // "nym", "tenure", "badgeCount"
  int page = 1;
};

bool is_tier_filter(std::string_view value);
bool is_sort_order(std::string_view value);

// The session's JSON for a view, and back; nullopt for anything this version did not write.
nlohmann::json to_session(const View& view);
std::optional<View> from_session(const nlohmann::json& data);

// The controls of a directory message. Custom id grammar: "directory_<control>:<owner>", where
// <owner> is the Discord id of the member the directory was opened for; only they may use it.
enum class Control { tier, sort, prev, next, refresh };

struct ControlId {
  Control control;
  std::string owner;
};

std::string custom_id(Control control, const std::string& owner);
// nullopt for an id outside the grammar (unknown control, missing or malformed owner).
std::optional<ControlId> parse_custom_id(const std::string& id);

}  // namespace directory
