#include "arrakis/sietch/eip191.hpp"

#include <cryptopp/keccak.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace arrakis::sietch::eip191 {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_hex_of_length(std::string_view text, std::size_t digits) {
  if (text.size() != digits + 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  for (std::size_t i = 2; i < text.size(); ++i) {
    if (hex_value(text[i]) < 0) return false;
  }
  return true;
}

// The bytes of "0x" + 2n hex digits (the caller checked the form).
std::vector<std::uint8_t> from_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
  }
  return out;
}

// The address of an uncompressed public key: the last 20 bytes of keccak256(X || Y).
std::string address_of(const secp256k1_context* ctx, const secp256k1_pubkey& key) {
  std::array<std::uint8_t, 65> serialized{};
  std::size_t size = serialized.size();
  secp256k1_ec_pubkey_serialize(ctx, serialized.data(), &size, &key, SECP256K1_EC_UNCOMPRESSED);
  const Hash h = keccak256(std::string_view(reinterpret_cast<const char*>(serialized.data() + 1), 64));
  return to_hex(h.data() + 12, 20);
}

struct ContextDeleter {
  void operator()(secp256k1_context* c) const { secp256k1_context_destroy(c); }
};
using Context = std::unique_ptr<secp256k1_context, ContextDeleter>;

// Signing serves tests and tools (the plugin only recovers), so the context is not randomised; its
// tables are static in libsecp256k1 0.2, which makes one per call cheap.
Context signing_context() { return Context(secp256k1_context_create(SECP256K1_CONTEXT_NONE)); }

std::optional<std::array<std::uint8_t, 32>> parse_private_key(std::string_view private_key) {
  if (!is_hex_of_length(private_key, 64)) return std::nullopt;
  const auto bytes = from_hex(private_key);
  std::array<std::uint8_t, 32> key{};
  std::copy(bytes.begin(), bytes.end(), key.begin());
  if (!secp256k1_ec_seckey_verify(secp256k1_context_static, key.data())) return std::nullopt;
  return key;
}

}  // namespace

Hash keccak256(std::string_view data) {
  Hash out{};
  CryptoPP::Keccak_256 hash;
  hash.Update(reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
  hash.Final(out.data());
  return out;
}

Hash personal_message_hash(std::string_view message) {
  std::string prefixed = "\x19" "Ethereum Signed Message:\n";
  prefixed.append(std::to_string(message.size())).append(message);
  return keccak256(prefixed);
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  out.reserve(2 + size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xF]);
  }
  return out;
}

bool is_address(std::string_view text) { return is_hex_of_length(text, 40); }
bool is_signature(std::string_view text) { return is_hex_of_length(text, 130); }

std::optional<std::string> recover_personal_signer(std::string_view message, std::string_view signature) {
  if (!is_signature(signature)) return std::nullopt;
  const auto bytes = from_hex(signature);
  int v = bytes[64];
  if (v >= 27) v -= 27;
  if (v != 0 && v != 1) return std::nullopt;
  const secp256k1_context* ctx = secp256k1_context_static;
  secp256k1_ecdsa_recoverable_signature sig;
  // Refuses r or s of zero or not below the curve order.
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, bytes.data(), v)) return std::nullopt;
  const Hash digest = personal_message_hash(message);
  secp256k1_pubkey key;
  if (!secp256k1_ecdsa_recover(ctx, &key, &sig, digest.data())) return std::nullopt;
  return address_of(ctx, key);
}

std::optional<std::string> address_of_private_key(std::string_view private_key) {
  const auto key = parse_private_key(private_key);
  if (!key) return std::nullopt;
  const auto ctx = signing_context();
  secp256k1_pubkey pub;
  if (!secp256k1_ec_pubkey_create(ctx.get(), &pub, key->data())) return std::nullopt;
  return address_of(ctx.get(), pub);
}

std::string sign_personal_message(std::string_view message, std::string_view private_key) {
  const auto key = parse_private_key(private_key);
  if (!key) throw std::invalid_argument("not a secp256k1 private key (0x + 64 hex digits, in range)");
  const auto ctx = signing_context();
  const Hash digest = personal_message_hash(message);
  secp256k1_ecdsa_recoverable_signature sig;
  if (!secp256k1_ecdsa_sign_recoverable(ctx.get(), &sig, digest.data(), key->data(), nullptr, nullptr)) {
    throw std::invalid_argument("signing failed");
  }
  std::array<std::uint8_t, 65> out{};
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx.get(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(27 + recid);
  return to_hex(out.data(), out.size());
}

}  // namespace arrakis::sietch::eip191
