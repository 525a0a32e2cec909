// What /naib reads: the current council and the former Naib of the caller's community (row-level
// security scopes every query). Behaviour: docs/commands/naib.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace arrakis::naib {

struct Seat {
  std::string nym;
  std::optional<long long> rank;  // nullopt when the holder's wallet is not ranked (or not linked)
  long long tenure_days = 0;      // whole days since this seat was taken
  bool founding = false;          // seated strictly within the first hour after the earliest current seat
};

struct FormerNaib {
  std::string nym;
  long long served_days = 0;  // whole days over every closed term
  long long terms = 0;
};

struct FormerList {
  std::vector<FormerNaib> shown;  // the longest-serving first, at most the limit asked for
  long long total = 0;            // every former Naib, shown or not
};

// The current seats in council order: current BGT (desc), then seated_at (asc).
std::vector<Seat> read_council(sdk::Host& host);
// Former Naib: flagged, with at least one closed term, and not seated now; by total time served.
FormerList read_former(sdk::Host& host, int limit);
long long count_former(sdk::Host& host);

}  // namespace arrakis::naib
