// arrakis-migrate: applies the PostgreSQL migrations (or shows their status).
//
//   arrakis-migrate [--database-url URL] [--dir DIR] [--status]
//
// URL defaults to $DATABASE_ADMIN_URL (a role owning the schema and bypassing RLS). DIR defaults to
// $ARRAKIS_MIGRATIONS_DIR, then the installed copy (<prefix>/share/arrakis/... beside <prefix>/bin),
// then the source tree this binary was built from.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "arrakis/database.hpp"
#include "arrakis/migrations.hpp"

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::string default_directory() {
  if (const char* dir = std::getenv("ARRAKIS_MIGRATIONS_DIR"); dir && *dir) return dir;
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = self.parent_path().parent_path() / "share/arrakis/infrastructure/postgres/migrations";
    if (std::filesystem::is_directory(installed, error)) return installed.string();
  }
  return ARRAKIS_SOURCE_MIGRATIONS_DIR;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Apply the Arrakis PostgreSQL migrations"};
  std::string url = env_or("DATABASE_ADMIN_URL", "");
  std::string dir = default_directory();
  bool status_only = false;
  app.add_option("--database-url", url, "admin connection URL (default: $DATABASE_ADMIN_URL)");
  app.add_option("--dir", dir, "folder of NNNN_name.sql files")->capture_default_str();
  app.add_flag("--status", status_only, "list applied and pending migrations, change nothing");
  CLI11_PARSE(app, argc, argv);
  if (url.empty()) {
    std::cerr << "arrakis-migrate: no database: pass --database-url or set DATABASE_ADMIN_URL\n";
    return 2;
  }
  const std::string where = arrakis::db::describe_endpoint(url);  // never print the password
  try {
    if (status_only) {
      int pending = 0;
      for (const auto& m : arrakis::migrations::migration_status(url, dir)) {
        std::cout << (m.applied ? "applied  " : "pending  ") << m.name << (m.applied ? "  " + m.applied_at : "") << '\n';
        pending += m.applied ? 0 : 1;
      }
      std::cout << pending << " pending on " << where << '\n';
      return 0;
    }
    const auto report = arrakis::migrations::apply_migrations(url, dir);
    for (const auto& name : report.applied) std::cout << "applied  " << name << '\n';
    std::cout << where << ": " << report.applied.size() << " applied, " << report.already_applied.size()
              << " already up to date\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "arrakis-migrate: " << e.what() << '\n';
    return 1;
  }
}
