#pragma once
// The slice of the Solidity contract ABI the simulator speaks, encoded and decoded by hand:
// static words (uint256, address, bool), `string` return values, revert reasons, and Multicall3's
// aggregate3((address,bool,bytes)[]) -> (bool,bytes)[]. Decoding checks every offset and length
// against the input, so hostile calldata yields AbiError rather than a read out of bounds.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "arrakis/chain_sim/hex.hpp"

namespace arrakis::chain_sim::abi {

struct AbiError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Selector = std::array<std::uint8_t, 4>;

// Function selectors (first 4 bytes of keccak256 of the signature).
inline constexpr Selector kBalanceOf{0x70, 0xa0, 0x82, 0x31};    // balanceOf(address)
inline constexpr Selector kDecimals{0x31, 0x3c, 0xe5, 0x67};     // decimals()
inline constexpr Selector kSymbol{0x95, 0xd8, 0x9b, 0x41};       // symbol()
inline constexpr Selector kName{0x06, 0xfd, 0xde, 0x03};         // name()
inline constexpr Selector kTotalSupply{0x18, 0x16, 0x0d, 0xdd};  // totalSupply()
inline constexpr Selector kAggregate3{0x82, 0xad, 0x56, 0xcb};   // aggregate3((address,bool,bytes)[])
inline constexpr Selector kErrorString{0x08, 0xc3, 0x79, 0xa0};  // Error(string), the revert reason

bool has_selector(const Bytes& call_data, const Selector& selector);

// One 32-byte word each, big-endian, left-padded.
Bytes encode_uint(Wei value);
Bytes encode_address(const std::string& address);  // "0x" + 40 hex digits
Bytes encode_bool(bool value);
// A function's single `string` return value (offset, length, padded bytes).
Bytes encode_string(const std::string& value);
// Revert data for `revert("reason")`: Error(string) selector + the string.
Bytes encode_error_string(const std::string& reason);

// Reads the word at `offset` as a uint; throws when it is out of bounds or does not fit 128 bits.
Wei decode_uint(const Bytes& data, std::size_t offset = 0);
// Reads an address word; throws when the upper 12 bytes are not zero (Solidity's decoder reverts).
std::string decode_address(const Bytes& data, std::size_t offset = 0);

// balanceOf(address) calldata, for clients, tests and benchmarks.
Bytes encode_balance_of_call(const std::string& address);

struct Call3 {
  std::string target;  // canonical lower-case address
  bool allow_failure = false;
  Bytes call_data;
};

struct Call3Result {
  bool success = false;
  Bytes return_data;
};

// aggregate3 calldata with its selector, and the arguments after the selector.
Bytes encode_aggregate3_call(const std::vector<Call3>& calls);
std::vector<Call3> decode_aggregate3_args(const Bytes& args);
// aggregate3's return value, and back.
Bytes encode_aggregate3_result(const std::vector<Call3Result>& results);
std::vector<Call3Result> decode_aggregate3_result(const Bytes& data);

}  // namespace arrakis::chain_sim::abi
