#include "arrakis/chain_sim/hex.hpp"

#include <algorithm>

namespace arrakis::chain_sim {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_prefix(std::string_view text) { return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'); }

}  // namespace

std::string to_hex(const Bytes& bytes) {
  // Sized once and written by index: push_back per digit showed up in the aggregate3 profile.
  std::string out(2 + bytes.size() * 2, '0');
  out[1] = 'x';
  char* digit = out.data() + 2;
  for (auto b : bytes) {
    *digit++ = kDigits[b >> 4];
    *digit++ = kDigits[b & 0xf];
  }
  return out;
}

std::optional<Bytes> from_hex(std::string_view text) {
  if (!has_prefix(text)) return std::nullopt;
  text.remove_prefix(2);
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(text[2 * i]);
    const int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::string to_quantity(std::uint64_t value) {
  if (value == 0) return "0x0";
  std::string digits;
  while (value != 0) {
    digits.push_back(kDigits[value & 0xf]);
    value >>= 4;
  }
  std::reverse(digits.begin(), digits.end());
  return "0x" + digits;
}

std::optional<std::uint64_t> parse_quantity(std::string_view text) {
  if (!has_prefix(text)) return std::nullopt;
  text.remove_prefix(2);
  if (text.empty()) return std::nullopt;
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text.size() > 16) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    const int n = nibble(c);
    if (n < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint64_t>(n);
  }
  return value;
}

std::string to_decimal(Wei value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<Wei> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 39) return std::nullopt;
  constexpr Wei kMax = ~Wei{0};
  Wei value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<Wei>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;  // would overflow 128 bits
    value = value * 10 + digit;
  }
  return value;
}

std::string format_tokens(Wei value) {
  std::string whole = to_decimal(value / kWeiPerToken);
  std::string fraction = to_decimal(value % kWeiPerToken);
  if (fraction == "0") return whole;
  fraction.insert(0, 18 - fraction.size(), '0');
  while (fraction.back() == '0') fraction.pop_back();
  return whole + "." + fraction;
}

std::optional<std::string> normalize_address(std::string_view text) {
  if (text.size() != 42 || !has_prefix(text)) return std::nullopt;
  std::string out = "0x";
  for (char c : text.substr(2)) {
    const int n = nibble(c);
    if (n < 0) return std::nullopt;
    out.push_back(kDigits[n]);
  }
  return out;
}

}  // namespace arrakis::chain_sim
