#include "view.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace directory {

namespace {

constexpr std::array<std::pair<Control, std::string_view>, 5> kControls = {{
    {Control::tier, "tier"},
    {Control::sort, "sort"},
    {Control::prev, "prev"},
    {Control::next, "next"},
    {Control::refresh, "refresh"},
}};

bool is_snowflake(std::string_view s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

bool is_tier_filter(std::string_view value) { return value == "all" || value == "naib" || value == "fedaykin"; }
bool is_sort_order(std::string_view value) { return value == "nym" || value == "tenure" || value == "badgeCount"; }

nlohmann::json to_session(const View& view) {
  return {{"tier", view.tier}, {"sort", view.sort}, {"page", view.page}};
}

std::optional<View> from_session(const nlohmann::json& data) {
  if (!data.is_object()) return std::nullopt;
  const auto tier = data.find("tier");
  const auto sort = data.find("sort");
  const auto page = data.find("page");
  if (tier == data.end() || !tier->is_string() || !is_tier_filter(tier->get<std::string>())) return std::nullopt;
  if (sort == data.end() || !sort->is_string() || !is_sort_order(sort->get<std::string>())) return std::nullopt;
  if (page == data.end() || !page->is_number_integer()) return std::nullopt;
  View view;
  view.tier = tier->get<std::string>();
  view.sort = sort->get<std::string>();
  view.page = std::max(1, page->get<int>());
  return view;
}

std::string custom_id(Control control, const std::string& owner) {
  for (const auto& [c, name] : kControls) {
    if (c == control) return std::string(kPrefix).append(name).append(":").append(owner);
  }
  return {};
}

std::optional<ControlId> parse_custom_id(const std::string& id) {
  if (id.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string_view rest = std::string_view(id).substr(kPrefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view name = rest.substr(0, colon);
  const std::string_view owner = rest.substr(colon + 1);
  if (!is_snowflake(owner)) return std::nullopt;
  for (const auto& [c, n] : kControls) {
    if (n == name) return ControlId{c, std::string(owner)};
  }
  return std::nullopt;
}

}  // namespace directory
