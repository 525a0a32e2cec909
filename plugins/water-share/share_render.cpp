#include "share_render.hpp"

namespace water_share {

namespace sietch = arrakis::sietch;

namespace {
constexpr const char* kFooter = "The water of life flows through the Sietch";
}

sdk::Embed shared_embed(const std::string& recipient_nym) {
  sdk::Embed e;
  e.title("💧 Water Sharer Badge Shared!").color(sietch::kWaterColor);
  e.description("You have shared your **Water Sharer** badge with **" + recipient_nym +
                "**!\n\nThey now have access to The Oasis and can share the badge with one other member.");
  e.field("Recipient", recipient_nym, true);
  e.field("Your Status", "Badge shared (cannot share again)", true);
  e.footer(kFooter);
  return e;
}

sdk::Embed status_embed(const ShareStatus& s) {
  sdk::Embed e;
  e.title("💧 Water Sharer Status").color(s.has_badge ? sietch::kWaterColor : sietch::kNoWaterColor);
  if (!s.has_badge) {
    e.description(
        "You do not have the Water Sharer badge.\n\nThis badge is awarded by admins or shared by other Water Sharers.");
    e.footer(kFooter);
    return e;
  }
  std::string text = "You have the **Water Sharer** badge!\n\n";
  if (s.can_share()) {
    text += "✅ **You can share your badge** with one other member.\nUse `/water-share share` to share it.";
  } else {
    text += "You have already shared your badge with **" + s.shared_to->nym + "**.";
  }
  if (s.received_from) text += "\n\n_Badge received from **" + s.received_from->nym + "**_";
  e.description(text);
  e.field("Can Share", s.can_share() ? "✅ Yes" : "❌ No", true);
  if (s.shared_to) e.field("Shared With", s.shared_to->nym + " (" + s.shared_to->granted_on + ")", true);
  if (s.received_from) e.field("Received From", s.received_from->nym + " (" + s.received_from->granted_on + ")", true);
  e.footer(kFooter);
  return e;
}

}  // namespace water_share
