// /register-waitlist register|status|unregister ("Cave Entrance", every reply ephemeral): anyone in
// the guild can register one wallet ranked 70-100 to get a DM once it reaches the top 69.
//
// register wallet: the address is trimmed and lowercased and must be 0x and 40 hex digits. Then,
// in this order, each refusal with its own message in the "❌ Registration Failed" embed:
//   1. the caller already has an active registration;
//   2. the wallet is already registered (by someone else: rule 1 passed);
//   3. the wallet is linked to a member of this community (member_wallets: the application role
//      sees only this community's members' wallets, and registrations are per community too);
//   4. the wallet is not ranked ("You need some BGT first!");
//   5. rank < 70: already eligible, pointed at /verify and the onboarding DM;
//   6. rank > 100: outside the waitlist range (70-100).
// On success: the registration row (rank and BGT now), an audit row `waitlist_registration`, the
// Taqwa role when configured (a failure to add it is logged, the registration stands), the
// "📬 Waitlist Registration Complete" embed.
// status: "📬 Your Waitlist Status" with the wallet's standing now. unregister: deactivates the
// registration, audits `waitlist_unregistration` and removes the Taqwa role (again only logged
// when it fails). Details and every message: docs/commands/register-waitlist.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include <cctype>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "waitlist_render.hpp"
#include "waitlist_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

// The address as stored (trimmed, lowercase), or nullopt when it is not 0x and 40 hex digits.
std::optional<std::string> normalized_wallet(std::string text) {
  const auto first = text.find_first_not_of(" \t\n");
  const auto last = text.find_last_not_of(" \t\n");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text.size() != 42 || text[0] != '0' || text[1] != 'x') return std::nullopt;
  for (std::size_t i = 2; i < text.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  return text;
}

// A role change is a courtesy: Discord refusing it (missing permission, a role above the bot's)
// must not undo the registration, so it is logged and counted instead.
void change_taqwa(sdk::Host& host, const std::string& user, bool add) {
  const auto role = waitlist::taqwa_role(host);
  if (!role) return;
  try {
    if (add) {
      host.add_role(user, *role, "Waitlist registration");
    } else {
      host.remove_role(user, *role, "Waitlist unregistration");
    }
  } catch (const sdk::Error& e) {
    host.warn(std::string("could not ") + (add ? "add" : "remove") + " the Taqwa role " + *role + " for " + user +
              ": " + e.what());
    host.count("register_waitlist.taqwa_role_failures");
  }
}

void register_wallet(sdk::Host& host, const sdk::Event& event) {
  const auto option = event.option_string("wallet");
  if (!option || option->empty()) {
    return host.reply(waitlist::failure("Please give the wallet to register: `/register-waitlist register wallet:0x…`."));
  }
  const auto wallet = normalized_wallet(*option);
  if (!wallet) {
    return host.reply(waitlist::failure(
        "Invalid wallet address. Please provide a valid address: 0x followed by 40 hexadecimal characters."));
  }
  const std::string user = event.user_id();
  if (const auto existing = waitlist::active_registration(host, user)) {
    return host.reply(waitlist::failure(
        "You are already registered for the waitlist with wallet `" + sietch::short_address(existing->wallet) +
        "`. Use `/register-waitlist status` to see your position, or `/register-waitlist unregister` first to "
        "register another wallet."));
  }
  if (waitlist::wallet_registered(host, *wallet)) {
    return host.reply(waitlist::failure("This wallet is already registered for waitlist alerts by another user."));
  }
  if (const auto member = waitlist::wallet_member(host, *wallet)) {
    return host.reply(waitlist::failure(
        *member == user ? "This wallet is linked to your own Sietch profile: `/position` shows where it stands and "
                          "`/alerts` sets what you are told about it."
                        : "This wallet is already linked to a Sietch member. The waitlist is for wallets outside the "
                          "Sietch."));
  }
  const auto standing = waitlist::wallet_standing(host, *wallet);
  if (!standing) return host.reply(waitlist::failure("This wallet is not ranked yet. You need some BGT first!"));
  const std::string position = std::string("#").append(std::to_string(standing->rank));
  if (standing->rank < sietch::kFirstWaitlistRank) {
    return host.reply(waitlist::failure(
        "This wallet is already eligible (position " + position +
        ")! You don't need the waitlist: link it with `/verify start` and finish onboarding in the DM the Sietch bot "
        "sends you."));
  }
  if (standing->rank > sietch::kLastWaitlistRank) {
    return host.reply(waitlist::failure("This wallet is at position " + position +
                                        ", outside waitlist range (70-100). Only wallets ranked 70-100 can register."));
  }
  if (!waitlist::insert_registration(host, user, *wallet)) {
    return host.reply(waitlist::failure(
        "This wallet or your account was registered a moment ago. Use `/register-waitlist status` to see your "
        "registration."));
  }
  waitlist::audit(host, "waitlist_registration",
                  {{"discordUserId", user}, {"walletAddress", *wallet}, {"position", standing->rank}, {"bgt", standing->bgt}},
                  user);
  change_taqwa(host, user, true);
  host.reply(waitlist::registered(*standing, *wallet));
}

void show_status(sdk::Host& host, const sdk::Event& event) {
  const auto registration = waitlist::active_registration(host, event.user_id());
  host.reply(registration ? waitlist::status(*registration) : waitlist::not_registered(false));
}

void unregister(sdk::Host& host, const sdk::Event& event) {
  const std::string user = event.user_id();
  const auto wallet = waitlist::deactivate_registration(host, user);
  if (!wallet) return host.reply(waitlist::not_registered(true));
  waitlist::audit(host, "waitlist_unregistration", {{"discordUserId", user}, {"walletAddress", *wallet}}, user);
  change_taqwa(host, user, false);
  host.reply(waitlist::unregistered(*wallet));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  const std::string sub = event.subcommand();
  if (sub == "register") return register_wallet(host, event);
  if (sub == "status") return show_status(host, event);
  if (sub == "unregister") return unregister(host, event);
  host.reply(waitlist::failure("Unknown subcommand. Use `/register-waitlist register`, `/register-waitlist status` or "
                               "`/register-waitlist unregister`."));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("register-waitlist", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_REGISTER_WAITLIST),
               handle)
