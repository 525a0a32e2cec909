// The nine member tiers. Rank decides first (1-7 naib, 8-69 fedaykin); below that the BGT held
// does (hajra from 6.9 BGT and as the floor, up to usul from 1111 BGT). Order matters: a move to a
// later entry of kTiers is a promotion.
#pragma once

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "arrakis/sietch/ranks.hpp"

namespace arrakis::sietch {

struct Tier {
  std::string_view name;
  std::string_view emoji;  // shown before a member's nym in lists
  double min_bgt;       // the BGT threshold of a BGT tier; 0 for the rank tiers
  bool by_rank;         // fedaykin and naib are reached by rank, not by BGT
  std::uint32_t color;  // the tier role's colour
};

inline constexpr std::array<Tier, 9> kTiers = {{
    {"hajra", "🌱", 6.9, false, 0xC2B280},
    {"ichwan", "🤝", 69, false, 0xFD7E14},
    {"qanat", "💧", 222, false, 0x17A2B8},
    {"sihaya", "🌸", 420, false, 0x28A745},
    {"mushtamal", "🌿", 690, false, 0x20C997},
    {"sayyadina", "🔮", 888, false, 0x6610F2},
    {"usul", "🏜️", 1111, false, 0x9B59B6},
    {"fedaykin", "⚔️", 0, true, 0x4169E1},
    {"naib", "👑", 0, true, 0xFFD700},
}};

inline constexpr std::size_t kFedaykinTier = 7;
inline constexpr std::size_t kNaibTier = 8;

// The index in kTiers of a member at `rank` (0 = unranked) holding `bgt`.
inline constexpr std::size_t tier_index(int rank, double bgt) {
  if (rank >= 1 && rank <= kNaibSeats) return kNaibTier;
  if (is_eligible_rank(rank)) return kFedaykinTier;
  std::size_t index = 0;  // hajra is also the floor below its threshold
  for (std::size_t i = 0; i < kFedaykinTier; ++i) {
    if (bgt >= kTiers[i].min_bgt) index = i;
  }
  return index;
}

inline constexpr const Tier& tier_for(int rank, double bgt) { return kTiers[tier_index(rank, bgt)]; }

// The tier index by name; nullopt for a name that is no tier.
inline constexpr std::optional<std::size_t> tier_by_name(std::string_view name) {
  for (std::size_t i = 0; i < kTiers.size(); ++i) {
    if (kTiers[i].name == name) return i;
  }
  return std::nullopt;
}

// The emoji of a tier by name (the hajra floor's for an unknown name).
inline constexpr std::string_view tier_emoji(std::string_view name) {
  const auto index = tier_by_name(name);
  return kTiers[index ? *index : 0].emoji;
}

// The tier's display name: "Naib", "Sayyadina".
inline std::string tier_title(std::string_view name) {
  std::string title(name);
  if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  return title;
}

// BGT still needed to reach the next BGT tier; nullopt when the next step is by rank or there is none.
inline constexpr std::optional<double> bgt_to_next_tier(int rank, double bgt) {
  const auto index = tier_index(rank, bgt);
  if (index + 1 >= kFedaykinTier) return std::nullopt;
  const double gap = kTiers[index + 1].min_bgt - bgt;
  return gap > 0 ? gap : 0;
}

}  // namespace arrakis::sietch
