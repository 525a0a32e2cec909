#include "waitlist_render.hpp"

#include <arrakis/sietch/sietch.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace waitlist {

namespace {

// Built with append: `"literal" + std::string&&` trips g++ 12's -Wrestrict false positive at -O3.
std::string position_text(long long rank) { return std::string("#").append(std::to_string(rank)); }
std::string wallet_text(const std::string& wallet) {
  return std::string("`").append(sietch::short_address(wallet)).append("`");
}

const char* const kAlertPromise = "You'll get a DM when your wallet reaches the top 69 and can join the Sietch.";
const char* const kEligibleNow =
    "🎉 Your wallet is in the top 69! Link it with `/verify start` and finish onboarding in the DM the Sietch bot "
    "sends you.";

}  // namespace

sdk::Message failure(const std::string& reason) {
  return sdk::Message()
      .embed(sdk::Embed().title("❌ Registration Failed").color(kErrorColor).description(reason))
      .ephemeral();
}

sdk::Message registered(const Standing& standing, const std::string& wallet) {
  sdk::Embed e;
  e.title("📬 Waitlist Registration Complete").color(kCaveColor).description(kAlertPromise);
  e.field("Your Position", position_text(standing.rank), true);
  e.field("Your BGT", standing.bgt + " BGT", true);
  e.field("Distance to Entry", standing.distance + " BGT", true);
  e.field("Wallet", wallet_text(wallet), true);
  e.footer("Use /register-waitlist status to follow your position");
  return sdk::Message().embed(e).ephemeral();
}

sdk::Message status(const Registration& r) {
  sdk::Embed e;
  e.title("📬 Your Waitlist Status").color(kCaveColor);
  if (!r.standing) {
    e.description("Your wallet is no longer ranked. You stay registered: if it ranks again and reaches the top 69, "
                  "you'll get a DM.");
    e.field("Current Position", "Not ranked", true);
    e.field("Current BGT", "—", true);
    e.field("Distance to Entry", "—", true);
  } else {
    const auto& s = *r.standing;
    if (sietch::is_eligible_rank(static_cast<int>(s.rank))) {
      e.description(kEligibleNow);
    } else if (s.rank > sietch::kLastWaitlistRank) {
      e.description("Your wallet has dropped below the waitlist range (70-100). You stay registered and still get a "
                    "DM if it reaches the top 69.");
    } else {
      e.description(kAlertPromise);
    }
    e.field("Current Position", position_text(s.rank), true);
    e.field("Current BGT", s.bgt + " BGT", true);
    e.field("Distance to Entry", sietch::is_eligible_rank(static_cast<int>(s.rank)) ? "✅ Eligible now" : s.distance + " BGT",
            true);
  }
  e.field("Wallet", wallet_text(r.wallet), true);
  e.field("Registered Since", "<t:" + std::to_string(r.registered_epoch) + ":R>", true);
  e.footer("Use /threshold to see the entry requirement and the top of the waiting pool");
  return sdk::Message().embed(e).ephemeral();
}

sdk::Message unregistered(const std::string& wallet) {
  sdk::Embed e;
  e.title("👋 Unregistered from Waitlist").color(kNeutralColor);
  e.description("Wallet " + wallet_text(wallet) +
                " is no longer on the waitlist and you won't get its eligibility alert. Use "
                "`/register-waitlist register` to sign up again.");
  return sdk::Message().embed(e).ephemeral();
}

sdk::Message not_registered(bool unregistering) {
  sdk::Embed e;
  e.title("📭 Not on the Waitlist").color(kNeutralColor);
  e.description(std::string(unregistering ? "You have no waitlist registration to remove. "
                                          : "You haven't registered a wallet for the waitlist. ") +
                "If your wallet ranks between 70 and 100, use `/register-waitlist register wallet:0x…` to get a DM "
                "when it reaches the top 69.");
  return sdk::Message().embed(e).ephemeral();
}

}  // namespace waitlist
