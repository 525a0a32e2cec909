#include "digest_render.hpp"

#include <arrakis/sietch/markdown.hpp>

namespace sdk = arrakis::sdk;
using arrakis::sietch::escape_markdown;
using nlohmann::json;

namespace weekly_digest {

namespace {

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string unseat_reason(const std::string& reason) {
  if (reason == "bumped") return "bumped by a member holding more BGT";
  if (reason == "left_server") return "left the server";
  if (reason == "ineligible") return "no longer eligible";
  if (reason == "manual") return "unseated by an admin";
  return reason;
}

std::string newcomers_text(const Digest& d) {
  std::string text = plural(d.new_members, "member", "members") + " joined this week";
  if (d.newcomers.empty()) return text + ".";
  text += ": ";
  for (std::size_t i = 0; i < d.newcomers.size(); ++i) {
    if (i) text += ", ";
    text += "**" + escape_markdown(d.newcomers[i]) + "**";
  }
  const int more = d.new_members - static_cast<int>(d.newcomers.size());
  if (more > 0) text += " and " + std::to_string(more) + " more";
  return text + ".";
}

std::string council_text(const Digest& d) {
  std::string text;
  for (const auto& s : d.seated) {
    text += "• **" + escape_markdown(s.nym) + "** took seat #" + std::to_string(s.seat) + "\n";
  }
  for (const auto& s : d.unseated) {
    text += "• **" + escape_markdown(s.nym) + "** left seat #" + std::to_string(s.seat) + " (" +
            unseat_reason(s.reason) + ")\n";
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string active_text(const Digest& d) {
  std::string text;
  int place = 0;
  for (const auto& m : d.most_active) {
    text += std::to_string(++place) + ". **" + escape_markdown(m.nym) + "**: " +
            std::to_string(m.points) + (m.points == 1 ? " point\n" : " points\n");
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string badges_text(const Digest& d) {
  std::string text = plural(d.badges_awarded, "badge", "badges") + " awarded this week";
  if (d.recent_badges.empty()) return text + ".";
  text += (d.badges_awarded > static_cast<int>(d.recent_badges.size()) ? ", the latest:" : ":");
  for (const auto& b : d.recent_badges) text += "\n• **" + escape_markdown(b.nym) + "**: " + b.emoji + " " + b.name;
  return text;
}

}  // namespace

sdk::Message digest_message(const Digest& d) {
  sdk::Embed e;
  e.title("📜 Weekly Pulse of the Sietch").color(kDigestColor);
  const bool quiet = d.new_members == 0 && d.seated.empty() && d.unseated.empty() && d.most_active.empty() &&
                     d.badges_awarded == 0 && d.promotions == 0;
  e.description("**Week of " + d.week.label + "**" + (quiet ? "\n\nA quiet week in the deep desert." : ""));
  e.field("📊 Community",
          "Members: **" + std::to_string(d.total_members) + "**" +
              (d.new_members > 0 ? " (+" + std::to_string(d.new_members) + " new)" : ""));
  if (d.new_members > 0) e.field("🎖️ New Members", newcomers_text(d));
  if (!d.seated.empty() || !d.unseated.empty()) e.field("👑 Naib Council", council_text(d));
  if (!d.most_active.empty()) e.field("🔥 Most Active", active_text(d));
  if (d.badges_awarded > 0) e.field("🏅 Badges", badges_text(d));
  if (d.promotions > 0) e.field("⬆️ Tier Promotions", plural(d.promotions, "member", "members") + " rose to a higher tier.");
  e.footer("The spice flows… • " + d.week.id);
  return sdk::Message().embed(e).no_mentions();
}

json totals(const Digest& d) {
  json seated = json::array(), unseated = json::array(), active = json::array();
  for (const auto& s : d.seated) seated.push_back({{"nym", s.nym}, {"seat", s.seat}});
  for (const auto& s : d.unseated) unseated.push_back({{"nym", s.nym}, {"seat", s.seat}, {"reason", s.reason}});
  for (const auto& m : d.most_active) active.push_back({{"nym", m.nym}, {"points", m.points}});
  return {{"totalMembers", d.total_members}, {"newMembers", d.new_members}, {"naibSeated", seated},
          {"naibUnseated", unseated},        {"mostActive", active},          {"badgesAwarded", d.badges_awarded},
          {"promotions", d.promotions}};
}

}  // namespace weekly_digest
