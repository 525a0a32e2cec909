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

  struct StagedCopy {
    std::filesystem::path path;
    std::string sha256;  // of exactly the bytes in `path`
  };
  // Reads `source` ONCE and writes those bytes to a staging file; the digest is taken from the
  // same bytes. Whoever can write the drop directory cannot swap the file between the signature
  // check, the digest and the load: all three use this private copy.
  StagedCopy stage_copy(const std::filesystem::path& source) const;
  // Removes a staged copy that was refused.
  void discard(const std::filesystem::path& staged) const;
  // The signature accepted with a stored version (kept as `<stored file>.sig`), "" when none.
  std::string kept_signature(const std::filesystem::path& stored) const;
  void keep_signature(const std::filesystem::path& stored, const std::string& signature_hex) const;
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
std::string sha256_bytes(const std::string& bytes);
std::string sha256_file(const std::filesystem::path& path);

}  // namespace arrakis::plugin_host
