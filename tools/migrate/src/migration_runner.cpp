// Applying migrations to PostgreSQL, recording them in schema_migrations.
#include <pqxx/pqxx>

#include <chrono>
#include <cstdlib>
#include <map>

#include "arrakis/config.hpp"
#include "arrakis/database.hpp"
#include "arrakis/migrations.hpp"

namespace arrakis::migrations {
namespace {

// Any constant works as long as every runner uses the same one: "arrkmigr" in ASCII.
constexpr long long kAdvisoryLockKey = 0x6172726b6d696772LL;

struct Recorded {
  std::string name;
  std::string checksum;
  std::string applied_at;
};

std::unique_ptr<pqxx::connection> connect(const std::string& url) {
  try {
    // ARRAKIS_DATABASE_CA_FILE makes the connection sslmode=verify-full, as in the worker (docs/security.md).
    const char* ca_file = std::getenv("ARRAKIS_DATABASE_CA_FILE");
    auto conn = std::make_unique<pqxx::connection>(database_tls_url(url, ca_file ? ca_file : ""));
    pqxx::nontransaction session(*conn);
    // Migrations say "IF NOT EXISTS ... skipping" and the like; that is not worth a line on stderr.
    session.exec("SET client_min_messages = warning");
    return conn;
  } catch (const pqxx::broken_connection& e) {
    throw MigrationError("PostgreSQL " + db::describe_endpoint(url) + ": cannot connect: " +
                         std::string(e.what()).substr(0, 200));
  }
}

bool has_history_table(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return !tx.exec("SELECT to_regclass('public.schema_migrations')")[0][0].is_null();
}

std::map<std::string, Recorded> read_history(pqxx::connection& conn) {
  std::map<std::string, Recorded> recorded;
  if (!has_history_table(conn)) return recorded;
  pqxx::nontransaction tx(conn);
  for (const auto& row : tx.exec("SELECT version, name, checksum, applied_at::text FROM schema_migrations")) {
    recorded[row[0].as<std::string>()] =
        Recorded{row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>()};
  }
  return recorded;
}

// The database must be an earlier state of this directory: same content for every version it has
// applied, and no version the directory does not know.
void verify_history(const std::vector<MigrationFile>& files, const std::map<std::string, Recorded>& recorded) {
  std::map<std::string, const MigrationFile*> by_version;
  for (const auto& file : files) by_version[file.version] = &file;
  for (const auto& [version, row] : recorded) {
    auto it = by_version.find(version);
    if (it == by_version.end()) {
      throw MigrationError("the database has migration " + row.name + " applied, but it is not in the directory " +
                           "(is this checkout older than the database?)");
    }
    if (it->second->checksum != row.checksum) {
      throw MigrationError("migration " + it->second->name + " was changed after it was applied (checksum " +
                           it->second->checksum.substr(0, 12) + " != recorded " + row.checksum.substr(0, 12) +
                           "); never edit an applied migration, add a new one");
    }
  }
}

// Holds the session-level advisory lock for its lifetime; closing the connection would release it too.
class RunnerLock {
 public:
  explicit RunnerLock(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction tx(conn_);
    tx.exec("SELECT pg_advisory_lock(" + std::to_string(kAdvisoryLockKey) + ")");
  }
  ~RunnerLock() {
    try {
      pqxx::nontransaction tx(conn_);
      tx.exec("SELECT pg_advisory_unlock(" + std::to_string(kAdvisoryLockKey) + ")");
    } catch (...) {
      // The connection is closing anyway, which releases the lock.
    }
  }
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;

 private:
  pqxx::connection& conn_;
};

void create_history_table(pqxx::connection& conn) {
  if (has_history_table(conn)) return;
  pqxx::work tx(conn);
  tx.exec(
      "CREATE TABLE schema_migrations ("
      "  version     text PRIMARY KEY,"
      "  name        text NOT NULL,"
      "  checksum    text NOT NULL,"
      "  applied_at  timestamptz NOT NULL DEFAULT now(),"
      "  duration_ms integer NOT NULL)");
  tx.commit();
}

void apply_one(pqxx::connection& conn, const MigrationFile& file) {
  const auto started = std::chrono::steady_clock::now();
  try {
    pqxx::work tx(conn);
    tx.exec(file.sql);  // simple-query protocol: a file may hold many statements
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    tx.exec_params("INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)",
                   file.version, file.name, file.checksum, static_cast<int>(ms.count()));
    tx.commit();
  } catch (const pqxx::sql_error& e) {
    throw MigrationError("migration " + file.name + " failed and was rolled back: " + e.what());
  }
}

}  // namespace

MigrationReport apply_migrations(const std::string& admin_database_url, const std::string& directory) {
  const auto files = list_migrations(directory);
  auto conn = connect(admin_database_url);
  RunnerLock lock(*conn);
  // Under the lock: another runner may have applied everything while we waited.
  create_history_table(*conn);
  const auto recorded = read_history(*conn);
  verify_history(files, recorded);
  MigrationReport report;
  for (const auto& file : files) {
    if (recorded.count(file.version)) {
      report.already_applied.push_back(file.name);
      continue;
    }
    apply_one(*conn, file);
    report.applied.push_back(file.name);
  }
  return report;
}

std::vector<MigrationStatus> migration_status(const std::string& admin_database_url, const std::string& directory) {
  const auto files = list_migrations(directory);
  auto conn = connect(admin_database_url);
  const auto recorded = read_history(*conn);
  verify_history(files, recorded);
  std::vector<MigrationStatus> status;
  for (const auto& file : files) {
    auto it = recorded.find(file.version);
    status.push_back({file.name, it != recorded.end(), it != recorded.end() ? it->second.applied_at : ""});
  }
  return status;
}

}  // namespace arrakis::migrations
