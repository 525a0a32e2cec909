#include "deploy.hpp"

#include <algorithm>
#include <cctype>

namespace community_setup {

using nlohmann::json;

namespace {

constexpr const char* kViewChannel = "1024";  // VIEW_CHANNEL
constexpr int kText = 0;
constexpr int kAnnouncement = 5;

bool same_name(const std::string& a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string text(const json& o, const char* field) {
  return o.is_object() && o.contains(field) && o[field].is_string() ? o[field].get<std::string>() : std::string();
}

// A role the configuration may use: not @everyone (its id is the guild's) and not managed by an
// integration (a bot's own role cannot be given to members).
bool usable_role(const json& r, const std::string& guild_id) {
  return r.is_object() && text(r, "id") != guild_id && !r.value("managed", false);
}

bool text_channel(const json& c) {
  const int type = c.is_object() ? c.value("type", -1) : -1;
  return type == kText || type == kAnnouncement;
}

template <typename Usable>
PlanItem plan_item(std::string_view key, std::string_view name, std::string_view column, const json& config,
                   const json& existing, Usable&& usable) {
  PlanItem item{std::string(key), std::string(name), std::string(column), "", How::unknown};
  const std::string stored = text(config, item.column.c_str());
  if (!existing.is_array()) return item;
  if (!stored.empty()) {
    for (const auto& e : existing) {
      if (usable(e) && text(e, "id") == stored) {
        item.id = stored;
        item.how = How::stored;
        return item;
      }
    }
  }
  for (const auto& e : existing) {
    if (usable(e) && same_name(text(e, "name"), name)) {
      item.id = text(e, "id");
      item.how = How::by_name;
      return item;
    }
  }
  item.how = How::create;
  return item;
}

json read_config(sdk::Host& host, bool lock) {
  // The row locked until the call commits: two DEPLOYs of one community never create twice.
  const auto rows = host.query(std::string("SELECT to_jsonb(c) AS config FROM community_config c") +
                               (lock ? " FOR UPDATE" : ""));
  return rows.empty() ? json::object() : rows.at(0)["config"];
}

json item_json(const PlanItem& i) { return {{"key", i.key}, {"name", i.name}, {"id", i.id}, {"how", how_name(i.how)}}; }

// "create the role Naib: guild_create_role failed: ..." as the admin reads it.
std::string refused(const std::string& what, const sdk::Error& e) {
  return "Discord refused to " + what + ": " + e.what();
}

}  // namespace

std::string_view how_name(How h) {
  switch (h) {
    case How::stored: return "stored";
    case How::by_name: return "name";
    case How::create: return "created";
    case How::unknown: break;
  }
  return "unknown";
}

Plan make_plan(const Session& s, const json& config, const json& guild_roles, const json& guild_channels,
               const std::string& guild_id) {
  Plan plan;
  for (const auto* r : wanted_roles(s)) {
    plan.roles.push_back(plan_item(r->key, r->name, r->column, config, guild_roles,
                                   [&](const json& e) { return usable_role(e, guild_id); }));
  }
  for (const auto* c : wanted_channels(s)) {
    plan.channels.push_back(plan_item(c->key, c->name, c->column, config, guild_channels, text_channel));
  }
  return plan;
}

Preview preview(sdk::Host& host, const Session& s) {
  const json config = read_config(host, false);
  json roles = nullptr, channels = nullptr;
  std::string warning;
  try {
    roles = host.roles();
    channels = host.channels();
  } catch (const sdk::Error& e) {
    host.warn(std::string("setup: could not read the guild's roles or channels: ") + e.what());
    roles = channels = nullptr;
    warning = "⚠️ I couldn't read this server's roles and channels just now, so I can't tell yet what exists; "
              "**Deploy** checks again and never duplicates.";
  }
  return {make_plan(s, config, roles, channels, s.guild_id), warning};
}

json deploy(sdk::Host& host, const Session& s) {
  const json config = read_config(host, true);
  json roles, channels;
  try {
    roles = host.roles();
    channels = host.channels();
  } catch (const sdk::Error& e) {
    throw DeployFailure(refused("list this server's roles and channels", e));
  }
  if (!roles.is_array() || !channels.is_array()) {
    throw DeployFailure("Discord did not answer with this server's roles and channels.");
  }
  Plan plan = make_plan(s, config, roles, channels, s.guild_id);
  const std::string reason = "Arrakis community setup (/onboard) by " + s.user_id;

  for (auto& item : plan.roles) {
    if (item.how != How::create) continue;
    const auto* spec = role_spec(item.key);
    try {
      const json made = host.create_role({{"name", item.name},
                                          {"color", spec->color},
                                          {"hoist", spec->hoist},
                                          {"mentionable", false},
                                          {"permissions", "0"}},
                                         reason);
      item.id = text(made, "id");
    } catch (const sdk::Error& e) {
      throw DeployFailure(refused("create the role **" + item.name + "**", e));
    }
    if (item.id.empty()) throw DeployFailure("Discord created the role **" + item.name + "** but sent no id.");
  }
  const auto naib = std::find_if(plan.roles.begin(), plan.roles.end(), [](const PlanItem& i) { return i.key == "naib"; });
  for (auto& item : plan.channels) {
    if (item.how != How::create) continue;
    const auto* spec = channel_spec(item.key);
    json body = {{"name", item.name}, {"type", kText}, {"topic", spec->topic}};
    if (spec->naib_only && naib != plan.roles.end()) {
      // @everyone's role id is the guild id.
      body["permission_overwrites"] = json::array({{{"id", s.guild_id}, {"type", 0}, {"deny", kViewChannel}},
                                                   {{"id", naib->id}, {"type", 0}, {"allow", kViewChannel}}});
    }
    try {
      item.id = text(host.create_channel(body, reason), "id");
    } catch (const sdk::Error& e) {
      throw DeployFailure(refused("create the channel **#" + item.name + "**", e));
    }
    if (item.id.empty()) throw DeployFailure("Discord created the channel **#" + item.name + "** but sent no id.");
  }

  // Column names come from the catalogue, never from input.
  std::string sql = "UPDATE community_config SET ";
  json params = json::array();
  for (const auto* items : {&plan.roles, &plan.channels}) {
    for (const auto& item : *items) {
      params.push_back(item.id);
      sql += item.column + " = $" + std::to_string(params.size()) + ", ";
    }
  }
  params.push_back(s.user_id);
  sql += "updated_by = $" + std::to_string(params.size()) + " RETURNING complete";
  const auto written = host.query(sql, params);
  const bool complete = !written.empty() && written.at(0).value("complete", false);

  json result = {{"roles", json::array()}, {"channels", json::array()}, {"complete", complete}};
  for (const auto& item : plan.roles) result["roles"].push_back(item_json(item));
  for (const auto& item : plan.channels) result["channels"].push_back(item_json(item));
  host.exec("INSERT INTO audit_log (community_id, event_type, event_data, actor) "
            "VALUES (app.current_community_id(), 'community_setup_deployed', $1::jsonb, $2)",
            json::array({json{{"sessionId", s.id}, {"roles", result["roles"]}, {"channels", result["channels"]}}.dump(),
                         s.user_id}));
  return result;
}

}  // namespace community_setup
