#include "control/community_config_api.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "control/api_error.hpp"
#include "control/community_config_fields.hpp"

namespace arrakis::worker {

using nlohmann::json;

namespace {

http::Response reply(int status, const json& body) { return json_reply(status, body); }

constexpr const char* kRequired[] = {"naib_role_id", "fedaykin_role_id", "the_door_channel_id", "census_channel_id"};

void require_guild_id(const std::string& guild_id) {
  if (!is_snowflake(guild_id)) {
    throw ApiError(400, "'" + guild_id + "' is not a Discord guild id (1-20 digits)");
  }
}

std::string community_of(pqxx::transaction_base& tx, const std::string& guild_id) {
  const auto rows = tx.exec_params("SELECT id::text FROM communities WHERE discord_guild_id = $1", guild_id);
  if (rows.empty()) {
    throw ApiError(404, "no community for guild " + guild_id +
                                ": the worker creates one when the guild's first interaction or event arrives");
  }
  return rows[0][0].as<std::string>();
}

// The configuration as the API shows it: every settable field (null when unset) and the state.
json read_config(pqxx::transaction_base& tx, const std::string& guild_id) {
  const auto rows = tx.exec_params(
      "SELECT c.id::text, c.name, to_jsonb(cc)::text FROM communities c "
      "JOIN community_config cc ON cc.community_id = c.id WHERE c.discord_guild_id = $1",
      guild_id);
  if (rows.empty()) {
    community_of(tx, guild_id);  // answers 404 for an unknown guild
    throw std::runtime_error("the community of guild " + guild_id + " has no community_config row");
  }
  const json row = json::parse(rows[0][2].as<std::string>());
  json config = json::object(), missing = json::array(), fields = json::array();
  for (const auto& f : community_config_fields()) {
    const std::string column(f.column);
    config[column] = row.value(column, json());
    fields.push_back(column);
  }
  for (const char* column : kRequired) {
    if (config[column].is_null()) missing.push_back(column);
  }
  return {{"guild", guild_id},
          {"communityId", rows[0][0].as<std::string>()},
          {"name", rows[0][1].is_null() ? json() : json(rows[0][1].as<std::string>())},
          {"complete", row.value("complete", false)},
          {"missing", missing},
          {"updatedBy", row.value("updated_by", json())},
          {"updatedAt", row.value("updated_at", json())},
          {"config", config},
          {"fields", fields}};  // the settable fields in the table's order (a JSON object has none)
}

}  // namespace

http::Response CommunityConfigApi::serve(const std::string& method, const std::string& guild_id, const std::string& body) {
  try {
    require_guild_id(guild_id);
    if (method == "GET") return show(guild_id);
    if (method == "PATCH") return change(guild_id, body);
    return reply(405, {{"error", method + " is not allowed on a community's config (GET shows it, PATCH changes it)"}});
  } catch (const ApiError& e) {
    return reply(e.status, {{"error", e.what()}});
  } catch (const ConfigFieldError& e) {
    return reply(400, {{"error", std::string(e.what()) + "; nothing was changed"}});
  } catch (const pqxx::insufficient_privilege& e) {
    spdlog::error("admin community config: {}", e.what());
    return reply(503, {{"error", "the worker's database role may not read or change community_config: run "
                                 "arrakis-migrate (migration 0018) and give the worker DATABASE_HOST_URL"}});
  } catch (const pqxx::data_exception& e) {
    return reply(400, {{"error", std::string("PostgreSQL refused a value: ") + e.what() + "; nothing was changed"}});
  } catch (const pqxx::broken_connection& e) {
    return reply(503, {{"error", std::string("the database is not reachable from this worker: ") + e.what()}});
  } catch (const db::DatabaseError& e) {
    return reply(503, {{"error", std::string("the database is not reachable from this worker: ") + e.what()}});
  }
}

http::Response CommunityConfigApi::show(const std::string& guild_id) {
  return reply(200, pool_.transaction([&](pqxx::work& tx) { return read_config(tx, guild_id); }));
}

http::Response CommunityConfigApi::change(const std::string& guild_id, const std::string& body) {
  const json changes = json::parse(body, nullptr, false);
  if (changes.is_discarded()) throw ApiError(400, "the request body must be a JSON object of fields to set");
  const auto assignments = check_config_changes(changes);  // every field checked before anything is written

  json answer = pool_.transaction([&](pqxx::work& tx) {
    std::vector<std::optional<std::string>> params = {community_of(tx, guild_id)};
    std::string sql = "UPDATE community_config SET ";
    for (const auto& a : assignments) {
      params.push_back(a.value);
      std::string value = a.sql_value;
      value.replace(value.find("$n"), 2, "$" + std::to_string(params.size()));
      sql += a.column + " = " + value + ", ";  // a column of community_config_fields(), never request text
    }
    sql += "updated_by = 'operator' WHERE community_id = $1::uuid";
    tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    return read_config(tx, guild_id);
  });
  json changed = json::array();
  for (const auto& a : assignments) changed.push_back(a.column);
  answer["changed"] = changed;
  spdlog::info("admin: community config of guild {} changed by the operator: {}", guild_id, changed.dump());
  return reply(200, answer);
}

}  // namespace arrakis::worker
