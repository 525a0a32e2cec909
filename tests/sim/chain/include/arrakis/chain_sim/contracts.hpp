#pragma once
// The two contracts eth_call reaches: BGT (ERC-20 views) and Multicall3 (aggregate3). Any other
// address has no code, so a call to it succeeds with empty output, as on a real node.
#include <cstdint>
#include <string>

#include "arrakis/chain_sim/hex.hpp"
#include "arrakis/chain_sim/ledger.hpp"

namespace arrakis::chain_sim {

struct CallOutcome {
  bool reverted = false;
  Bytes output;        // return data, or revert data when reverted
  std::string reason;  // the revert reason, when there is one
};

// Counts what the calls did, for /control/stats.
struct CallCounters {
  std::uint64_t balance_of = 0;  // direct and inside aggregate3
  std::uint64_t aggregate3 = 0;
  std::uint64_t reverts = 0;
};

CallOutcome execute_call(const Ledger& ledger, const std::string& to, const Bytes& data, CallCounters& counters);

}  // namespace arrakis::chain_sim
