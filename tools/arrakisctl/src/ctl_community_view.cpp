#include "ctl_community_view.hpp"

#include <sstream>

#include "ctl_output.hpp"

namespace arrakis::ctl {

using nlohmann::json;

namespace {

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string value_cell(const std::string& field, const json& v) {
  if (v.is_null()) return "-";
  if (v.is_array()) {
    if (v.empty()) return field == "activity_channel_ids" ? "(every channel)" : "-";
    std::string joined;
    for (const auto& item : v) joined += (joined.empty() ? "" : ",") + text_of(item);
    return joined;
  }
  return text_of(v);
}

std::string joined(const json& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ", ") + text_of(item);
  return out;
}

std::string completeness(const json& body) {
  if (body.value("complete", false)) return "yes";
  return "no (unset: " + joined(body.value("missing", json::array())) + ")";
}

}  // namespace

std::string community_view(const std::string& kind, const json& body) {
  std::ostringstream out;
  const std::string guild = body.value("guild", "?");
  if (kind == "community.set") {
    out << "guild " << guild << ": set " << joined(body.value("changed", json::array())) << "; complete: "
        << completeness(body) << "\n";
    return out.str();
  }
  const json name = body.value("name", json());
  out << "guild:     " << guild << (name.is_string() ? " (" + name.get<std::string>() + ")" : "") << "\n"
      << "community: " << body.value("communityId", "?") << "\n"
      << "complete:  " << completeness(body) << "\n"
      << "updated:   " << value_cell("", body.value("updatedAt", json())) << " by "
      << value_cell("", body.value("updatedBy", json())) << "\n\n";
  const json config = body.value("config", json::object());
  std::vector<std::vector<std::string>> rows;
  for (const auto& field : body.value("fields", json::array())) {
    const std::string f = field.get<std::string>();
    rows.push_back({f, value_cell(f, config.value(f, json()))});
  }
  out << table({"FIELD", "VALUE"}, rows);
  return out.str();
}

}  // namespace arrakis::ctl
