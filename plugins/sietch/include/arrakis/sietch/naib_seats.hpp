// Taking a Naib seat (domain rule "Naib seats"; docs/events/onboarding.md): the seven seats are
// assigned only when a member finishes onboarding.
//   - A free seat is taken directly, the lowest free number first.
//   - With all seven held, the newcomer needs strictly more BGT than the lowest holder (a tie keeps
//     the incumbent). The lowest holder is the one with the least BGT, and of equals the one seated
//     most recently. The holder is unseated with reason `bumped`, who bumped them and their BGT at
//     that moment, and becomes a former Naib; the newcomer takes the same seat number.
// BGT is the current balance of the member's one wallet (member_wallets) in the ranking; a holder
// whose wallet is unranked or unlinked counts as 0. Amounts are wei, compared exactly as digit text.
// Reading the council for display is plugins/naib's business; this header only changes seats.
#pragma once

#include <optional>
#include <string>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/ranks.hpp"

namespace arrakis::sietch {

struct SeatOutcome {
  enum class Kind {
    already_seated,  // the member holds a seat already; nothing changed
    seated,          // took a free seat
    bumped,          // took the seat of the lowest holder, who was unseated
    not_seated,      // every seat held and the newcomer does not have strictly more BGT
  };
  Kind kind = Kind::not_seated;
  int seat_number = 0;      // the seat held or taken (0 when not seated)
  std::string bgt = "0";    // the newcomer's BGT in wei
  // Kind::bumped: who lost the seat; Kind::not_seated: the lowest holder who kept it.
  std::string holder_profile_id;
  std::string holder_discord_id;
  std::string holder_bgt = "0";  // wei

  bool holds_seat() const { return kind != Kind::not_seated; }
};

// True when `a` is strictly more than `b`, both non-negative integers in decimal digits (wei).
inline bool wei_greater(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& s) {
    const auto first = s.find_first_not_of('0');
    return first == std::string::npos ? std::string() : s.substr(first);
  };
  const std::string x = digits(a), y = digits(b);
  if (x.size() != y.size()) return x.size() > y.size();
  return x > y;
}

// The member's current BGT in wei ("0" without a ranked wallet).
inline std::string member_bgt_wei(sdk::Host& host, const std::string& profile_id) {
  const auto rows = host.query(
      "SELECT trunc(COALESCE(e.bgt_held, 0))::text AS bgt FROM member_wallets w "
      "LEFT JOIN eligibility_current e ON e.address = w.wallet_address WHERE w.profile_id = $1::uuid",
      nlohmann::json::array({profile_id}));
  return rows.empty() ? std::string("0") : rows[0]["bgt"].get<std::string>();
}

// Seats the member (profile id of the caller's community) if the rules allow, in the call's
// transaction: the current seats are locked first, so two completions cannot take one seat.
inline SeatOutcome take_naib_seat(sdk::Host& host, const std::string& profile_id) {
  SeatOutcome out;
  const auto held = host.query(
      "SELECT seat_number FROM naib_seats WHERE profile_id = $1::uuid AND unseated_at IS NULL",
      nlohmann::json::array({profile_id}));
  if (!held.empty()) {
    out.kind = SeatOutcome::Kind::already_seated;
    out.seat_number = held[0]["seat_number"].get<int>();
    return out;
  }
  out.bgt = member_bgt_wei(host, profile_id);
  // Lowest holder first: least BGT, then the most recently seated.
  const auto seats = host.query(
      "SELECT s.id, s.seat_number, s.profile_id::text AS profile_id, p.discord_id, "
      "  trunc(COALESCE(e.bgt_held, 0))::text AS bgt "
      "FROM naib_seats s JOIN profiles p ON p.id = s.profile_id "
      "LEFT JOIN member_wallets w ON w.profile_id = s.profile_id "
      "LEFT JOIN eligibility_current e ON e.address = w.wallet_address "
      "WHERE s.unseated_at IS NULL "
      "ORDER BY COALESCE(e.bgt_held, 0) ASC, s.seated_at DESC, s.seat_number DESC "
      "FOR UPDATE OF s");
  if (seats.size() < static_cast<std::size_t>(kNaibSeats)) {
    bool taken[kNaibSeats + 1] = {};
    for (const auto& s : seats) {
      const int n = s["seat_number"].get<int>();
      if (n >= 1 && n <= kNaibSeats) taken[n] = true;
    }
    int free_seat = 1;
    while (free_seat <= kNaibSeats && taken[free_seat]) ++free_seat;
    host.exec("INSERT INTO naib_seats (community_id, seat_number, profile_id, bgt_at_seating) "
              "VALUES (app.current_community_id(), $1, $2::uuid, $3::numeric)",
              nlohmann::json::array({free_seat, profile_id, out.bgt}));
    out.kind = SeatOutcome::Kind::seated;
    out.seat_number = free_seat;
    return out;
  }
  const auto& lowest = seats[0];
  out.holder_profile_id = lowest["profile_id"].get<std::string>();
  out.holder_discord_id = lowest["discord_id"].get<std::string>();
  out.holder_bgt = lowest["bgt"].get<std::string>();
  if (!wei_greater(out.bgt, out.holder_bgt)) {
    out.kind = SeatOutcome::Kind::not_seated;
    return out;
  }
  out.seat_number = lowest["seat_number"].get<int>();
  host.exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = 'bumped', bumped_by_profile_id = $2::uuid, "
            "bgt_at_unseating = $3::numeric WHERE id = $1",
            nlohmann::json::array({lowest["id"], profile_id, out.holder_bgt}));
  host.exec("UPDATE profiles SET is_former_naib = true WHERE id = $1::uuid",
            nlohmann::json::array({out.holder_profile_id}));
  host.exec("INSERT INTO naib_seats (community_id, seat_number, profile_id, bgt_at_seating) "
            "VALUES (app.current_community_id(), $1, $2::uuid, $3::numeric)",
            nlohmann::json::array({out.seat_number, profile_id, out.bgt}));
  out.kind = SeatOutcome::Kind::bumped;
  return out;
}

}  // namespace arrakis::sietch
