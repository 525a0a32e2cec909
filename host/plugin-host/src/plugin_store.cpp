#include "arrakis/plugin_host/plugin_store.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace arrakis::plugin_host {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kDigestPrefix = 12;

std::optional<StoredVersion> parse_entry(const fs::path& file) {
  // <root>/<name>/<version>-<sha12>.so
  if (file.extension() != ".so") return std::nullopt;
  const std::string stem = file.stem().string();
  const auto dash = stem.rfind('-');
  if (dash == std::string::npos || stem.size() - dash - 1 != kDigestPrefix) return std::nullopt;
  StoredVersion v;
  v.name = file.parent_path().filename().string();
  v.version = stem.substr(0, dash);
  v.sha256 = stem.substr(dash + 1);
  v.path = file;
  std::error_code ec;
  v.stored_at = fs::last_write_time(file, ec);
  return v;
}

}  // namespace

std::string sha256_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer, static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

PluginStore::PluginStore(fs::path root) : root_(std::move(root)) { fs::create_directories(root_ / ".staging"); }

fs::path PluginStore::stage(const fs::path& source, const std::string& sha256) const {
  const fs::path staged = root_ / ".staging" / (sha256 + ".so");
  if (!fs::exists(staged)) {
    const fs::path tmp = staged.string() + ".tmp";
    fs::copy_file(source, tmp, fs::copy_options::overwrite_existing);
    fs::rename(tmp, staged);  // atomic: a half-copied file is never visible
  }
  return staged;
}

fs::path PluginStore::commit(const fs::path& staged, const std::string& name, const std::string& version,
                             const std::string& sha256) const {
  const fs::path dir = root_ / name;
  fs::create_directories(dir);
  const fs::path final_path = dir / (version + "-" + sha256.substr(0, kDigestPrefix) + ".so");
  if (fs::exists(final_path)) {
    fs::remove(staged);
  } else {
    fs::rename(staged, final_path);
  }
  return final_path;
}

std::optional<StoredVersion> PluginStore::find_by_digest(const std::string& sha256) const {
  // Built piecewise: g++ 12 at -O3 reports a false -Wrestrict on `"-" + std::string&&`.
  std::string suffix(1, '-');
  suffix.append(sha256, 0, kDigestPrefix);
  suffix.append(".so");
  for (const auto& dir : fs::directory_iterator(root_)) {
    if (!dir.is_directory() || dir.path().filename().string().front() == '.') continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string fname = f.path().filename().string();
      if (fname.size() > suffix.size() && fname.compare(fname.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return parse_entry(f.path());
      }
    }
  }
  return std::nullopt;
}

std::optional<StoredVersion> PluginStore::find(const std::string& name, const std::string& version) const {
  for (auto& v : versions(name)) {
    if (v.version == version) return v;
  }
  return std::nullopt;
}

std::vector<StoredVersion> PluginStore::versions(const std::string& name) const {
  std::vector<StoredVersion> out;
  const fs::path dir = root_ / name;
  if (!fs::is_directory(dir)) return out;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (auto v = parse_entry(f.path())) out.push_back(*v);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.stored_at < b.stored_at; });
  return out;
}

}  // namespace arrakis::plugin_host
