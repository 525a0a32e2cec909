// What one weekly digest says: the facts of one ISO week (Monday 00:00 UTC to the next Monday).
#pragma once

#include <string>
#include <vector>

namespace weekly_digest {

struct Week {
  std::string id;      // ISO week "2026-W48"
  std::string monday;  // "2026-11-23" (UTC)
  std::string label;   // "Nov 23 – Nov 29, 2026"
};

struct SeatChange {
  std::string nym;
  int seat = 0;
  std::string reason;  // unseat reason (bumped, left_server, ineligible, manual); "" for a seating
};

struct ActiveMember {
  std::string nym;
  long long points = 0;  // the decayed activity balance, rounded
};

struct BadgeAward {
  std::string nym, emoji, name;
};

struct Digest {
  Week week;
  int total_members = 0;  // onboarded, present, now
  int new_members = 0;    // of them, joined during the week
  std::vector<std::string> newcomers;  // the first few new members' nyms
  std::vector<SeatChange> seated, unseated;
  std::vector<ActiveMember> most_active;
  int badges_awarded = 0;
  std::vector<BadgeAward> recent_badges;  // the latest few awards of the week
  int promotions = 0;                     // tier promotions during the week
};

}  // namespace weekly_digest
