#include "arrakis/plugin_host/postgres_sql.hpp"

#include <nlohmann/json.hpp>

#include "pq_transaction_state.hpp"
#include "sql_guard.hpp"

namespace arrakis::plugin_host {
namespace {

// PostgreSQL type OIDs whose values map to JSON numbers, booleans or JSON; everything else
// (text, uuid, timestamps, numeric — wei amounts exceed a double) comes back as a string.
constexpr pqxx::oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kJson = 114,
                    kJsonb = 3802;

nlohmann::json row_to_json(const pqxx::row& row) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& field : row) {
    const std::string name = field.name();
    if (field.is_null()) {
      obj[name] = nullptr;
      continue;
    }
    switch (field.type()) {
      case kBool: obj[name] = field.as<bool>(); break;
      case kInt2:
      case kInt4:
      case kInt8: obj[name] = field.as<long long>(); break;
      case kFloat4:
      case kFloat8: obj[name] = field.as<double>(); break;
      case kJson:
      case kJsonb: obj[name] = nlohmann::json::parse(field.c_str(), nullptr, false); break;
      default: obj[name] = field.c_str(); break;
    }
  }
  return obj;
}

// Binds a JSON array: strings as text, numbers and booleans as their literal, objects and arrays
// as JSON text (for jsonb columns), null as SQL NULL.
struct BoundParams {
  std::vector<std::string> storage;
  std::vector<const char*> pointers;

  explicit BoundParams(std::string_view params_json) {
    if (params_json.empty()) return;
    auto params = nlohmann::json::parse(params_json);
    if (!params.is_array()) throw std::invalid_argument("SQL parameters must be a JSON array");
    storage.reserve(params.size());
    for (const auto& p : params) {
      if (p.is_null()) {
        storage.emplace_back();
      } else if (p.is_string()) {
        storage.push_back(p.get<std::string>());
      } else {
        storage.push_back(p.dump());
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) pointers.push_back(params[i].is_null() ? nullptr : storage[i].c_str());
  }
};

// Appended to every COMMIT and ROLLBACK of a call (same round trip): whatever a statement managed
// to change in the session despite the guard, the next call on the pooled connection starts clean.
// (Not DISCARD ALL: it cannot follow COMMIT in one query, and it would drop the connection's
// prepared statements.)
constexpr const char* kResetSession =
    "; RESET ALL; SET SESSION AUTHORIZATION DEFAULT; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); "
    "DISCARD TEMP; DISCARD SEQUENCES";

// A plugin statement the SQL service will not run (docs/database.md "Plugin SQL").
struct RefusedStatement : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

}  // namespace

// The call's transaction, driven by hand on a pqxx::nontransaction so that opening it and closing
// it each cost one round trip: "BEGIN; <settings>" and "SELECT app.record_processed(key); COMMIT"
// go as one simple-protocol query each (migration 0011). Plugin statements in between are
// prepared statements with bound parameters; only the trusted values (the timeout, the community
// id from our own table, the host's idempotency key) are quoted into those two texts.
class PostgresSql::Session : public SqlSession {
 public:
  Session(db::Pool& pool, const std::string& community_id, std::chrono::milliseconds timeout, bool roll_back,
          std::string idempotency_key)
      : lease_(pool.lease()), tx_(*lease_), always_roll_back_(roll_back), idempotency_key_(std::move(idempotency_key)) {
    // An empty community id fails closed under RLS, as an unset one does.
    try {
      std::string open = "BEGIN; SELECT set_config('statement_timeout', '";
      open.append(std::to_string(timeout.count()));
      open.append("', true), set_config('app.community_id', ").append(quoted(community_id)).append(", true)");
      tx_.exec(open);
    } catch (...) {
      roll_back_quietly();  // never hand the connection back inside a transaction
      throw;
    }
  }
  ~Session() override {
    if (!finished_) roll_back_quietly();
  }
  void finish(bool commit) override {
    if (finished_) return;
    finished_ = true;
    if (!commit || always_roll_back_) {
      roll_back_quietly();
      return;
    }
    if (transaction_lost) {
      // A statement ended the transaction: what ran after it is already committed, and the key
      // can no longer be recorded with it. Never report that as a commit.
      roll_back_quietly();
      throw std::runtime_error("the call's transaction was ended by a plugin statement; nothing was committed by the host");
    }
    if (idempotency_key_.empty()) {
      tx_.exec(std::string("COMMIT") + kResetSession);
      return;
    }
    try {
      std::string close = "SELECT app.record_processed(";
      close.append(quoted(idempotency_key_)).append("); COMMIT").append(kResetSession);
      tx_.exec(close);
    } catch (const pqxx::sql_error& e) {
      roll_back_quietly();  // the failed SELECT left the transaction aborted; COMMIT never ran
      if (e.sqlstate() == kAlreadyCommitted) {
        throw DuplicateEffects("effects of " + idempotency_key_ + " were already committed");
      }
      throw;
    }
  }
  pqxx::nontransaction& tx() { return tx_; }
  pqxx::connection& connection() { return *lease_; }
  int depth = 0;
  bool transaction_lost = false;  // a statement left the connection outside the call's transaction

