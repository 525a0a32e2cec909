#include "control/admin_token.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace arrakis::worker {
namespace {

// Closes the descriptor when it goes out of scope.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string new_token() {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("cannot generate an admin token");
  std::string token;
  static const char* hex = "0123456789abcdef";
  for (unsigned char b : raw) {
    token.push_back(hex[b >> 4]);
    token.push_back(hex[b & 0xF]);
  }
  return token;
}

// Creates the file only if nothing (not even a dangling symlink) is there: O_EXCL with O_CREAT
// never follows a link, so a link planted at `path` cannot redirect the token elsewhere. Mode 0600
// from the first byte (no umask dance, which is process-wide and racy).
bool try_create(const std::string& path, const std::string& token) {
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (f.fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error("cannot create the admin token file " + path + ": " + std::strerror(errno));
  }
  const std::string line = token + "\n";
  if (::write(f.fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error("cannot write the admin token file " + path + ": " + std::strerror(errno));
  }
  return true;
}

std::string read_existing(const std::string& path) {
  // O_NOFOLLOW: the token is read from the file itself, never through a symlink; fstat checks the
  // very file that is read.
  Fd f{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ELOOP) throw std::runtime_error("admin token file " + path + " is a symbolic link; refusing it");
    throw std::runtime_error("cannot read the admin token file " + path + ": " + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    throw std::runtime_error("admin token file " + path + " is not a regular file");
  }
  if ((st.st_mode & 0777) != 0600) {
    throw std::runtime_error("admin token file " + path + " must have mode 0600 (chmod 600 " + path + ")");
  }
  if (st.st_uid != ::geteuid()) throw std::runtime_error("admin token file " + path + " belongs to another user");
  std::string content(256, '\0');
  const auto n = ::read(f.fd, content.data(), content.size());
  if (n < 0) throw std::runtime_error("cannot read the admin token file " + path + ": " + std::strerror(errno));
  content.resize(static_cast<std::size_t>(n));
  std::string token = content.substr(0, content.find('\n'));
  if (token.size() < 16) throw std::runtime_error("admin token in " + path + " is shorter than 16 characters");
  return token;
}

}  // namespace

std::string load_or_create_admin_token(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  const std::string token = new_token();
  if (try_create(path, token)) return token;
  return read_existing(path);
}

bool bearer_matches(const std::string& header, const std::string& token) {
  const std::string prefix = "Bearer ";
  if (header.size() != prefix.size() + token.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(header[prefix.size() + i] ^ token[i]);
  return diff == 0;
}

}  // namespace arrakis::worker
