#pragma once
// PostgreSQL schema migrations: numbered SQL files (`0001_name.sql`, ...) applied in order, each in
// its own transaction, recorded with their SHA-256 in `schema_migrations`. Applying is idempotent
// and safe from several processes at once (a PostgreSQL advisory lock serialises the runners); a
// file whose content changed after it was applied is refused, because the database no longer
// matches what the repository says it is.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace arrakis::migrations {

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MigrationFile {
  std::string version;  // "0001"
  std::string name;     // "0001_tenancy.sql"
  std::filesystem::path path;
  std::string checksum;  // SHA-256 of the file's bytes, lower-case hex
  std::string sql;       // the bytes that were hashed (what gets applied)
};

// The migration files of `directory`, ordered by version. Throws MigrationError for a `.sql` file
// whose name does not follow NNNN_words.sql, or for two files with the same version.
std::vector<MigrationFile> list_migrations(const std::filesystem::path& directory);

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(const std::string& bytes);

struct MigrationReport {
  std::vector<std::string> applied;       // names applied by this call, in order
  std::vector<std::string> already_applied;  // names found applied before this call
};

// Applies every pending migration of `directory` to the database at `admin_database_url` (a role
// that owns the schema and bypasses row-level security). Throws MigrationError naming the file on a
// checksum mismatch, on a version recorded in the database but missing from the directory, or when
// a migration fails (that migration is rolled back; earlier ones stay applied).
MigrationReport apply_migrations(const std::string& admin_database_url, const std::string& directory);

struct MigrationStatus {
  std::string name;
  bool applied = false;
  std::string applied_at;  // empty when pending
};

// What apply_migrations would do, without changing anything (also verifies checksums).
std::vector<MigrationStatus> migration_status(const std::string& admin_database_url, const std::string& directory);

}  // namespace arrakis::migrations
