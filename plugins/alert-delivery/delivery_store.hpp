// What the alert delivery reads and writes: the recipient's profile, the member's alert
// preferences (locked for the decision), alert_history and the weekly counter, and the badge
// catalogue for badge_award DMs. Plain SQL under the event's community (row-level security).
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/alert_messages.hpp>

#include <optional>
#include <string>

namespace alert_delivery {

struct Profile {
  std::string id;
  std::string discord_id;
  bool onboarded = false;
  bool departed = false;
};

// The profile with this id, else (when the id is empty) the profile of this Discord user; nullopt
// when the community has none.
std::optional<Profile> read_profile(arrakis::sdk::Host& host, const std::string& profile_id,
                                    const std::string& discord_id);

// Creates the member's preferences with the defaults when missing and locks the row until the
// call ends, so two alerts for one member at once are decided one after the other (the cap holds).
void lock_preferences(arrakis::sdk::Host& host, const std::string& profile_id);

// One alert_history row: recipient_type 'member' (recipient_id = profile id) or 'waitlist'
// (recipient_id = Discord id); delivered when `error` is empty, else delivery_error = error.
void record_alert(arrakis::sdk::Host& host, const std::string& recipient_id, const std::string& recipient_type,
                  const std::string& type, const nlohmann::json& facts, const std::string& error);

// One more alert sent this week (a counter left from an earlier week starts again at 1).
void count_sent(arrakis::sdk::Host& host, const std::string& profile_id);

// The catalogue entry of a badge with `reason`; nullopt for an unknown id.
std::optional<arrakis::sietch::BadgeAwardFacts> badge_facts(arrakis::sdk::Host& host, const std::string& badge_id,
                                                            const std::string& reason);

}  // namespace alert_delivery
