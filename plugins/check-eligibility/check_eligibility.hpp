// The pieces of /check-eligibility: the live chain check (chain_check.cpp), the cache and the
// ranking row (reading.cpp) and the answer (rendering.cpp). Behaviour: docs/commands/check-eligibility.md.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/chain_call.hpp>
#include <arrakis/sietch/bgt_chain.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace arrakis::check_eligibility {

// The token, the Transfer topic, balanceOf, the scanned range and the JSON-RPC words are the
// eligibility sync's too: arrakis/sietch/bgt_chain.hpp.
inline constexpr const char* kDefaultBgtAddress = sietch::kBgtAddress;
using sietch::kBalanceOfSelector;
using sietch::kDefaultScanBlocks;
using sietch::kLogWindowBlocks;
using sietch::kTransferTopic;
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
using ChainFailure = sietch::ChainFailure;  // sietch/chain_call.hpp
// The plugin's configuration is unusable (an administrator must fix it).
struct ConfigFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using sietch::address_word;
using sietch::hex_to_decimal;
using sietch::is_address;
using sietch::lower;
using sietch::to_quantity;

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
