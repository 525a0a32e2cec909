// The plugin's own Administrator check, on every interaction it receives. The host refuses a
// non-admin's command before it gets here, but an autocomplete (never checked by the host) or a
// forged payload reaches the plugin directly. Worded and answered as the Sietch library's
// require_admin (arrakis/sietch/admin.hpp, on its way to main): once that header is there, this
// one function is replaced by it.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

namespace admin_water_share {

inline constexpr const char* kAdminRefusal = "🔒 You need the Administrator permission to use /admin-water-share.";

// True for an administrator; otherwise answers the refusal (for an autocomplete, which cannot carry
// a message, one choice labelled with it, value "-") and returns false.
inline bool require_admin(arrakis::sdk::Host& host, const arrakis::sdk::Event& event) {
  if (event.member_is_admin()) return true;
  host.warn("refused a member without the Administrator permission (user " + event.user_id() + ", " + event.type() + ")");
  if (event.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) {
    host.autocomplete(arrakis::sdk::Choices().add(kAdminRefusal, "-"));
  } else {
    host.reply(arrakis::sdk::Message().content(kAdminRefusal).ephemeral());
  }
  return false;
}

}  // namespace admin_water_share
