// /threshold (public): the BGT needed to enter the Sietch (the balance at rank 69), how many are
// eligible and waiting, the gap between #69 and #70, and the top of the waiting pool (ranks
// 70-100) with a mark for wallets registered for alerts. Behaviour: domain.md 1.3.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr std::uint32_t kColor = 0x8B4513;

struct Standing {
  std::string entry_bgt;     // balance at rank 69 ("" when fewer than 69 are ranked)
  long long eligible = 0;    // ranks 1-69
  long long waiting = 0;     // ranks 70-100
  std::string gap_bgt;       // BGT(69) - BGT(70), "" when not positive
};

Standing read_standing(sdk::Host& host) {
  auto rows = host.query(
      "SELECT " + sietch::bgt_sql("(SELECT bgt_held FROM eligibility_current WHERE rank = 69)") + " AS entry, "
      "(SELECT count(*) FROM eligibility_current WHERE rank <= 69 AND bgt_held > 0) AS eligible, "
      "(SELECT count(*) FROM eligibility_current WHERE rank BETWEEN 70 AND 100) AS waiting, "
      "(SELECT CASE WHEN a.bgt_held > b.bgt_held THEN " + sietch::bgt_sql("a.bgt_held - b.bgt_held") + " END "
      "   FROM eligibility_current a, eligibility_current b WHERE a.rank = 69 AND b.rank = 70) AS gap");
  Standing s;
  const auto& r = rows.at(0);
  if (r["entry"].is_string()) s.entry_bgt = r["entry"];
  s.eligible = r["eligible"].get<long long>();
  s.waiting = r["waiting"].get<long long>();
  if (r["gap"].is_string()) s.gap_bgt = r["gap"];
  return s;
}

std::string waiting_pool(sdk::Host& host) {
  // Registered wallets are this community's (row-level security scopes the join).
  auto rows = host.query(
      "SELECT e.rank, e.address, " + sietch::bgt_sql("e.bgt_held") + " AS bgt, " +
      sietch::bgt_sql("GREATEST((SELECT bgt_held FROM eligibility_current WHERE rank = 69) - e.bgt_held, 0)") +
      " AS distance, EXISTS (SELECT 1 FROM waitlist_registrations w "
      "   WHERE w.active AND w.wallet_address = e.address) AS registered "
      "FROM eligibility_current e WHERE e.rank BETWEEN 70 AND 100 ORDER BY e.rank LIMIT 5");
  if (rows.empty()) return "No wallets currently in positions 70-100";
  std::string text;
  for (const auto& r : rows) {
    // Appended piece by piece: `"literal" + std::string&&` trips g++ 12's -Wrestrict false positive at -O3.
    text.append("#").append(std::to_string(r["rank"].get<long long>())).append(" `");
    text.append(sietch::short_address(r["address"].get<std::string>())).append("`");
    if (r["registered"].get<bool>()) text.append(" 📬");
    text.append("\n└ ").append(r["bgt"].get<std::string>()).append(" BGT • +");
    text.append(r["distance"].get<std::string>()).append(" to entry\n");
  }
  text.pop_back();
  return text;
}

void handle(sdk::Host& host, const sdk::Event&) {
  const Standing s = read_standing(host);
  sdk::Embed embed;
  embed.title("⛩️ The Threshold").color(kColor);
  embed.field("🚪 Entry Requirement",
              s.entry_bgt.empty() ? "Fewer than 69 wallets are ranked: any eligible balance enters"
                                  : "**" + s.entry_bgt + " BGT**\nPosition #69 threshold",
              true);
  embed.field("📊 Statistics",
              "Eligible: **" + std::to_string(s.eligible) + "**\nWaiting: **" + std::to_string(s.waiting) + "**", true);
  if (!s.gap_bgt.empty()) embed.field("📏 Gap to Entry", s.gap_bgt + " BGT between #69 and #70", true);
  embed.field("⏳ Waiting Pool (Top 5)", waiting_pool(host));
  embed.footer("📬 = Registered for alerts • Use /register-waitlist to be notified when a seat opens");
  host.reply(sdk::Message().embed(embed));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("threshold", 0, ARRAKIS_COMMAND_DEFINITION_THRESHOLD),
               handle)
