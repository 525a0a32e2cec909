#pragma once
// The standard seeded Sietch every command plugin's tests (and the full-path tests) run against:
// one community with a 130-wallet ranking and 72 onboarded members, built so that every rule of
// the commands has data at its edges. Everything is deterministic; tests assert exact values.
//
// The ranking (chain-wide eligibility_current, replaced whole; clear_ranking() when done):
//   wallet_address(r) holds rank r, for r = 1..130.
//   ranks 1-69:   2000 - 15r BGT      (#1 1985, #7 1895, #63 1055, #64 1040, #69 965)
//                 except #65, which ties #64 at 1040 BGT
//   ranks 70-130: 900 - 14(r - 70) BGT (#70 900, #100 480, #130 60)
//                 except #101, which ties #100 at 480 BGT
//   Wallets kUnrankedWallet.. are valid addresses with no rank.
//
// Members (profiles of the community; member n is linked to wallet_address(n) and so holds rank n):
//   onboarded: n = 1-40, 60-72, 95-105, 120-125, and kUnrankedWallet (an onboarded member whose
//              wallet is not ranked) and kNoWalletMember (an onboarded member with no wallet linked)
//              -> 72 onboarded members
//   not onboarded: n = 41, 42 (profiles that never finished onboarding)
//   departed: n = 43 (onboarded, then left the server: departed_at set)
//   nym(n): a Dune name and n ("Stilgar-1", "chani-2", ...), mixed case on purpose
//   tier: from rank and BGT (arrakis::sietch::tier_for); joined_at: see joined_days_ago(n)
//   Naib seats: members 1-7 hold seats 1-7. Members 1-5 were seated within the council's first
//     hour, member 6 exactly one hour after the first seat (not founding: "within" is strict),
//     member 7 ninety days later.
//   Former Naib (is_former_naib): member 8 (two closed terms, 10 + 5 days), member 9 (one closed
//     term of 3 days), member 3 (a closed term of 20 days, and seated again now), member 10 (the
//     flag set but no closed seat).
//   Badges: member n holds the first n % 5 of (helper, builder, teacher, consistent, dedicated);
//     members with n % 7 == 0 also hold a revoked 'devoted' (which must never count).
//   Activity: activity_balance = (n * 13) % 300, total_messages = n * 7, last active n % 3 days ago.
//   Waitlist: the non-member Discord user waitlist_discord_id(75) registered wallet 75; member 71
//     registered its own wallet (rank 71).
#include <map>
#include <string>
#include <vector>

#include "arrakis/sietch/testing/seed.hpp"

namespace arrakis::sietch::testing {

inline constexpr int kRankedWallets = 130;
inline constexpr int kUnrankedWallet = 501;
inline constexpr int kNoWalletMember = 502;
inline constexpr int kOnboardedMembers = 72;

// The Discord id of member n, and of a Discord user who is no member (for waitlist rows).
std::string member_discord_id(int n);
std::string waitlist_discord_id(int n);
// The nym of member n: a Dune name and n, mixed case ("Stilgar-1", "chani-2").
std::string nym(int n);
// How many days before now member n joined (spread so tenure order differs from rank order).
int joined_days_ago(int n);
// BGT held at rank r in the standard ranking (whole BGT).
int standard_bgt(int rank);

// The member numbers that hold a profile, by kind.
std::vector<int> onboarded_members();
bool is_onboarded_member(int n);

struct SeededSietch {
  std::map<int, std::string> profile_ids;  // member n -> profile id (uuid text)
  const std::string& profile_id(int n) const { return profile_ids.at(n); }
};

// Replaces the ranking with the standard one and seeds the members of the bench's community.
SeededSietch seed_sietch(PluginBench& bench);
// The same for any community, given how to run SQL as the admin role (the full-path tests seed
// the worker's own database this way).
SeededSietch seed_sietch(const AdminSql& admin, const std::string& community_id);
void seed_standard_ranking(const AdminSql& admin);

}  // namespace arrakis::sietch::testing
