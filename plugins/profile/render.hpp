// /profile's messages as pure functions of the rows the handlers read (members.hpp member rows,
// badges.hpp held-badge rows), so each is tested without a database. See docs/commands/profile.md.
#pragma once

#include <cstdint>
#include <string>

#include <arrakis/sdk.hpp>

namespace arrakis::profile {

// A nym can be changed once per this many days (the edit wizard enforces it; the profile shows it).
inline constexpr int kNymCooldownDays = 30;
// The DM button that opens the profile-edit wizard (served by the wizard's plugin, not this one).
inline constexpr const char* kEditStartId = "profile-edit:start";

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ" (the members.hpp timestamp format); 0 when
// the text is not in that format.
std::int64_t unix_seconds(const std::string& iso);
// Discord timestamp markup: "<t:1735689600:D>", rendered in the reader's own time zone.
std::string discord_time(std::int64_t unix, char style);

// "OG", "Elder", "Veteran", "Member" for a tenure category.
std::string tenure_label(const std::string& tenure);

// Your own profile (ephemeral): title "{tierEmoji} {nym}", bio, Tier / Member Since / Onboarding /
// Nym Changed. `now_s` decides whether the nym cooldown is still running.
sdk::Message own_profile(const nlohmann::json& member, std::int64_t now_s);
// Someone else's profile (public): Tier, Tenure, Badges, Recent Badges; no wallet, no Discord id.
sdk::Message public_profile(const nlohmann::json& member, const nlohmann::json& held_badges);

sdk::Message no_profile();

// The DM that starts the profile-edit wizard, and the channel answers around it.
sdk::Message edit_dm(const nlohmann::json& member, std::int64_t now_s);
sdk::Message check_your_dms();
sdk::Message dm_failed();

}  // namespace arrakis::profile
