// The rules of `/water-share share`, in the order they are checked (the first that fails is the
// one the member is told about). Pure: the facts are read by share_store, the order lives here.
#pragma once

#include <optional>
#include <string>

namespace water_share {

// What the rules look at, read before anything is written.
struct ShareFacts {
  std::string granter_profile_id;
  bool granter_has_badge = false;
  bool granter_has_active_grant = false;
  bool recipient_found = false;  // a present profile for the chosen Discord user
  std::string recipient_profile_id;
  bool recipient_onboarded = false;
  bool recipient_has_badge = false;
  bool recipient_ever_received = false;  // in any grant, revoked ones included
};

enum class Refusal {
  granter_no_badge,
  granter_already_shared,
  recipient_no_profile,
  share_to_self,
  recipient_not_onboarded,
  recipient_already_has_badge,
  recipient_already_received,
};

// The first rule the facts break, or nullopt when the share may go ahead.
std::optional<Refusal> first_refusal(const ShareFacts& facts);

// What the member reads for a refusal; `mention` is "<@id>" of the chosen member.
std::string refusal_message(Refusal refusal, const std::string& mention);

}  // namespace water_share
