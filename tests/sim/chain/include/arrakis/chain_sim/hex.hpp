#pragma once
// Hex and number text as Ethereum JSON-RPC writes them: "0x"-prefixed byte strings ("DATA") and
// quantities without leading zeros ("QUANTITY"), plus the decimal text used for wei in our files.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arrakis::chain_sim {

// Token amounts in wei. 128 bits hold 3.4e20 BGT, far more than any supply the simulator serves;
// the ABI codec widens to 256 bits on the wire.
using Wei = unsigned __int128;
using Bytes = std::vector<std::uint8_t>;

inline constexpr Wei kWeiPerToken = 1'000'000'000'000'000'000ULL;  // 18 decimals

// "0x" + lower-case hex of every byte ("0x" for none).
std::string to_hex(const Bytes& bytes);
// Accepts "0x"/"0X" + an even number of hex digits (either case); nullopt otherwise.
std::optional<Bytes> from_hex(std::string_view text);

// QUANTITY: "0x0", "0x1a"; parsing accepts either case and tolerates leading zeros.
std::string to_quantity(std::uint64_t value);
std::optional<std::uint64_t> parse_quantity(std::string_view text);

// Decimal text of a wei amount and back (digits only, no sign, no separators, fits 128 bits).
std::string to_decimal(Wei value);
std::optional<Wei> parse_decimal(std::string_view text);

// "1234.5" style token amount (18 decimals, trailing zeros trimmed) for people reading dumps.
std::string format_tokens(Wei value);

// An address in canonical form: "0x" + 40 lower-case hex digits; nullopt when it is not one.
std::optional<std::string> normalize_address(std::string_view text);

}  // namespace arrakis::chain_sim
