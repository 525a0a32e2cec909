// The pieces of the eligibility sync: the chain reads (chain.cpp), the chain-wide sync job that
// builds the ranking (sync.cpp), the per-community job that applies a new ranking to one community
// (apply.cpp) and the messages it sends (messages.cpp). Behaviour: docs/events/eligibility-sync.md.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/chain_call.hpp>
#include <arrakis/sietch/ranking.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace arrakis::eligibility_sync {

// The chain could not be read, or answered something that cannot be read: the sync counts a
// failure and keeps the last ranking.
using ChainFailure = sietch::ChainFailure;  // sietch/chain_call.hpp
// The plugin's configuration is unusable (an operator must fix it): the job is dead-lettered.
struct ConfigFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SyncConfig {
  std::string token;              // lower case
  std::uint64_t start_block = 0;  // 0 = the last sietch::kDefaultScanBlocks blocks
  int rank_limit = sietch::kDefaultRankLimit;
};
// `bgt_address`, `start_block`, `rank_limit` (1-1000). Throws ConfigFailure.
SyncConfig read_config(sdk::Host& host);

// --- chain.cpp: every read throws ChainFailure
// One Transfer log: the wallet it concerns (the recipient, or the sender of a burn) and the amount.
struct TransferLog {
  std::string tx_hash;
  std::int64_t log_index = 0;
  std::uint64_t block = 0;
  std::string address;
  std::string wei;
};
struct TransferScan {
  std::vector<TransferLog> received;  // transfers to a wallet (mints included): candidate holders
  std::vector<TransferLog> burned;    // transfers from a wallet to 0x0: that wallet is never eligible
};
std::uint64_t block_number(sdk::Host& host);
// Every Transfer log of the token in [from, to], window by window (oldest first).
TransferScan scan_transfers(sdk::Host& host, const std::string& token, std::uint64_t from, std::uint64_t to);
// balanceOf(wallet), decimal wei.
std::string balance_of(sdk::Host& host, const std::string& token, const std::string& wallet);

// --- sync.cpp: the global `sync` schedule
void run_sync(sdk::Host& host, const sdk::Event& event);

// --- apply.cpp: the per-community `apply` schedule
void run_apply(sdk::Host& host, const sdk::Event& event);

// The ranking stored in a snapshot's data ({"ranking":[{"address","rank","wei"}...]}).
std::vector<sietch::RankedWallet> ranking_from_json(const nlohmann::json& data);
nlohmann::json ranking_to_json(const std::vector<sietch::RankedWallet>& ranking);

// --- messages.cpp: what members and channels read (pure)
// `who`: a member's nym, or a shortened address for a wallet that is no member here.
sdk::Message access_lost_dm(const sietch::RankChange& change, bool redeemed);
sdk::Message naib_demoted_dm(const sietch::RankChange& change);
sdk::Message naib_promoted_dm(const sietch::RankChange& change);
sdk::Message departure_post(const std::string& who, const sietch::RankChange& change, bool redeemed);
sdk::Message naib_change_post(const std::string& who, const sietch::RankChange& change);
sdk::Message new_naib_post(const std::string& who, const sietch::RankChange& change);
sdk::Message new_eligible_post(const std::string& who, const sietch::RankChange& change);
sdk::Message story_post(const std::string& fragment, bool naib);

struct CensusLine {
  int rank = 0;
  std::string who;
  std::string wei;
};
// "📜 BGT Census": the council (ranks 1-7), counts, the entry requirement; footer
// "Total Eligible: n/69".
sdk::Message census_post(const std::vector<CensusLine>& council, int eligible, int waiting, const std::string& entry_wei);

}  // namespace arrakis::eligibility_sync
