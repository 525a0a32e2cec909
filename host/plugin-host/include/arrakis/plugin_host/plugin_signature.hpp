#pragma once
// Ed25519 signatures of plugin files (libsodium). A signature is detached, beside the library as
// `<file>.sig`, and covers the file's SHA-256 under a domain prefix, so a signature made for a
// plugin can never be replayed as a signature of anything else.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arrakis::plugin_host {

struct SigningKeyPair {
  std::string public_key_hex;  // 64 hex characters
  std::string secret_key_hex;  // 128 hex characters (libsodium's seed + public key)
};

SigningKeyPair generate_signing_key();

// Hex Ed25519 signature of the file (written to `<file>.sig` by the signing tool).
std::string sign_plugin_file(const std::filesystem::path& file, const std::string& secret_key_hex);

// The trusted key (its hex) whose signature in `signature_hex` verifies the file, or nullopt.
std::optional<std::string> verify_plugin_file(const std::filesystem::path& file, const std::string& signature_hex,
                                              const std::vector<std::string>& trusted_public_keys_hex);

// The same check for bytes already hashed: `sha256_hex` is the file's SHA-256 (hex). The host
// verifies the digest of its own private copy, never a file someone else can still change.
std::optional<std::string> verify_plugin_digest(const std::string& sha256_hex, const std::string& signature_hex,
                                                const std::vector<std::string>& trusted_public_keys_hex);

// Reads public keys, one hex key per line ('#' comments allowed), from a file.
std::vector<std::string> read_public_keys(const std::filesystem::path& file);

}  // namespace arrakis::plugin_host