 private:
  static constexpr const char* kAlreadyCommitted = "AR001";  // raised by app.record_processed

  // A string literal of `value`, escaped for this connection (pqxx's quote() trips GCC 12's
  // -Wrestrict at -O3).
  std::string quoted(const std::string& value) {
    std::string literal = "'";
    literal.append(tx_.esc(value));
    literal.push_back('\'');
    return literal;
  }

  void roll_back_quietly() noexcept {
    try {
      tx_.exec(std::string("ROLLBACK") + kResetSession);
    } catch (...) {
      // A broken connection: the server rolls back, and the pool replaces the connection.
    }
  }

  db::Lease lease_;
  pqxx::nontransaction tx_;
  bool always_roll_back_;
  std::string idempotency_key_;
  bool finished_ = false;
};

PostgresSql::Session& PostgresSql::session(Call& c) {
  if (!c.sql) {
    const std::string community = c.invocation ? c.invocation->community_id : std::string();
    // A schedule may declare its own statement timeout (Invocation::statement_timeout_ms).
    const auto timeout = c.invocation && c.invocation->statement_timeout_ms > 0
                             ? std::chrono::milliseconds(c.invocation->statement_timeout_ms)
                             : options_.statement_timeout;
    c.sql = std::make_unique<Session>(pool_, community, timeout, options_.always_roll_back,
                                      c.invocation ? c.invocation->idempotency_key : std::string());
  }
  return static_cast<Session&>(*c.sql);
}

template <typename Fn>
arrakis_status PostgresSql::guarded(Call& c, Fn&& fn) {
  try {
    fn(session(c));
    return ARRAKIS_OK;
  } catch (const pqxx::broken_connection& e) {
    return failed(c, ARRAKIS_RETRYABLE, std::string("database connection lost: ") + e.what());
  } catch (const db::DatabaseError& e) {
    return failed(c, ARRAKIS_RETRYABLE, e.what());
  } catch (const pqxx::sql_error& e) {
    const std::string state = e.sqlstate();
    // Serialization failures, deadlocks, lock and statement timeouts, shutdowns: try again later.
    const bool transient = state == "40001" || state == "40P01" || state == "55P03" || state == "57014" ||
                           state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0;
    return failed(c, transient ? ARRAKIS_RETRYABLE : ARRAKIS_PERMANENT,
                  "SQL error " + state + ": " + std::string(e.what()).substr(0, 500));
  } catch (const nlohmann::json::exception& e) {
    return failed(c, ARRAKIS_BAD_INPUT, std::string("SQL parameters are not valid JSON: ") + e.what());
  } catch (const std::invalid_argument& e) {
    return failed(c, ARRAKIS_BAD_INPUT, e.what());
  }
}

std::string PostgresSql::community_for_guild(db::Pool& pool, const std::string& guild_id) {
  return pool.transaction([&](pqxx::work& tx) {
    // Every role may look a guild up; only the host role may create its community.
    auto known = tx.exec_params("SELECT id::text FROM communities WHERE discord_guild_id = $1", guild_id);
    if (!known.empty()) return known[0][0].as<std::string>();
    // Insert-or-fetch in one statement; DO UPDATE (a no-op) makes RETURNING yield the existing row.
    return tx
        .exec_params1("INSERT INTO communities (discord_guild_id) VALUES ($1) "
                      "ON CONFLICT (discord_guild_id) DO UPDATE SET discord_guild_id = EXCLUDED.discord_guild_id "
                      "RETURNING id::text",
                      guild_id)[0]
        .as<std::string>();
  });
}

