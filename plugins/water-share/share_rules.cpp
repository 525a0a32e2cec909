#include "share_rules.hpp"

namespace water_share {

std::optional<Refusal> first_refusal(const ShareFacts& f) {
  // The granter's own standing first: it does not depend on whom they picked.
  if (!f.granter_has_badge) return Refusal::granter_no_badge;
  if (f.granter_has_active_grant) return Refusal::granter_already_shared;
  if (!f.recipient_found) return Refusal::recipient_no_profile;
  if (f.recipient_profile_id == f.granter_profile_id) return Refusal::share_to_self;
  if (!f.recipient_onboarded) return Refusal::recipient_not_onboarded;
  if (f.recipient_has_badge) return Refusal::recipient_already_has_badge;
  if (f.recipient_ever_received) return Refusal::recipient_already_received;
  return std::nullopt;
}

std::string refusal_message(Refusal refusal, const std::string& mention) {
  switch (refusal) {
    case Refusal::granter_no_badge:
      return "❌ You do not have the Water Sharer badge, so there is nothing to share.";
    case Refusal::granter_already_shared:
      return "❌ You have already shared your badge with someone. Each Water Sharer can only share once.";
    case Refusal::recipient_no_profile:
      return "❌ " + mention + " has not completed onboarding yet. They must be an existing member of the Sietch.";
    case Refusal::share_to_self:
      return "❌ You cannot share the badge with yourself.";
    case Refusal::recipient_not_onboarded:
      return "❌ " + mention + " has not completed onboarding yet.";
    case Refusal::recipient_already_has_badge:
      return "❌ " + mention + " already has the Water Sharer badge.";
    case Refusal::recipient_already_received:
      return "❌ " + mention +
             " has already received the Water Sharer badge once. A member can receive it only once, even if it was "
             "later revoked.";
  }
  return "❌ The badge cannot be shared.";
}

}  // namespace water_share
