// Finding and fingerprinting migration files (no database involved).
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "arrakis/migrations.hpp"

namespace arrakis::migrations {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw MigrationError("SHA-256 failed (OpenSSL)");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0f]);
  }
  return out;
}

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MigrationError("cannot read migration " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// NNNN_lower_case_words.sql. (Checked by hand: std::regex trips g++ 12's -Wmaybe-uninitialized
// at -O1 with sanitizers, which the asan preset builds with -Werror.)
bool well_named(const std::string& name) {
  constexpr std::string_view suffix = ".sql";
  if (name.size() < 4 + 1 + 1 + suffix.size() || name[4] != '_') return false;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
  }
  for (std::size_t i = 5; i < name.size() - suffix.size(); ++i) {
    const char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::vector<MigrationFile> list_migrations(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    throw MigrationError("migration directory " + directory.string() + " does not exist");
  }
  std::map<std::string, MigrationFile> by_version;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    const std::string name = entry.path().filename().string();
    if (!well_named(name)) {
      throw MigrationError("migration " + name + " is misnamed: expected NNNN_lower_case_words.sql");
    }
    const std::string version = name.substr(0, 4);
    if (by_version.count(version)) {
      throw MigrationError("migrations " + by_version[version].name + " and " + name + " share version " + version);
    }
    std::string sql = read_file(entry.path());
    std::string checksum = sha256_hex(sql);
    by_version[version] = MigrationFile{version, name, entry.path(), std::move(checksum), std::move(sql)};
  }
  std::vector<MigrationFile> files;
  files.reserve(by_version.size());
  for (auto& [version, file] : by_version) files.push_back(std::move(file));
  return files;  // std::map keeps them ordered by version
}

}  // namespace arrakis::migrations
