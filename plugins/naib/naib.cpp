// /naib overview|current|former (public; onboarded members only): the council of seven.
// Current seats are ordered by current BGT (desc) then seated_at (asc), and numbered in that
// order; "founding" holders were seated within an hour of the earliest current seat. Former Naib
// are ordered by total time served. Only nyms are shown. Behaviour: domain.md 1.11 and 3.2.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr std::uint32_t kGold = 0xFFD700;
constexpr std::uint32_t kParchment = 0x8B7355;
const char* const kSeatEmoji[] = {"1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣"};

nlohmann::json current_seats(sdk::Host& host) {
  return host.query(
      "SELECT p.nym, e.rank, "
      "  floor(extract(epoch FROM now() - s.seated_at) / 86400)::int AS tenure_days, "
      "  s.seated_at <= (SELECT min(seated_at) FROM naib_seats WHERE unseated_at IS NULL) + interval '1 hour' "
      "    AS founding "
      "FROM naib_seats s JOIN profiles p ON p.id = s.profile_id "
      "LEFT JOIN member_wallets w ON w.profile_id = p.id "
      "LEFT JOIN eligibility_current e ON e.address = w.wallet_address "
      "WHERE s.unseated_at IS NULL "
      "ORDER BY COALESCE(e.bgt_held, 0) DESC, s.seated_at ASC");
}

nlohmann::json former_naib(sdk::Host& host) {
  return host.query(
      "SELECT p.nym, "
      "  floor(COALESCE(sum(extract(epoch FROM s.unseated_at - s.seated_at)), 0) / 86400)::int AS served_days, "
      "  count(s.id) AS terms "
      "FROM profiles p LEFT JOIN naib_seats s ON s.profile_id = p.id AND s.unseated_at IS NOT NULL "
      "WHERE p.is_former_naib "
      "GROUP BY p.id, p.nym "
      "ORDER BY COALESCE(sum(s.unseated_at - s.seated_at), interval '0') DESC, p.nym ASC "
      "LIMIT 20");
}

long long former_count(sdk::Host& host) {
  return host.query("SELECT count(*) AS n FROM profiles WHERE is_former_naib").at(0)["n"].get<long long>();
}

std::string nym_of(const nlohmann::json& row) {
  return row["nym"].is_string() ? row["nym"].get<std::string>() : std::string("Anonymous");
}

sdk::Embed current_embed(const nlohmann::json& seats) {
  sdk::Embed e;
  e.title("👑 Naib Council").color(kGold);
  const auto held = static_cast<int>(seats.size());
  std::string text;
  for (int i = 0; i < held && i < sietch::kNaibSeats; ++i) {
    const auto& s = seats[i];
    text += std::string(kSeatEmoji[i]) + " **" + nym_of(s) + "**" + (s["founding"].get<bool>() ? " 🏛️" : "") +
            "\n└ " + (s["rank"].is_number() ? "Rank #" + std::to_string(s["rank"].get<long long>()) : "Unranked") +
            " • " + std::to_string(s["tenure_days"].get<long long>()) + "d tenure\n";
  }
  e.field("Active Seats (" + std::to_string(held) + "/7)", text.empty() ? "No seats are held yet" : text);
  if (held < sietch::kNaibSeats) {
    e.field("🪑 Empty Seats", std::to_string(sietch::kNaibSeats - held) +
                                  " seat(s) open: the next onboarded member in the top 7 takes one");
  }
  e.footer("🏛️ = founding member (seated within the council's first hour)");
  return e;
}

sdk::Embed former_embed(const nlohmann::json& former) {
  sdk::Embed e;
  e.title("📜 Former Naib").color(kParchment);
  if (former.empty()) {
    e.description("No member has left the council yet.");
    return e;
  }
  std::string text;
  for (const auto& f : former) {
    text += "**" + nym_of(f) + "** • " + std::to_string(f["served_days"].get<long long>()) + "d served over " +
            std::to_string(f["terms"].get<long long>()) + " term(s)\n";
  }
  e.description(text);
  return e;
}

sdk::Embed overview_embed(long long held, long long former) {
  sdk::Embed e;
  e.title("👑 Naib Council Overview").color(kGold);
  e.field("Current Council", std::to_string(held) + "/7", true);
  e.field("Available", std::to_string(sietch::kNaibSeats - held), true);
  e.field("Former", std::to_string(former), true);
  e.footer("Use /naib current or /naib former for the details");
  return e;
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::onboarded_profile(host, event.user_id())) return sietch::reply_onboarding_required(host);
  const std::string view = event.subcommand().empty() ? "overview" : event.subcommand();
  if (view == "current") {
    host.reply(sdk::Message().embed(current_embed(current_seats(host))));
  } else if (view == "former") {
    host.reply(sdk::Message().embed(former_embed(former_naib(host))));
  } else if (view == "overview") {
    host.reply(sdk::Message().embed(overview_embed(static_cast<long long>(current_seats(host).size()), former_count(host))));
  } else {
    throw sdk::BadInputError("unknown /naib subcommand '" + view + "'");
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("naib", 0, ARRAKIS_COMMAND_DEFINITION_NAIB)
                   .volatile_field("tenure_days"),
               handle)
