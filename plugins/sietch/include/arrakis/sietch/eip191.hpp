// EIP-191 `personal_sign` (version 0x45, "Ethereum Signed Message"): the message hash, recovery of
// the signer's address from a 65-byte signature, and signing with a private key (tests and tools).
// Keccak-256 is Crypto++'s Keccak_256 (Ethereum's hash, the original Keccak padding, NOT the
// standardised SHA3-256); the curve is libsecp256k1 with its recovery module. Used by /verify
// (docs/commands/verify.md); compiled once in arrakis::sietch-eip191.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace arrakis::sietch::eip191 {

using Hash = std::array<std::uint8_t, 32>;

// Keccak-256 of `data`.
Hash keccak256(std::string_view data);
// keccak256("\x19Ethereum Signed Message:\n" + decimal byte length of `message` + `message`).
Hash personal_message_hash(std::string_view message);

// "0x" + lower-case hex.
std::string to_hex(const std::uint8_t* data, std::size_t size);
inline std::string to_hex(const Hash& h) { return to_hex(h.data(), h.size()); }

// "0x" + 40 hex digits, any case.
bool is_address(std::string_view text);
// "0x" + 130 hex digits (r, s, v), any case.
bool is_signature(std::string_view text);

// The address (lower case, "0x" + 40 hex) whose key signed `message` with personal_sign, from the
// signature r || s || v as "0x" + 130 hex; v may be 27/28 or 0/1. nullopt when the signature is
// malformed (length, hex, v, r or s out of range) or no key recovers from it.
std::optional<std::string> recover_personal_signer(std::string_view message, std::string_view signature);

// The address (lower case) of a private key given as "0x" + 64 hex; nullopt for an invalid key.
std::optional<std::string> address_of_private_key(std::string_view private_key);
// personal_sign of `message` with a private key ("0x" + 64 hex): "0x" + 130 hex, v = 27 or 28,
// deterministic (RFC 6979) as wallets sign. Throws std::invalid_argument for an invalid key.
std::string sign_personal_message(std::string_view message, std::string_view private_key);

}  // namespace arrakis::sietch::eip191
