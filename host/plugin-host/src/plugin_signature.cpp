#include "arrakis/plugin_host/plugin_signature.hpp"

#include <sodium.h>

#include <fstream>
#include <stdexcept>

#include "arrakis/plugin_host/plugin_store.hpp"

namespace arrakis::plugin_host {
namespace {

constexpr const char* kDomain = "arrakis-plugin-signature-v1:";

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::vector<unsigned char> from_hex(const std::string& hex, std::size_t expected, const char* what) {
  std::vector<unsigned char> out(expected);
  std::size_t len = 0;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != expected) {
    throw std::invalid_argument(std::string(what) + " is not " + std::to_string(expected * 2) + " hex characters");
  }
  return out;
}

// What is signed: the domain prefix and the file's SHA-256 (hex).
std::string signed_message(const std::string& sha256_hex) { return kDomain + sha256_hex; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

SigningKeyPair generate_signing_key() {
  ensure_sodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKeyPair pair{to_hex(pk, sizeof pk), to_hex(sk, sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return pair;
}

std::string sign_plugin_file(const std::filesystem::path& file, const std::string& secret_key_hex) {
  ensure_sodium();
  auto sk = from_hex(trim(secret_key_hex), crypto_sign_SECRETKEYBYTES, "the secret key");
  const std::string msg = signed_message(sha256_file(file));
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), sk.data());
  sodium_memzero(sk.data(), sk.size());
  return to_hex(sig, sizeof sig);
}

std::optional<std::string> verify_plugin_file(const std::filesystem::path& file, const std::string& signature_hex,
                                              const std::vector<std::string>& trusted) {
  return verify_plugin_digest(sha256_file(file), signature_hex, trusted);
}

std::optional<std::string> verify_plugin_digest(const std::string& sha256_hex, const std::string& signature_hex,
                                                const std::vector<std::string>& trusted) {
  ensure_sodium();
  std::vector<unsigned char> sig;
  try {
    sig = from_hex(trim(signature_hex), crypto_sign_BYTES, "the signature");
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  const std::string msg = signed_message(sha256_hex);
  for (const auto& key_hex : trusted) {
    std::vector<unsigned char> pk;
    try {
      pk = from_hex(trim(key_hex), crypto_sign_PUBLICKEYBYTES, "a trusted key");
    } catch (const std::invalid_argument&) {
      continue;
    }
    if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                    pk.data()) == 0) {
      return trim(key_hex);
    }
  }
  return std::nullopt;
}

std::vector<std::string> read_public_keys(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read trusted keys from " + file.string());
  std::vector<std::string> keys;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    keys.push_back(line);
  }
  return keys;
}

}  // namespace arrakis::plugin_host
