// The BGT ranking as the eligibility sync builds it (domain 3.1, decision D2) and what changed
// between two rankings. Balances stay exact decimal wei text throughout: a ranking is ordered and
// tiered without passing through a double. Used by plugins/eligibility-sync
// (docs/events/eligibility-sync.md); pure, so its rules are tested without a database.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "arrakis/sietch/ranks.hpp"
#include "arrakis/sietch/tiers.hpp"

namespace arrakis::sietch {

// How many ranks the sync stores by default (D2: the waitlist 70-100 needs them).
inline constexpr int kDefaultRankLimit = kLastWaitlistRank;

struct Holding {
  std::string address;  // lower case
  std::string wei;      // decimal, no sign
};

struct RankedWallet {
  std::string address;
  int rank = 0;
  std::string wei;
};

// Decimal wei without leading zeros ("" and "000" are "0").
inline std::string canonical_wei(const std::string& wei) {
  const auto first = wei.find_first_not_of('0');
  return first == std::string::npos ? "0" : wei.substr(first);
}

// <0, 0, >0 as a is less than, equal to, greater than b (both decimal wei).
inline int compare_wei(const std::string& a, const std::string& b) {
  const std::string x = canonical_wei(a), y = canonical_wei(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
}

// Whole hundredths of a BGT in `wei`, rounded down (thresholds have at most two decimals).
inline long long wei_hundredths(const std::string& wei) {
  const std::string w = canonical_wei(wei);
  if (w.size() <= 16) return 0;
  const std::string head = w.substr(0, w.size() - 16);
  if (head.size() > 17) return 100000000000000000LL;  // far beyond every threshold
  return std::stoll(head);
}

// The tier (index in kTiers) of a wallet at `rank` (0 = unranked) holding `wei`: the exact form
// of tier_index(), with no rounding at a threshold.
inline std::size_t tier_index_wei(int rank, const std::string& wei) {
  if (rank >= 1 && rank <= kNaibSeats) return kNaibTier;
  if (is_eligible_rank(rank)) return kFedaykinTier;
  const long long cents = wei_hundredths(wei);
  std::size_t index = 0;
  for (std::size_t i = 0; i < kFedaykinTier; ++i) {
    if (cents >= static_cast<long long>(kTiers[i].min_bgt * 100 + 0.5)) index = i;
  }
  return index;
}

// eligibility_current.role of a rank.
inline const char* rank_role(int rank) {
  if (rank >= 1 && rank <= kNaibSeats) return "naib";
  if (is_eligible_rank(rank)) return "fedaykin";
  return "none";
}

// The ranking: zero balances dropped (a burner must be left out by the caller); balance
// descending, ties by address ascending (deterministic, and the order chain-sim states); then the
// admin `added` addresses not ranked already, with balance 0, by address; ranks 1..limit.
inline std::vector<RankedWallet> rank_wallets(std::vector<Holding> holdings, std::vector<std::string> added, int limit) {
  holdings.erase(std::remove_if(holdings.begin(), holdings.end(),
                                [](const Holding& h) { return canonical_wei(h.wei) == "0"; }),
                 holdings.end());
  std::sort(holdings.begin(), holdings.end(), [](const Holding& a, const Holding& b) {
    const int c = compare_wei(a.wei, b.wei);
    return c != 0 ? c > 0 : a.address < b.address;
  });
  std::set<std::string> seen;
  std::vector<RankedWallet> out;
  for (const auto& h : holdings) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (!seen.insert(h.address).second) continue;
    out.push_back({h.address, static_cast<int>(out.size()) + 1, canonical_wei(h.wei)});
  }
  std::sort(added.begin(), added.end());
  for (const auto& a : added) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (seen.count(a)) continue;
    // Ranked wallets beyond the limit are not in `seen`: an added wallet with a balance that
    // did not make the cut is not placed ahead of them with 0.
    if (std::any_of(holdings.begin(), holdings.end(), [&](const Holding& h) { return h.address == a; })) continue;
    seen.insert(a);
    out.push_back({a, static_cast<int>(out.size()) + 1, "0"});
  }
  return out;
}

// One wallet's move between two rankings (rank 0 = not ranked).
struct RankChange {
  std::string address;
  int previous_rank = 0;
  int rank = 0;
  std::string wei;  // in the newer ranking ("0" when not ranked)
};

// Domain 2.5 step 4, each wallet in at most one list: `added` entered ranks 1-69 (a wallet that
// enters straight into 1-7 is `promoted` instead), `removed` left them, `promoted` entered ranks
// 1-7, `demoted` left 1-7 but stays eligible.
struct RankingDiff {
  std::vector<RankChange> added, removed, promoted, demoted;
  bool empty() const { return added.empty() && removed.empty() && promoted.empty() && demoted.empty(); }
};

inline RankingDiff diff_rankings(const std::vector<RankedWallet>& previous, const std::vector<RankedWallet>& current) {
  std::map<std::string, const RankedWallet*> before, after;
  for (const auto& w : previous) before[w.address] = &w;
  for (const auto& w : current) after[w.address] = &w;
  auto rank_in = [](const std::map<std::string, const RankedWallet*>& m, const std::string& a) {
    const auto it = m.find(a);
    return it == m.end() ? 0 : it->second->rank;
  };
  auto naib = [](int r) { return r >= 1 && r <= kNaibSeats; };
  RankingDiff diff;
  for (const auto& w : current) {
    const int was = rank_in(before, w.address);
    if (naib(w.rank) && !naib(was)) {
      diff.promoted.push_back({w.address, was, w.rank, w.wei});
    } else if (is_eligible_rank(w.rank) && !is_eligible_rank(was)) {
      diff.added.push_back({w.address, was, w.rank, w.wei});
    } else if (naib(was) && !naib(w.rank) && is_eligible_rank(w.rank)) {
      diff.demoted.push_back({w.address, was, w.rank, w.wei});
    }
  }
  for (const auto& w : previous) {
    const int now = rank_in(after, w.address);
    if (is_eligible_rank(w.rank) && !is_eligible_rank(now)) {
      const auto it = after.find(w.address);
      diff.removed.push_back({w.address, w.rank, now, it == after.end() ? "0" : it->second->wei});
    }
  }
  return diff;
}

}  // namespace arrakis::sietch
