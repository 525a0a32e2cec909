// The plugin's own Administrator check, on every interaction it receives. The host refuses a
// non-admin's command before it gets here, but an autocomplete (never checked by the host) or a
// forged payload reaches the plugin directly.
#pragma once

#include <arrakis/sdk.hpp>

namespace admin_water_share {

// True for an administrator; otherwise answers the refusal (an empty choice list for an
// autocomplete) and returns false.
inline bool require_admin(arrakis::sdk::Host& host, const arrakis::sdk::Event& event) {
  if (event.member_is_admin()) return true;
  if (event.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) {
    host.autocomplete(arrakis::sdk::Choices());
  } else {
    host.reply(arrakis::sdk::Message()
                   .content("🔒 You need the Administrator permission to use /admin-water-share.")
                   .ephemeral());
  }
  return false;
}

}  // namespace admin_water_share
