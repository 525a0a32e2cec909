#include "jobs/job_fanout.hpp"

#include "arrakis/plugin.h"

namespace arrakis::worker::jobs {

std::string job_routing_key(const std::string& plugin, const std::string& schedule) {
  return "job." + plugin + "." + schedule;
}

std::string job_event_id(const std::string& plugin, const std::string& schedule, std::int64_t fired_at_ms) {
  return "job:" + plugin + ":" + schedule + ":" + std::to_string(fired_at_ms);
}

std::size_t enqueue_firing(db::Pool& pool, const std::string& plugin, const plugin_host::ScheduleInfo& schedule,
                           std::chrono::system_clock::time_point fired_at, std::int64_t fence) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto fired_ms = duration_cast<milliseconds>(fired_at.time_since_epoch()).count();
  const auto now_ms = duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const bool per_community = schedule.scope == ARRAKIS_SCHEDULE_PER_COMMUNITY;
  const std::string key = job_routing_key(plugin, schedule.name);
  const std::string event_id = job_event_id(plugin, schedule.name, fired_ms);
  // The item's body: the schedule envelope of plugin_events.h plus "plugin" (whom the item is for;
  // the JobHandler builds the plugin's own payload from these fields, with the attempt number).
  // jsonb_strip_nulls drops the null guildId of a global item (every other field is non-null).
  const char* body =
      "jsonb_strip_nulls(jsonb_build_object('eventId', $2::text || coalesce(':' || c.id::text, ''), 'eventType', 'schedule.' || $5::text, "
      "'timestamp', $3::bigint, 'plugin', $4::text, 'schedule', $5::text, 'firedAt', $6::bigint, 'fence', $7::bigint, "
      "'scope', $8::text, 'communityId', coalesce(c.id::text, ''), 'guildId', c.discord_guild_id))";
  std::string sql = "INSERT INTO event_outbox (routing_key, body) SELECT $1, ";
  sql += body;
  if (per_community) {
    sql += " FROM communities c WHERE c.is_active ORDER BY c.created_at";
  } else {
    // One item without a community (its null guildId is stripped: a global item has none).
    sql += " FROM (SELECT NULL::uuid AS id, NULL::text AS discord_guild_id) c";
  }
  return pool.transaction([&](pqxx::work& tx) {
    const auto inserted = tx.exec_params(sql, key, event_id, now_ms, plugin, schedule.name, fired_ms, fence,
                                         std::string(per_community ? "per-community" : "global"))
                              .affected_rows();
    tx.exec("SELECT pg_notify('arrakis_outbox', '')");  // wakes the relays at commit
    return static_cast<std::size_t>(inserted);
  });
}

}  // namespace arrakis::worker::jobs
