#include "control/admin_token.hpp"

#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace arrakis::worker {

std::string load_or_create_admin_token(const std::string& path) {
  namespace fs = std::filesystem;
  if (!fs::exists(path)) {
    fs::create_directories(fs::path(path).parent_path());
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("cannot generate an admin token");
    std::string token;
    static const char* hex = "0123456789abcdef";
    for (unsigned char b : raw) {
      token.push_back(hex[b >> 4]);
      token.push_back(hex[b & 0xF]);
    }
    const mode_t old = umask(077);
    {
      std::ofstream out(path, std::ios::trunc);
      out << token << "\n";
    }
    umask(old);
    chmod(path.c_str(), 0600);
    return token;
  }
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot read the admin token file " + path);
  if ((st.st_mode & 0777) != 0600) {
    throw std::runtime_error("admin token file " + path + " must have mode 0600 (chmod 600 " + path + ")");
  }
  std::ifstream in(path);
  std::string token;
  std::getline(in, token);
  if (token.size() < 16) throw std::runtime_error("admin token in " + path + " is shorter than 16 characters");
  return token;
}

bool bearer_matches(const std::string& header, const std::string& token) {
  const std::string prefix = "Bearer ";
  if (header.size() != prefix.size() + token.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(header[prefix.size() + i] ^ token[i]);
  return diff == 0;
}

}  // namespace arrakis::worker
