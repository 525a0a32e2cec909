// The answers of /check-eligibility, all ephemeral: the verdict embed and the error messages.
#include <arrakis/sietch/sietch.hpp>

#include <algorithm>

#include "check_eligibility.hpp"

namespace arrakis::check_eligibility {

namespace sietch = arrakis::sietch;

namespace {

constexpr std::uint32_t kSeatColor = 0x2ECC71;      // green: a seat in the Sietch
constexpr std::uint32_t kWaitlistColor = 0xF39C12;  // orange: waiting for a seat
constexpr std::uint32_t kOutsideColor = 0x95A5A6;   // grey: eligible, beyond the waitlist
constexpr std::uint32_t kIneligibleColor = 0xE74C3C;

struct Verdict {
  std::string headline;
  std::string reason;
  std::uint32_t color;
};

Verdict verdict(const ChainResult& r, std::optional<int> rank) {
  const std::string at = rank ? "#" + std::to_string(*rank) : "";
  if (r.burned || r.balance_wei == "0") {
    Verdict v{"❌ **Not eligible**",
              r.burned ? "This wallet has sent BGT to the zero address (a burn). A wallet that has ever burned BGT is "
                         "never eligible."
                       : "This wallet holds no BGT. Eligibility needs a balance above zero.",
              kIneligibleColor};
    // The ranking is from the last sync; the chain just said otherwise.
    if (rank) v.reason += "\nIt still shows at " + at + " until the ranking is next refreshed (every 6 hours).";
    return v;
  }
  if (rank && *rank <= sietch::kNaibSeats) {
    return {"✅ **Eligible: a seat in the Sietch**",
            "Ranked " + at + ": the top 7 can hold a Naib seat, and the top 69 hold a seat in the Sietch.", kSeatColor};
  }
  if (rank && sietch::is_eligible_rank(*rank)) {
    return {"✅ **Eligible: a seat in the Sietch**", "Ranked " + at + ": the top 69 holders hold a seat in the Sietch.",
            kSeatColor};
  }
  if (rank && sietch::is_waitlist_rank(*rank)) {
    return {"⏳ **Eligible: on the waitlist**",
            "Ranked " + at + ": positions 70-100 wait for a seat to open. Use /register-waitlist to be alerted when "
                             "one does.",
            kWaitlistColor};
  }
  if (rank) {
    return {"🟡 **Eligible, outside the top 100**",
            "Ranked " + at + ": only the top 69 hold a seat and positions 70-100 wait for one.", kOutsideColor};
  }
  return {"🟡 **Eligible, not ranked**",
          "This wallet is not in the last ranking: only the top 69 hold a seat and positions 70-100 wait for one. "
          "The ranking is refreshed every 6 hours.",
          kOutsideColor};
}

std::string footer(const ChainResult& r, bool from_cache, std::int64_t now_ms) {
  const std::string tail = " • ranks from the last ranking (refreshed every 6 hours)";
  if (!from_cache) return "Live from Berachain" + tail;
  const std::int64_t age_s = std::max<std::int64_t>(0, (now_ms - r.checked_at_ms) / 1000);
  return "From Berachain " + std::to_string(age_s) + " s ago (kept for 60 s)" + tail;
}

sdk::Message notice(const std::string& text) { return sdk::Message().content(text).ephemeral(); }

}  // namespace

sdk::Message eligibility_message(const std::string& wallet, const ChainResult& result, std::optional<int> rank,
                                 bool from_cache, std::int64_t now_ms) {
  const auto v = verdict(result, rank);
  sdk::Embed embed;
  embed.title("🔍 BGT Eligibility Check").color(v.color);
  embed.description("Wallet `" + sietch::short_address(wallet) + "`");
  embed.field("💰 Balance", "**" + sietch::format_bgt(result.balance_wei) + " BGT**", true);
  embed.field("📊 Rank", rank ? "#" + std::to_string(*rank) : std::string("Not ranked"), true);
  embed.field("🔥 Burn Check", result.burned ? "Burned BGT" : "No burns found", true);
  embed.field("Verdict", v.headline + "\n" + v.reason);
  embed.footer(footer(result, from_cache, now_ms));
  return sdk::Message().embed(embed).ephemeral();
}

sdk::Message missing_wallet_message() {
  return notice("❌ Please give a wallet address: `/check-eligibility wallet:0x…`");
}

sdk::Message invalid_wallet_message() {
  return notice(
      "❌ That is not a valid wallet address. A wallet address is `0x` followed by 40 hexadecimal characters "
      "(0-9, a-f).");
}

sdk::Message chain_unreachable_message() {
  return notice("⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.");
}

sdk::Message misconfigured_message() {
  return notice("⚠️ The eligibility check is not configured correctly. Please tell a server administrator.");
}

}  // namespace arrakis::check_eligibility
