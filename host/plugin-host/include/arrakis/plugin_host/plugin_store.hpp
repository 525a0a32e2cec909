#pragma once
// The host's own copy of every plugin version it accepted: <store>/<name>/<version>-<sha256 prefix>.so.
// Loading always happens from the store, so a file overwritten in the drop directory never
// changes a loaded version, every version stays available for rollback, and dlopen never sees a
// path reused for different bytes.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arrakis::plugin_host {

struct StoredVersion {
  std::string name;
  std::string version;
  std::string sha256;  // full hex digest
  std::filesystem::path path;
  std::filesystem::file_time_type stored_at;
};

class PluginStore {
 public:
  explicit PluginStore(std::filesystem::path root);

  // Copies `source` into a staging file named after its digest and returns that path.
  std::filesystem::path stage(const std::filesystem::path& source, const std::string& sha256) const;
  // Moves a staged file to its final place (idempotent) and returns the final path.
  std::filesystem::path commit(const std::filesystem::path& staged, const std::string& name,
                               const std::string& version, const std::string& sha256) const;

  std::optional<StoredVersion> find_by_digest(const std::string& sha256) const;
  std::optional<StoredVersion> find(const std::string& name, const std::string& version) const;
  // Every stored version of `name`, oldest first.
  std::vector<StoredVersion> versions(const std::string& name) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Hex SHA-256 of a file's bytes.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace arrakis::plugin_host
