// The pieces of /position: the caller's place in the ranking (reading.cpp) and its embed
// (rendering.cpp). Behaviour: docs/commands/position.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>

namespace arrakis::position {

// Ranks 63-69 (the bottom tenth of the 69 eligible) are at risk of dropping out.
inline constexpr int kFirstAtRiskRank = 63;

// The nearest ranked wallet above or below the caller and the BGT between them.
struct Neighbour {
  int rank = 0;
  std::string gap_bgt;  // BGT text, never negative in a consistent ranking
  bool tied = false;    // the neighbour holds exactly as much BGT
};

struct Position {
  int rank = 0;
  std::string bgt;                  // BGT text
  std::optional<Neighbour> above;   // none at rank 1
  std::optional<Neighbour> below;   // none at the last rank
  std::string to_entry_bgt;         // BGT(#69) - own, only beyond rank 69 ("" otherwise)
  bool naib = false;                // holds a current Naib seat
};

// The ranking row of `wallet` for the member `profile_id`; nullopt when the wallet is not ranked.
std::optional<Position> read_position(sdk::Host& host, const std::string& profile_id, const std::string& wallet);

sdk::Embed position_embed(const Position& p);

}  // namespace arrakis::position
