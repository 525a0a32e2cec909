// The Sietch's fixed ranks: who sits on the council, who is eligible, who is on the waitlist.
#pragma once

namespace arrakis::sietch {

inline constexpr int kNaibSeats = 7;            // ranks 1-7 can hold a Naib seat
inline constexpr int kLastEligibleRank = 69;    // ranks 1-69 enter the Sietch
inline constexpr int kFirstWaitlistRank = 70;   // ranks 70-100 wait for a seat to open
inline constexpr int kLastWaitlistRank = 100;

inline constexpr bool is_eligible_rank(int rank) { return rank >= 1 && rank <= kLastEligibleRank; }
inline constexpr bool is_waitlist_rank(int rank) { return rank >= kFirstWaitlistRank && rank <= kLastWaitlistRank; }

}  // namespace arrakis::sietch
