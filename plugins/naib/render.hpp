// How /naib shows the council: pure functions of what council.hpp read. Texts: docs/commands/naib.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <vector>

#include "council.hpp"

namespace arrakis::naib {

inline constexpr int kFormerShown = 20;  // the rest is counted in a visible "…and N more" line

sdk::Embed current_embed(const std::vector<Seat>& seats);
sdk::Embed former_embed(const FormerList& former);
sdk::Embed overview_embed(const std::vector<Seat>& seats, long long former);

}  // namespace arrakis::naib
