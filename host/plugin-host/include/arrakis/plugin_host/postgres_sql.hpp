#pragma once
// The SQL slots of the host table on PostgreSQL: each plugin call gets one transaction on a
// pooled connection, opened on its first statement with the call's community set as the
// row-level-security tenant (app.community_id, transaction-local so a pooled connection never
// keeps it). Parameters are always bound, never spliced into SQL.
#include <chrono>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/prepared_statements.hpp"

namespace arrakis::plugin_host {

class PostgresSql : public HostServices {
 public:
  struct Options {
    std::chrono::milliseconds statement_timeout{5000};
    // Shadow runs: every call's transaction is rolled back, whatever the plugin returns.
    bool always_roll_back = false;
  };
  explicit PostgresSql(db::Pool& pool) : PostgresSql(pool, Options{}) {}
  PostgresSql(db::Pool& pool, Options options) : pool_(pool), options_(options) {}

  // The community (tenant) of a Discord guild, created on first sight. Any role can look one up;
  // creating it needs the host role (arrakis_host), whose pool the worker passes here.
  static std::string community_for_guild(db::Pool& pool, const std::string& guild_id);

  // Deletes (as the host role) idempotency keys recorded before `cutoff`, in batches of `batch` rows (short
  // transactions, so inserts never wait long behind the purge). Returns how many were deleted.
  // Keys must outlive every redelivery of their message: a day is far past any retry back-off.
  static std::uint64_t purge_processed_events(db::Pool& pool, std::chrono::system_clock::time_point cutoff,
                                              std::size_t batch = 5000);

  arrakis_status sql_query(Call& c, std::string_view sql, std::string_view params_json, std::string& out_rows) override;
  arrakis_status sql_exec(Call& c, std::string_view sql, std::string_view params_json,
                          std::uint64_t& out_affected) override;
  arrakis_status sql_begin(Call& c) override;
  arrakis_status sql_commit(Call& c) override;
  arrakis_status sql_rollback(Call& c) override;

  // Outbox (docs/internal-events-and-jobs.md): writes the internal event `type` with `data_json`
  // as one outbox row in the call's own transaction (opened now if the plugin ran no SQL yet), so
  // it commits if and only if the call commits. `writer_key` is the worker process's registered
  // outbox key: app.publish_internal_event refuses rows without it, so plugin SQL cannot forge one.
  arrakis_status publish_internal_event(Call& c, const std::string& writer_key, std::string_view type,
                                        std::string_view data_json);

 private:
  class Session;
  Session& session(Call& c);
  template <typename Fn>
  arrakis_status guarded(Call& c, Fn&& fn);
  // Runs plugin SQL as a prepared statement of the session's connection (unprepared past the budget).
  pqxx::result run(Session& s, std::string_view sql, const std::vector<const char*>& params);

  db::Pool& pool_;
  Options options_;
  PreparedStatements statements_;
};

}  // namespace arrakis::plugin_host
