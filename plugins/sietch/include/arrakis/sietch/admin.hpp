// The Administrator re-check of the Sietch admin commands. The worker already refuses a member
// without the Administrator bit before an ARRAKIS_COMMAND_ADMIN command runs (and answers its
// autocomplete with no choices), but a plugin must not trust that it is only ever called through
// that worker: every
// admin plugin calls require_admin() first on every interaction it owns (command, autocomplete,
// buttons, selects, modals), so a forged payload gets the same refusal.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// The refusal, worded as the worker's own check words it, so the member reads one message
// whichever layer refuses: "🔒 You need the Administrator permission to use /admin-badge." for a
// command or its autocomplete, "🔒 You need the Administrator permission to do this." otherwise.
inline std::string admin_refusal(const sdk::Event& event) {
  const std::string command = event.command_name();
  if (command.empty()) return "🔒 You need the Administrator permission to do this.";
  return "🔒 You need the Administrator permission to use /" + command + ".";
}

// The value of the single choice an autocomplete refusal offers. Picking it only submits the
// command, which the same check refuses again.
inline constexpr const char* kAdminRefusalChoiceValue = "-";

// True for a member with the Administrator bit (0x8 of the permissions Discord sent). Otherwise
// answers the refusal ephemerally (an autocomplete, which cannot carry a message, answers one
// choice whose label is the refusal), logs the attempt, and returns false: the caller returns.
inline bool require_admin(sdk::Host& host, const sdk::Event& event) {
  if (event.member_is_admin()) return true;
  std::string why = "refused a member without the Administrator permission (user ";
  why.append(event.user_id()).append(", ").append(event.type()).append(")");
  host.warn(why);
  host.count("sietch_admin_refusals_total");
  if (event.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) {
    host.autocomplete(sdk::Choices().add(admin_refusal(event), kAdminRefusalChoiceValue));
  } else {
    host.reply(sdk::Message().content(admin_refusal(event)).ephemeral());
  }
  return false;
}

}  // namespace arrakis::sietch
