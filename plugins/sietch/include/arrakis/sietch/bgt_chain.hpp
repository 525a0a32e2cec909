// BGT on Berachain as the chain RPC sees it: the token, the Transfer event, balanceOf, and the
// JSON-RPC words (QUANTITY, 32-byte address words, uint256 results). Shared by the live check of
// /check-eligibility and the eligibility sync (docs/events/eligibility-sync.md), which must read
// the chain the same way.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

namespace arrakis::sietch {

// Mainnet BGT on Berachain; plugins take a `bgt_address` configuration value instead when set.
inline constexpr const char* kBgtAddress = "0x656b95E550C07a9ffe548bd4085c72418Ceb1dba";
// keccak256("Transfer(address,address,uint256)")
inline constexpr const char* kTransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
// balanceOf(address)
inline constexpr const char* kBalanceOfSelector = "0x70a08231";
inline constexpr const char* kZeroAddress = "0x0000000000000000000000000000000000000000";
// The scanned range: from a configured start block, or the last 50,000 blocks when it is unset or
// 0, in windows of 10,000 blocks (providers cap eth_getLogs ranges).
inline constexpr std::uint64_t kDefaultScanBlocks = 50'000;
inline constexpr std::uint64_t kLogWindowBlocks = 10'000;

inline bool is_hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// ^0x[0-9a-fA-F]{40}$
inline bool is_address(const std::string& text) {
  return text.size() == 42 && text[0] == '0' && text[1] == 'x' && std::all_of(text.begin() + 2, text.end(), is_hex_digit);
}

inline std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "0x" + 64 hex digits: the address as a 32-byte topic or ABI word.
inline std::string address_word(const std::string& address) {
  return "0x" + std::string(24, '0') + lower(address.substr(2));
}

// The address in a 32-byte topic ("0x" + 64 hex digits), lower case; nullopt when malformed.
inline std::optional<std::string> topic_address(const std::string& topic) {
  if (topic.size() != 66 || topic[0] != '0' || topic[1] != 'x') return std::nullopt;
  if (!std::all_of(topic.begin() + 2, topic.end(), is_hex_digit)) return std::nullopt;
  return "0x" + lower(topic.substr(26));
}

// A JSON-RPC QUANTITY/uint256 ("0x" + 1..64 hex digits) as decimal text; nullopt when malformed.
inline std::optional<std::string> hex_to_decimal(const std::string& hex) {
  if (hex.size() < 3 || hex.size() > 66 || hex[0] != '0' || hex[1] != 'x') return std::nullopt;
  std::string decimal = "0";  // most significant digit first
  for (std::size_t i = 2; i < hex.size(); ++i) {
    if (!is_hex_digit(hex[i])) return std::nullopt;
    int carry = std::isdigit(static_cast<unsigned char>(hex[i]))
                    ? hex[i] - '0'
                    : std::tolower(static_cast<unsigned char>(hex[i])) - 'a' + 10;
    for (auto d = decimal.rbegin(); d != decimal.rend(); ++d) {
      const int v = (*d - '0') * 16 + carry;
      *d = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
    while (carry > 0) {
      decimal.insert(decimal.begin(), static_cast<char>('0' + carry % 10));
      carry /= 10;
    }
  }
  decimal.erase(0, std::min(decimal.find_first_not_of('0'), decimal.size() - 1));
  return decimal;
}

inline std::string to_quantity(std::uint64_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (n == 0) return "0x0";
  std::string out;
  for (; n > 0; n /= 16) out.insert(out.begin(), kDigits[n % 16]);
  return "0x" + out;
}

}  // namespace arrakis::sietch
