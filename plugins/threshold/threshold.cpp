// /threshold (public, no options): the BGT needed to enter the Sietch (the balance at rank 69), how
// many wallets are eligible (ranks 1-69, whatever their balance: admin overrides add wallets with
// BGT 0) and waiting (ranks 70-100), the gap between #69 and #70, and the top five of the waiting
// pool with a mark for wallets registered for alerts in this community. Every text and the choices
// made: docs/commands/threshold.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr std::uint32_t kColor = 0x8B4513;

struct Standing {
  std::string entry_wei;   // balance at rank 69, "" when fewer than 69 are ranked
  long long eligible = 0;  // ranks 1-69
  long long waiting = 0;   // ranks 70-100
  std::string gap_wei;     // BGT(69) - BGT(70), "" unless positive
};

struct Waiting {
  long long rank = 0;
  std::string address;
  std::string bgt_wei;
  std::string distance_wei;  // to the entry requirement, never negative
  bool registered = false;   // registered for alerts in this community
};

Standing read_standing(sdk::Host& host) {
  const auto rows = host.query(
      "SELECT " + sietch::wei_sql("(SELECT bgt_held FROM eligibility_current WHERE rank = 69)") + " AS entry, "
      "(SELECT count(*) FROM eligibility_current WHERE rank BETWEEN 1 AND 69) AS eligible, "
      "(SELECT count(*) FROM eligibility_current WHERE rank BETWEEN 70 AND 100) AS waiting, "
      "(SELECT CASE WHEN a.bgt_held > b.bgt_held THEN " + sietch::wei_sql("a.bgt_held - b.bgt_held") + " END "
      "   FROM eligibility_current a, eligibility_current b WHERE a.rank = 69 AND b.rank = 70) AS gap");
  Standing s;
  const auto& r = rows.at(0);
  if (r["entry"].is_string()) s.entry_wei = r["entry"];
  s.eligible = r["eligible"].get<long long>();
  s.waiting = r["waiting"].get<long long>();
  if (r["gap"].is_string()) s.gap_wei = r["gap"];
  return s;
}

std::vector<Waiting> read_waiting_pool(sdk::Host& host) {
  // Registrations are this community's (row-level security scopes the subquery).
  const auto rows = host.query(
      "SELECT e.rank, e.address, " + sietch::wei_sql("e.bgt_held") + " AS bgt, " +
      sietch::wei_sql("GREATEST(COALESCE((SELECT bgt_held FROM eligibility_current WHERE rank = 69), 0) - e.bgt_held, 0)") +
      " AS distance, EXISTS (SELECT 1 FROM waitlist_registrations w "
      "   WHERE w.active AND w.wallet_address = e.address) AS registered "
      "FROM eligibility_current e WHERE e.rank BETWEEN 70 AND 100 ORDER BY e.rank LIMIT 5");
  std::vector<Waiting> pool;
  for (const auto& r : rows) {
    pool.push_back({r["rank"].get<long long>(), r["address"].get<std::string>(), r["bgt"].get<std::string>(),
                    r["distance"].get<std::string>(), r["registered"].get<bool>()});
  }
  return pool;
}

std::string waiting_pool_text(const std::vector<Waiting>& pool) {
  std::string text;
  for (const auto& w : pool) {
    // Appended piece by piece: `"literal" + std::string&&` trips g++ 12's -Wrestrict false positive at -O3.
    if (!text.empty()) text.append("\n\n");
    text.append("**#").append(std::to_string(w.rank)).append("** ").append(sietch::short_address(w.address));
    if (w.registered) text.append(" 📬");
    text.append("\n└ ").append(sietch::format_bgt(w.bgt_wei)).append(" BGT • +");
    text.append(sietch::format_bgt(w.distance_wei)).append(" to entry");
  }
  return text;
}

sdk::Embed threshold_embed(const Standing& s, const std::vector<Waiting>& pool) {
  sdk::Embed embed;
  embed.title("⛩️ The Threshold").color(kColor);
  embed.field("🚪 Entry Requirement",
              s.entry_wei.empty() ? "**Open**\nFewer than 69 wallets are ranked: any eligible balance enters"
                                  : "**" + sietch::format_bgt(s.entry_wei) + " BGT**\nPosition #69 threshold",
              true);
  embed.field("📊 Statistics",
              "Eligible: **" + std::to_string(s.eligible) + "** members\nWaiting: **" + std::to_string(s.waiting) +
                  "** positions",
              true);
  if (!s.gap_wei.empty()) {
    embed.field("📏 Gap to Entry", "**" + sietch::format_bgt(s.gap_wei) + " BGT**\nDistance from #70 to entry", true);
  }
  if (pool.empty()) {
    embed.field("⏳ Waiting Pool", "No wallets currently in positions 70-100");
  } else {
    embed.field("⏳ Waiting Pool (Top 5)", waiting_pool_text(pool));
  }
  embed.footer("📬 = Registered for alerts • Use /register-waitlist to sign up");
  return embed;
}

void handle(sdk::Host& host, const sdk::Event&) {
  host.reply(sdk::Message().embed(threshold_embed(read_standing(host), read_waiting_pool(host))));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("threshold", 0, ARRAKIS_COMMAND_DEFINITION_THRESHOLD),
               handle)
