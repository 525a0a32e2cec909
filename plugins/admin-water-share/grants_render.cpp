#include "grants_render.hpp"

namespace admin_water_share {

namespace sietch = arrakis::sietch;

std::string short_id(const std::string& id) { return id.substr(0, 8) + "..."; }

sdk::Embed list_embed(const std::vector<Grant>& shown, long long total) {
  std::string text;
  for (const auto& g : shown) {
    if (!text.empty()) text += "\n";
    text.append("**").append(g.granter_nym).append("** → **").append(g.recipient_nym).append("** `");
    text.append(short_id(g.id)).append("` (").append(g.granted_on).append(")");
  }
  const auto hidden = total - static_cast<long long>(shown.size());
  if (hidden > 0) text.append("\n…and ").append(std::to_string(hidden)).append(" more");
  sdk::Embed e;
  e.title("💧 Active Water Sharer Grants").color(sietch::kWaterColor).description(text);
  e.footer("Total active grants: " + std::to_string(total));
  return e;
}

std::string revoked_message(const Grant& g, const Revoked& r) {
  std::string text = "✅ Revoked Water Sharer grant.\n\n";
  text.append("**Granter:** ").append(g.granter_nym).append("\n**Recipient:** ").append(g.recipient_nym);
  text.append("\n**Grant ID:** `").append(g.id).append("`\n\n⚠️ **");
  text.append(std::to_string(r.grants - 1)).append(" downstream grant(s)** also revoked via cascade.\n💧 **");
  text.append(std::to_string(r.badges))
      .append(" Water Sharer badge(s)** given by these grants were revoked; badges awarded by an admin are kept.");
  return text;
}

sdk::Embed lineage_embed(const std::string& nym, const std::optional<sietch::WaterLink>& received_from,
                         const std::optional<sietch::WaterLink>& shared_to) {
  std::string text = "**Received from:** ";
  text += received_from ? received_from->nym + " (" + received_from->granted_on + ")" : "_(Admin awarded or not received)_";
  text += "\n**Shared to:** ";
  text += shared_to ? shared_to->nym + " (" + shared_to->granted_on + ")" : "_(Not yet shared)_";
  sdk::Embed e;
  e.title("💧 Water Sharer Lineage: " + nym).color(sietch::kWaterColor).description(text);
  return e;
}

std::string choice_label(const Grant& g) {
  // Nyms are at most 20 characters, so the label stays well under Discord's 100.
  return g.granter_nym + " → " + g.recipient_nym + " (" + short_id(g.id) + ")";
}

}  // namespace admin_water_share
