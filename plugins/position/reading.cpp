// /position reader: the caller's ranking row, its nearest neighbours above and below (by rank,
// so ties show as a gap of 0), the entry threshold (rank 69) and whether they hold a Naib seat,
// in one query. BGT differences are taken in numeric wei and formatted in SQL.
#include <arrakis/sietch/sietch.hpp>

#include "position.hpp"

namespace sietch = arrakis::sietch;

namespace arrakis::position {

namespace {

// BGT amounts as /position shows them; the one place to change the format.
std::string bgt_text_sql(const std::string& wei_expression) { return sietch::bgt_sql(wei_expression); }

std::optional<Neighbour> neighbour(const nlohmann::json& row, const char* prefix) {
  const std::string p(prefix);
  if (!row[p + "_rank"].is_number()) return std::nullopt;
  return Neighbour{row[p + "_rank"].get<int>(), row[p + "_gap"].get<std::string>(), row[p + "_tied"].get<bool>()};
}

}  // namespace

std::optional<Position> read_position(sdk::Host& host, const std::string& profile_id, const std::string& wallet) {
  const std::string entry_rank = std::to_string(sietch::kLastEligibleRank);
  const auto rows = host.query(
      "SELECT e.rank, " + bgt_text_sql("e.bgt_held") + " AS bgt, "
      "  above.rank AS above_rank, " + bgt_text_sql("above.bgt_held - e.bgt_held") + " AS above_gap, "
      "  above.bgt_held = e.bgt_held AS above_tied, "
      "  below.rank AS below_rank, " + bgt_text_sql("e.bgt_held - below.bgt_held") + " AS below_gap, "
      "  below.bgt_held = e.bgt_held AS below_tied, "
      "  CASE WHEN e.rank > " + entry_rank + " THEN " + bgt_text_sql("entry.bgt_held - e.bgt_held") + " END AS to_entry, "
      "  EXISTS (SELECT 1 FROM naib_seats s WHERE s.profile_id = $2::uuid AND s.unseated_at IS NULL) AS naib "
      "FROM eligibility_current e "
      "LEFT JOIN LATERAL (SELECT x.rank, x.bgt_held FROM eligibility_current x WHERE x.rank < e.rank "
      "  ORDER BY x.rank DESC LIMIT 1) above ON true "
      "LEFT JOIN LATERAL (SELECT x.rank, x.bgt_held FROM eligibility_current x WHERE x.rank > e.rank "
      "  ORDER BY x.rank LIMIT 1) below ON true "
      "LEFT JOIN eligibility_current entry ON entry.rank = " + entry_rank + " "
      "WHERE e.address = $1",
      nlohmann::json::array({wallet, profile_id}));
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Position p;
  p.rank = r["rank"].get<int>();
  p.bgt = r["bgt"];
  p.above = neighbour(r, "above");
  p.below = neighbour(r, "below");
  if (r["to_entry"].is_string()) p.to_entry_bgt = r["to_entry"];
  p.naib = r["naib"].get<bool>();
  return p;
}

}  // namespace arrakis::position
