// How BGT amounts (stored in wei) and wallet addresses are shown.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace arrakis::sietch {

// SQL expression turning a numeric wei column into BGT text with at most two decimals
// ("1234.5", "69"); used inside queries so big integers never pass through a double.
inline std::string bgt_sql(const std::string& wei_expression) {
  return "trim_scale(round((" + wei_expression + ") / 1e18, 2))::text";
}

// SQL expression turning a numeric wei expression into its whole-wei decimal text ("1234500000000000000000"),
// the input format_bgt expects; NULL stays NULL.
inline std::string wei_sql(const std::string& wei_expression) { return "trunc(" + wei_expression + ")::text"; }

// Wei (a decimal integer text, optionally signed; digits after a '.' are sub-wei and ignored) as the
// BGT a member reads: thousands separators, at most two decimals with trailing zeros dropped,
// rounded half up ("1,234.5", "965", "0.01"). A non-zero amount never reads as "0": below 0.005 BGT
// it is "<0.01". Text that is not a number is returned unchanged rather than failing a command.
inline std::string format_bgt(const std::string& wei) {
  std::size_t i = 0;
  const bool negative = !wei.empty() && wei[0] == '-';
  if (!wei.empty() && (wei[0] == '-' || wei[0] == '+')) ++i;
  std::string digits;
  for (; i < wei.size() && wei[i] != '.'; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(wei[i]))) return wei;
    digits.push_back(wei[i]);
  }
  for (std::size_t j = i + (i < wei.size() ? 1 : 0); j < wei.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(wei[j]))) return wei;
  }
  if (digits.empty()) return wei;
  const bool nonzero = digits.find_first_not_of('0') != std::string::npos;
  // Hundredths of a BGT: wei / 1e16, rounded half up on the first dropped digit.
  constexpr std::size_t kDropped = 16;
  // Leading zeros up to at least one whole digit, plus one more that absorbs a rounding carry.
  digits.insert(0, digits.size() < kDropped + 3 ? kDropped + 4 - digits.size() : 1, '0');
  std::string cents = digits.substr(0, digits.size() - kDropped);
  if (digits[digits.size() - kDropped] >= '5') {
    std::size_t k = cents.size();
    while (cents[k - 1] == '9') cents[--k] = '0';  // stops at the leading '0' at the latest
    ++cents[k - 1];
  }
  std::string whole = cents.substr(0, cents.size() - 2);
  std::string fraction = cents.substr(cents.size() - 2);
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole == "0" && fraction.empty()) {
    if (!nonzero) return "0";
    return negative ? ">-0.01" : "<0.01";
  }
  std::string out;
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (k > 0 && (whole.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(whole[k]);
  }
  if (!fraction.empty()) out.append(".").append(fraction);
  if (negative) out.insert(out.begin(), '-');
  return out;
}

// "0x1234...abcd": addresses are shown shortened, never in full.
inline std::string short_address(const std::string& address) {
  if (address.size() < 10) return address;
  return address.substr(0, 6) + "..." + address.substr(address.size() - 4);
}

}  // namespace arrakis::sietch
