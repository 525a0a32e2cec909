// What /admin-badge shows: the replies to the admin, the badge_award DM to the member, and the
// autocomplete labels. Pure functions of their arguments. Wording: docs/commands/admin-badge.md.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"
#include "badge_store.hpp"

namespace admin_badge {

// Text a member typed or chose, made safe inside Discord markdown (a nym with "_", a reason with "*").
std::string escape_markdown(const std::string& text);

// "✅ Awarded **Helper** badge to **Stilgar-1**. *For answering every question*", with a second
// line when a revoked badge was restored and another when the member's DM could not be delivered.
std::string award_success(const Badge& badge, const std::string& nym, const std::string& reason, bool restored,
                          bool dm_delivered);
std::string already_held(const Badge& badge, const std::string& nym);
std::string not_awardable(const Badge& badge);
std::string revoke_success(const Badge& badge, const std::string& nym);
std::string nothing_to_revoke(const Badge& badge, const std::string& nym);
std::string unknown_badge(const std::string& typed_badge);
std::string missing_option(const std::string& option);
std::string reason_too_long(std::size_t max_characters);
std::string unknown_subcommand();

// The badge_award DM (arrakis/sietch/alert_messages.hpp, shared with the alert delivery); the
// water-sharer badge adds The Oasis and sharing fields.
arrakis::sdk::Message badge_award_dm(const Badge& badge, const std::string& reason);

// An autocomplete choice's label: "🤝 Helper (contribution)".
std::string choice_label(const std::string& emoji, const std::string& name, const std::string& category);

}  // namespace admin_badge
