#include "arrakis/chain_sim/ledger.hpp"

#include <algorithm>

#include "arrakis/chain_sim/abi.hpp"
#include "arrakis/chain_sim/splitmix.hpp"

namespace arrakis::chain_sim {
namespace {

// 24 bytes derived from the number, then the number itself, so the hash looks random yet inverts.
Bytes block_hash_bytes(std::uint64_t block) {
  SplitMix64 rng(block ^ 0xb10cb10cb10cULL);
  Bytes out = rng.bytes(24);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(block >> shift));
  return out;
}

}  // namespace

std::string block_hash(std::uint64_t block) { return to_hex(block_hash_bytes(block)); }

bool block_number_of_hash(const std::string& hash, std::uint64_t& block) {
  const auto bytes = from_hex(hash);
  if (!bytes || bytes->size() != 32) return false;
  std::uint64_t number = 0;
  for (std::size_t i = 24; i < 32; ++i) number = number << 8 | (*bytes)[i];
  if (block_hash_bytes(number) != *bytes) return false;
  block = number;
  return true;
}

std::string address_topic(const std::string& address) { return to_hex(abi::encode_address(address)); }

Ledger::Ledger(HolderSet set) : set_(std::move(set)) {
  std::stable_sort(set_.transfers.begin(), set_.transfers.end(),
                   [](const Transfer& a, const Transfer& b) { return a.block < b.block; });
  balances_.reserve(set_.holders.size());
  for (const auto& h : set_.holders) {
    balances_[h.address] = h.balance;
    total_supply_ += h.balance;
  }
  logs_.reserve(set_.transfers.size());
  for (const auto& t : set_.transfers) {
    LogRecord log;
    log.block = t.block;
    log.log_index = !logs_.empty() && logs_.back().block == t.block ? logs_.back().log_index + 1 : 0;
    log.topics[0] = kTransferTopic;
    log.topics[1] = address_topic(t.from);
    log.topics[2] = address_topic(t.to);
    log.data = to_hex(abi::encode_uint(t.amount));
    log.tx_hash = t.tx_hash;
    logs_.push_back(std::move(log));
  }
}

Wei Ledger::balance_of(const std::string& canonical_address) const {
  const auto found = balances_.find(canonical_address);
  return found == balances_.end() ? 0 : found->second;
}

}  // namespace arrakis::chain_sim
