// The pieces of /check-eligibility: the live chain check (chain_check.cpp), the cache and the
// ranking row (reading.cpp) and the answer (rendering.cpp). Behaviour: docs/commands/check-eligibility.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace arrakis::check_eligibility {

// Mainnet BGT on Berachain; the `bgt_address` configuration value replaces it.
inline constexpr const char* kDefaultBgtAddress = "0x656b95E550C07a9ffe548bd4085c72418Ceb1dba";
// keccak256("Transfer(address,address,uint256)")
inline constexpr const char* kTransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
// balanceOf(address)
inline constexpr const char* kBalanceOfSelector = "0x70a08231";
// The burn check scans what the eligibility sync scans: from `start_block`, or the last 50,000
// blocks when it is unset or 0, in windows of 10,000 blocks (providers cap eth_getLogs ranges).
inline constexpr std::uint64_t kDefaultScanBlocks = 50'000;
inline constexpr std::uint64_t kLogWindowBlocks = 10'000;
inline constexpr std::uint64_t kCacheTtlMs = 60'000;

// What the chain says about one wallet.
struct ChainResult {
  bool burned = false;
  std::string balance_wei = "0";  // decimal
  std::int64_t checked_at_ms = 0;
};

// Where the check reads: the token and the first block of the burn scan.
struct ChainConfig {
  std::string token;             // lower case
  std::uint64_t start_block = 0;  // 0 = the last kDefaultScanBlocks blocks
};

// The chain could not be asked or gave an answer that cannot be read (the user may try again).
struct ChainFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The plugin's configuration is unusable (an administrator must fix it).
struct ConfigFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ^0x[0-9a-fA-F]{40}$
bool is_address(const std::string& text);
std::string lower(std::string text);
// "0x" + 64 hex digits: the address as a 32-byte topic or ABI word.
std::string address_word(const std::string& address);
// A JSON-RPC QUANTITY/uint256 ("0x" + 1..64 hex digits) as decimal text; nullopt when malformed.
std::optional<std::string> hex_to_decimal(const std::string& hex);
std::string to_quantity(std::uint64_t n);

// Throws ConfigFailure.
ChainConfig read_config(sdk::Host& host);
// The burn check over the configured range (newest window first, stopping at the first burn),
// then balanceOf. Throws ChainFailure.
ChainResult check_on_chain(sdk::Host& host, const ChainConfig& config, const std::string& wallet);

// The cache (state, 60 s per wallet); failures of the state store only cost a chain check.
std::optional<ChainResult> cached_result(sdk::Host& host, const std::string& wallet);
void cache_result(sdk::Host& host, const std::string& wallet, const ChainResult& result);
std::string cache_key(const std::string& wallet);

// The wallet's row of the last ranking (eligibility_current), if any.
std::optional<int> read_rank(sdk::Host& host, const std::string& wallet);

// `from_cache`: the result was kept from an earlier check (the footer gives its age).
sdk::Message eligibility_message(const std::string& wallet, const ChainResult& result, std::optional<int> rank,
                                 bool from_cache, std::int64_t now_ms);
sdk::Message missing_wallet_message();
sdk::Message invalid_wallet_message();
sdk::Message chain_unreachable_message();
sdk::Message misconfigured_message();

}  // namespace arrakis::check_eligibility
