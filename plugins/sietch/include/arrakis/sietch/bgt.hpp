// How BGT amounts (stored in wei) and wallet addresses are shown.
#pragma once

#include <string>

namespace arrakis::sietch {

// SQL expression turning a numeric wei column into BGT text with at most two decimals
// ("1234.5", "69"); used inside queries so big integers never pass through a double.
inline std::string bgt_sql(const std::string& wei_expression) {
  return "trim_scale(round((" + wei_expression + ") / 1e18, 2))::text";
}

// "0x1234...abcd": addresses are shown shortened, never in full.
inline std::string short_address(const std::string& address) {
  if (address.size() < 10) return address;
  return address.substr(0, 6) + "..." + address.substr(address.size() - 4);
}

}  // namespace arrakis::sietch
