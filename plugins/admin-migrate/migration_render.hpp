// What /admin-migrate shows: pure functions from state to embeds and messages.
#pragma once

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/coexistence.hpp>

#include "migration.hpp"

namespace admin_migrate {

inline constexpr std::uint32_t kGreen = 0x27AE60;
inline constexpr std::uint32_t kRed = 0xE74C3C;
inline constexpr std::uint32_t kBlue = 0x3498DB;
inline constexpr std::uint32_t kOrange = 0xF39C12;
inline constexpr std::uint32_t kGrey = 0x95A5A6;

// "2026-12-03" and "2026-12-03T15:04:05.000Z" (UTC) of a time in ms since the epoch.
std::string utc_date(std::int64_t ms);
std::string utc_iso(std::int64_t ms);

// The readiness check; `blocked` titles it "⛔ Migration Blocked - Not Ready" (execute).
arrakis::sdk::Embed readiness_embed(const arrakis::sietch::CoexistenceState& state, const Readiness& readiness,
                                    bool blocked = false);

// The dry run. `now_ms` dates the estimated completion of a gradual migration.
arrakis::sdk::Embed plan_embed(const Options& options, const arrakis::sietch::CoexistenceState& state,
                               const Readiness& readiness, std::int64_t now_ms);

// Execute refused because the strategy would not move the community forward.
arrakis::sdk::Embed wrong_direction_embed(const Options& options, const std::string& mode);

// The confirmation with its two buttons; their custom ids carry the admin and this confirmation.
arrakis::sdk::Message confirm_message(const Options& options, const std::string& mode, const std::string& admin_id,
                                      const std::string& nonce);

arrakis::sdk::Embed executed_embed(const Options& options, std::int64_t executed_at_ms, const Batches& batches);
arrakis::sdk::Embed cancelled_embed();
// `replaced`: a newer confirmation of the same admin replaced this one.
arrakis::sdk::Embed timed_out_embed(bool replaced = false);
// The mode changed between the confirmation and the click (another admin, another replica).
arrakis::sdk::Embed state_changed_embed(const std::string& expected_mode, const std::string& mode);

}  // namespace admin_migrate
