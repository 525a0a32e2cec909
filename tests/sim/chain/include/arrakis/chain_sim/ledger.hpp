#pragma once
// A holder set indexed for serving: balances by address and Transfer logs by block, with every log
// field pre-rendered as JSON-RPC text. Immutable once built, so request threads share it freely.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "arrakis/chain_sim/holder_set.hpp"

namespace arrakis::chain_sim {

// keccak256("Transfer(address,address,uint256)")
inline constexpr const char* kTransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

struct LogRecord {
  std::uint64_t block = 0;
  std::uint64_t log_index = 0;  // position in its block; one log per transaction, so also the tx index
  std::string topics[3];        // Transfer, from, to (addresses left-padded to 32 bytes)
  std::string data;             // the amount as one 32-byte word
  std::string tx_hash;
};

// Deterministic stand-in for a block's hash; block_number_of_hash() inverts it.
std::string block_hash(std::uint64_t block);
bool block_number_of_hash(const std::string& hash, std::uint64_t& block);

// An address as an indexed event topic: 12 zero bytes then the 20 address bytes.
std::string address_topic(const std::string& address);

class Ledger {
 public:
  explicit Ledger(HolderSet set);

  const HolderSet& set() const { return set_; }
  Wei balance_of(const std::string& canonical_address) const;
  Wei total_supply() const { return total_supply_; }
  // Logs are ordered by (block, log_index).
  const std::vector<LogRecord>& logs() const { return logs_; }

 private:
  HolderSet set_;
  std::unordered_map<std::string, Wei> balances_;
  Wei total_supply_ = 0;
  std::vector<LogRecord> logs_;
};

}  // namespace arrakis::chain_sim
