#include "arrakis/plugin_host/plugin_store.hpp"
#include "arrakis/plugin_host/plugin_name.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <iterator>
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

namespace {
std::string hex_of(const unsigned char* digest, unsigned int len) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}
}  // namespace

std::string sha256_bytes(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return hex_of(digest, len);
}

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
  return hex_of(digest, len);
}

PluginStore::PluginStore(fs::path root) : root_(std::move(root)) { fs::create_directories(root_ / ".staging"); }

PluginStore::StagedCopy PluginStore::stage_copy(const fs::path& source) const {
  std::ifstream in(source, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + source.string());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + source.string());
  StagedCopy copy;
  copy.sha256 = sha256_bytes(bytes);
  copy.path = root_ / ".staging" / (copy.sha256 + ".so");
  const fs::path tmp = copy.path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write the staged copy " + tmp.string());
  }
  fs::rename(tmp, copy.path);  // atomic: a half-written file is never visible
  return copy;
}

void PluginStore::discard(const fs::path& staged) const {
  std::error_code ignored;
  fs::remove(staged, ignored);
}

std::string PluginStore::kept_signature(const fs::path& stored) const {
  std::ifstream in(stored.string() + ".sig");
  std::string signature;
  if (in) std::getline(in, signature);
  return signature;
}

void PluginStore::keep_signature(const fs::path& stored, const std::string& signature_hex) const {
  const fs::path tmp = stored.string() + ".sig.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << signature_hex << "\n";
    if (!out) throw std::runtime_error("cannot keep the signature of " + stored.string());
  }
  fs::rename(tmp, stored.string() + ".sig");
}

fs::path PluginStore::commit(const fs::path& staged, const std::string& name, const std::string& version,
                             const std::string& sha256) const {
  if (!valid_plugin_name(name)) throw std::invalid_argument(invalid_plugin_name_message(name));
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
  // A name that is not a plugin name has no versions: never a path outside the store.
  if (!valid_plugin_name(name)) return out;
  const fs::path dir = root_ / name;
  if (!fs::is_directory(dir)) return out;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (auto v = parse_entry(f.path())) out.push_back(*v);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.stored_at < b.stored_at; });
  return out;
}

}  // namespace arrakis::plugin_host
