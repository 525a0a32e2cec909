#pragma once
// The simulated BGT holders: current balances (what balanceOf answers) and the Transfer history
// (what eth_getLogs answers). A set is generated from a seed or loaded from JSON; its JSON form
// (`chain-sim --print-holders`, GET /control/holders) also states what the eligibility rules of
// domain spec 3.1/3.3 should make of each wallet, so other tools can align with it.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/hex.hpp"

namespace arrakis::chain_sim {

inline constexpr std::uint64_t kChainId = 80094;
inline constexpr const char* kBgtAddress = "0x656b95e550c07a9ffe548bd4085c72418ceb1dba";
inline constexpr const char* kMulticall3Address = "0xca11bde05977b3631167028862be2a173976ca11";
inline constexpr const char* kZeroAddress = "0x0000000000000000000000000000000000000000";
inline constexpr std::uint64_t kDefaultHeadBlock = 8'000'000;
inline constexpr std::size_t kMinGeneratedWallets = 150;

struct Holder {
  std::string address;  // canonical lower-case
  Wei balance = 0;
  std::string label;    // what the generator meant it to exercise ("naib", "burner", ...); free text
};

struct Transfer {
  std::string from;  // kZeroAddress for a mint
  std::string to;    // kZeroAddress for a burn
  Wei amount = 0;
  std::uint64_t block = 0;
  std::string tx_hash;  // "0x" + 64 hex digits
};

struct HolderSet {
  std::uint64_t head_block = kDefaultHeadBlock;  // the chain head when the set is loaded
  std::vector<Holder> holders;
  std::vector<Transfer> transfers;  // sorted by block, in log order within a block
};

// What the rules make of one holder: eligible = balance > 0 and never burned (3.1); ranked by
// balance descending, ties broken by address ascending (the sync may break ties its own way).
struct Standing {
  bool burned = false;
  Wei burned_amount = 0;
  bool eligible = false;
  std::optional<int> rank;  // eligible wallets only
  std::string tier;         // 3.3: naib, fedaykin, usul ... hajra; empty when ineligible
};

// The tier of an eligible wallet by rank first, then balance (domain spec 3.3).
std::string tier_for(int rank, Wei balance);
// Parallel to set.holders.
std::vector<Standing> assess(const HolderSet& set);

struct GenerateOptions {
  std::uint64_t seed = 69;
  std::size_t wallets = 160;  // at least kMinGeneratedWallets
  std::uint64_t head_block = kDefaultHeadBlock;
};

// >= 150 wallets spanning every tier: ranks 1-7, 8-69, 70-100 and beyond, every BGT band, exact
// ties at the rank boundaries 7/8, 69/70 and 100/101, balances exactly on tier thresholds, burners
// (some large, one of a single wei, some left at zero) and zero-balance wallets. Mints and transfers
// lie 20,000-30,000 blocks before the head, burns in the last 20,000, so a sync scanning the last
// 50,000 blocks sees all of them for hours of simulated time. Same options, same set.
HolderSet generate_holder_set(const GenerateOptions& options);

struct HolderSetError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// JSON form: {"chain_id","token","head_block","holders":[{"address","balance","balance_bgt","label",
// "burned","burned_wei","eligible","rank","tier"}],"transfers":[{"from","to","amount","block",
// "tx_hash"}]}. Amounts are decimal wei strings.
nlohmann::json to_json(const HolderSet& set);
// Reads the same form. Only "holders" (each with "address" and "balance") is required. Without
// "transfers", a history is synthesised: a mint of balance + "burned_wei" to each holder and a burn
// of "burned_wei" where it is set. Throws HolderSetError naming the bad field.
HolderSet holder_set_from_json(const nlohmann::json& json);

}  // namespace arrakis::chain_sim
