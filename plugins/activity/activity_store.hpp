// What activity tracking reads and writes: the community's channel allow-list, which of the users
// an event names are onboarded members, and member_activity. Plain SQL; row-level security scopes
// every statement to the event's community. The decay rule is arrakis/sietch/activity.hpp.
#pragma once

#include <arrakis/sdk.hpp>

#include <map>
#include <string>

namespace activity {

struct Context {
  bool channel_counts = false;                     // the allow-list is empty or lists the channel
  std::map<std::string, std::string> profile_ids;  // Discord id -> profile id, onboarded and present only
};

// The allow-list verdict for `channel_id` and the profiles of `user_a` and `user_b` ("" for none).
Context read_context(arrakis::sdk::Host& host, const std::string& channel_id, const std::string& user_a,
                     const std::string& user_b);

// What one event adds to a member's row.
struct Points {
  double points = 0;
  int messages = 0;
  int reactions_given = 0;
  int reactions_received = 0;
};

// Applies the member's pending decay, then adds `p` (creating the row on first activity): lifetime
// counters grow, peak_balance keeps the highest balance, last_active_at becomes now.
void add_points(arrakis::sdk::Host& host, const std::string& profile_id, const Points& p);

// Applies every member's pending decay (whole 6-hour periods); returns the rows that decayed.
std::uint64_t decay_all(arrakis::sdk::Host& host);

}  // namespace activity
