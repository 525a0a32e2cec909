#include "council.hpp"

namespace arrakis::naib {

namespace {

// A former Naib holds the flag, served at least one closed term and does not sit on the council
// now: a member seated again is current, not former, and a flag without a term has nothing to show.
const char* const kFormerFilter =
    "p.is_former_naib "
    "AND EXISTS (SELECT 1 FROM naib_seats c WHERE c.profile_id = p.id AND c.unseated_at IS NOT NULL) "
    "AND NOT EXISTS (SELECT 1 FROM naib_seats c WHERE c.profile_id = p.id AND c.unseated_at IS NULL)";

std::string nym_of(const nlohmann::json& row) {
  return row["nym"].is_string() ? row["nym"].get<std::string>() : std::string("Anonymous");
}

}  // namespace

std::vector<Seat> read_council(sdk::Host& host) {
  const auto rows = host.query(
      "SELECT p.nym, e.rank, "
      "  floor(extract(epoch FROM now() - s.seated_at) / 86400)::bigint AS tenure_days, "
      "  s.seated_at < min(s.seated_at) OVER () + interval '1 hour' AS founding "
      "FROM naib_seats s JOIN profiles p ON p.id = s.profile_id "
      "LEFT JOIN member_wallets w ON w.profile_id = p.id "
      "LEFT JOIN eligibility_current e ON e.address = w.wallet_address "
      "WHERE s.unseated_at IS NULL "
      "ORDER BY COALESCE(e.bgt_held, 0) DESC, s.seated_at ASC, s.seat_number ASC");
  std::vector<Seat> seats;
  for (const auto& r : rows) {
    Seat s;
    s.nym = nym_of(r);
    if (r["rank"].is_number()) s.rank = r["rank"].get<long long>();
    s.tenure_days = r["tenure_days"].get<long long>();
    s.founding = r["founding"].get<bool>();
    seats.push_back(std::move(s));
  }
  return seats;
}

FormerList read_former(sdk::Host& host, int limit) {
  const auto rows = host.query(
      std::string("SELECT p.nym, "
                  "  floor(sum(extract(epoch FROM s.unseated_at - s.seated_at)) / 86400)::bigint AS served_days, "
                  "  count(*) AS terms, count(*) OVER () AS total "
                  "FROM profiles p JOIN naib_seats s ON s.profile_id = p.id AND s.unseated_at IS NOT NULL "
                  "WHERE ") +
          kFormerFilter +
          " GROUP BY p.id, p.nym "
          "ORDER BY sum(extract(epoch FROM s.unseated_at - s.seated_at)) DESC, lower(p.nym) ASC, p.id "
          "LIMIT $1",
      nlohmann::json::array({limit}));
  FormerList list;
  for (const auto& r : rows) {
    list.shown.push_back({nym_of(r), r["served_days"].get<long long>(), r["terms"].get<long long>()});
    list.total = r["total"].get<long long>();
  }
  // LIMIT 0 (or an empty page) leaves no row to carry the total.
  if (list.shown.empty()) list.total = count_former(host);
  return list;
}

long long count_former(sdk::Host& host) {
  return host.query(std::string("SELECT count(*) AS n FROM profiles p WHERE ") + kFormerFilter)
      .at(0)["n"]
      .get<long long>();
}

}  // namespace arrakis::naib
