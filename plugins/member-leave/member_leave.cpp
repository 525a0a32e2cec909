// member-leave: a member left the guild, or was removed (`member.leave` {userId, username}).
// Maintainer page: docs/events/member-events.md.
//
// - A seated Naib is unseated: the current seat closes with reason `left_server` and the holder's
//   BGT now as bgt_at_unseating (0 when unranked or no wallet), and the profile becomes a former
//   Naib (is_former_naib), as /naib reads the council's history. The seat is free for the next
//   member who completes onboarding.
// - Their active waitlist registration is deactivated (the row is kept).
// - The profile is marked departed (departed_at = now()); its data is kept, and member-join makes
//   it present again if they come back. Commands treat a departed member as absent.
// - member_role_state keeps the roles last seen, with in_guild = false.
// - Nothing is done in Discord: the member is gone (no role to remove, no DM).
// - Idempotent: a second leave finds no open seat, no active registration and a departed profile,
//   and changes nothing (departed_at keeps the first departure's time).
// - A payload without a Discord user id is refused (BAD_INPUT: the message goes to the DLQ).
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/member_roles.hpp>

#include <string>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace {

constexpr const char* kLeaveEvent = "member.leave";

void mark_out_of_guild(sdk::Host& host, const std::string& user) {
  host.exec("UPDATE member_role_state SET in_guild = false, updated_at = now() WHERE discord_user_id = $1 AND in_guild",
            json::array({user}));
}

// Closes the member's current Naib seat, if any: its seat number, else 0.
int unseat_naib(sdk::Host& host, const std::string& user) {
  const auto rows = host.query(
      "UPDATE naib_seats s SET unseated_at = now(), unseat_reason = 'left_server', "
      "  bgt_at_unseating = COALESCE((SELECT e.bgt_held FROM member_wallets w "
      "    JOIN eligibility_current e ON e.address = w.wallet_address WHERE w.profile_id = s.profile_id), 0) "
      "FROM profiles p WHERE p.id = s.profile_id AND p.discord_id = $1 AND s.unseated_at IS NULL "
      "RETURNING s.seat_number",
      json::array({user}));
  return rows.is_array() && !rows.empty() ? rows[0].value("seat_number", 0) : 0;
}

bool end_waitlist_registration(sdk::Host& host, const std::string& user) {
  return host.exec("UPDATE waitlist_registrations SET active = false WHERE discord_user_id = $1 AND active",
                   json::array({user})) > 0;
}

// Marks the profile departed (and a former Naib when a seat was just closed); false when there is
// no profile present.
bool mark_departed(sdk::Host& host, const std::string& user, bool was_naib) {
  return host.exec("UPDATE profiles SET departed_at = now(), is_former_naib = is_former_naib OR $2::boolean "
                   "WHERE discord_id = $1 AND departed_at IS NULL",
                   json::array({user, was_naib})) > 0;
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_GUILD || event.type() != kLeaveEvent) return;
  const std::string user = sietch::event_member_id(event);
  if (user.empty()) throw sdk::BadInputError("member.leave without a Discord user id (data.userId)");
  mark_out_of_guild(host, user);
  const int seat = unseat_naib(host, user);
  const bool waitlisted = end_waitlist_registration(host, user);
  const bool departed = mark_departed(host, user, seat > 0);
  if (seat > 0) host.count("member_leave.naib_unseated");
  if (waitlisted) host.count("member_leave.waitlist_deactivated");
  if (departed) host.count("member_leave.profiles_departed");
  host.info("member-leave: " + user + " left" + (seat > 0 ? "; Naib seat " + std::to_string(seat) + " closed (left_server)" : "") +
            (waitlisted ? "; waitlist registration deactivated" : "") +
            (departed ? "; profile marked departed" : "; no profile present"));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kLeaveEvent), handle)