std::uint64_t PostgresSql::purge_processed_events(db::Pool& pool, std::chrono::system_clock::time_point cutoff,
                                                  std::size_t batch) {
  const auto cutoff_s = std::chrono::duration<double>(cutoff.time_since_epoch()).count();
  std::uint64_t total = 0;
  for (;;) {
    const auto deleted = pool.transaction([&](pqxx::work& tx) {
      return tx
          .exec_params("DELETE FROM processed_events WHERE key IN (SELECT key FROM processed_events "
                       "WHERE processed_at < to_timestamp($1) LIMIT $2)",
                       cutoff_s, static_cast<long long>(batch))
          .affected_rows();
    });
    total += deleted;
    if (deleted < batch) return total;
  }
}

pqxx::result PostgresSql::run(Session& s, std::string_view sql, const std::vector<const char*>& params) {
  if (const auto refusal = refuse_plugin_sql(sql)) {
    throw RefusedStatement("SQL refused: " + refusal->kind + " is not allowed in plugin SQL (" + refusal->reason + ")");
  }
  if (s.transaction_lost) throw RefusedStatement("SQL refused: the call's transaction is no longer open");
  auto values = pqxx::prepare::make_dynamic_params(params);
  std::string text(sql);
  pqxx::result result;
  if (const auto name = statements_.name_for(text)) {
    s.connection().prepare(*name, text);  // a no-op when this connection already has it
    result = s.tx().exec_prepared(*name, values);
  } else {
    result = s.tx().exec_params(text, values);
  }
  // The guard is not a parser: if anything ever ends the transaction, stop the call here.
  if (!in_transaction_block(s.connection())) {
    s.transaction_lost = true;
    throw RefusedStatement("SQL refused: the statement ended the call's transaction");
  }
  return result;
}

arrakis_status PostgresSql::sql_query(Call& c, std::string_view sql, std::string_view params, std::string& out) {
  return guarded(c, [&](Session& s) {
    BoundParams bound(params);
    const auto result = run(s, sql, bound.pointers);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : result) rows.push_back(row_to_json(row));
    out = rows.dump();
  });
}

arrakis_status PostgresSql::sql_exec(Call& c, std::string_view sql, std::string_view params, std::uint64_t& out) {
  return guarded(c, [&](Session& s) {
    BoundParams bound(params);
    const auto result = run(s, sql, bound.pointers);
    out = result.affected_rows();
  });
}

arrakis_status PostgresSql::publish_internal_event(Call& c, const std::string& writer_key, std::string_view type,
                                                   std::string_view data_json) {
  return guarded(c, [&](Session& s) {
    // A host statement, not plugin SQL: it bypasses the guard and the plugin's prepared statements.
    s.tx().exec_params("SELECT app.publish_internal_event($1, $2, $3::jsonb, $4, $5)", writer_key, std::string(type),
                       std::string(data_json), std::string(c.plugin_name), std::string(c.plugin_version));
  });
}

arrakis_status PostgresSql::sql_begin(Call& c) {
  return guarded(c, [&](Session& s) { s.tx().exec("SAVEPOINT arrakis_sp_" + std::to_string(++s.depth)); });
}

arrakis_status PostgresSql::sql_commit(Call& c) {
  return guarded(c, [&](Session& s) {
    if (s.depth == 0) throw std::invalid_argument("sql_commit without sql_begin");
    s.tx().exec("RELEASE SAVEPOINT arrakis_sp_" + std::to_string(s.depth--));
  });
}

arrakis_status PostgresSql::sql_rollback(Call& c) {
  return guarded(c, [&](Session& s) {
    if (s.depth == 0) throw std::invalid_argument("sql_rollback without sql_begin");
    const std::string sp = "arrakis_sp_" + std::to_string(s.depth--);
    s.tx().exec("ROLLBACK TO SAVEPOINT " + sp);
    s.tx().exec("RELEASE SAVEPOINT " + sp);
  });
}

}  // namespace arrakis::plugin_host
