#include "catalogue.hpp"

#include <algorithm>

#include <arrakis/sietch/tiers.hpp>

namespace community_setup {

namespace sietch = arrakis::sietch;

namespace {

constexpr std::uint32_t tier_color(std::size_t index) { return sietch::kTiers[index].color; }

bool chosen(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

const std::vector<RoleSpec>& role_specs() {
  static const std::vector<RoleSpec> specs = {
      {"naib", "Naib", "naib_role_id", tier_color(sietch::kNaibTier), true, Need::required, "ranks 1-7, the council"},
      {"fedaykin", "Fedaykin", "fedaykin_role_id", tier_color(sietch::kFedaykinTier), true, Need::required,
       "ranks 8-69"},
      {"former_naib", "Former Naib", "former_naib_role_id", 0xB8860B, false, Need::optional,
       "members who once held a seat"},
      {"taqwa", "Taqwa", "taqwa_role_id", 0x8B4513, false, Need::optional, "the waitlist (ranks 70-100)"},
      {"trusted", "Trusted", "trusted_role_id", 0x2ECC71, false, Need::optional, "dynamic: trusted members"},
      {"veteran", "Veteran", "veteran_role_id", 0x95A5A6, false, Need::optional, "dynamic: long-standing members"},
      {"engaged", "Engaged", "engaged_role_id", 0x3498DB, false, Need::optional, "dynamic: active members"},
      {"onboarded", "Onboarded", "onboarded_role_id", 0x99AAB5, false, Need::optional, "finished onboarding"},
      {"usul", "Usul", "usul_role_id", tier_color(6), false, Need::tier, "1111 BGT"},
      {"sayyadina", "Sayyadina", "sayyadina_role_id", tier_color(5), false, Need::tier, "888 BGT"},
      {"mushtamal", "Mushtamal", "mushtamal_role_id", tier_color(4), false, Need::tier, "690 BGT"},
      {"sihaya", "Sihaya", "sihaya_role_id", tier_color(3), false, Need::tier, "420 BGT"},
      {"qanat", "Qanat", "qanat_role_id", tier_color(2), false, Need::tier, "222 BGT"},
      {"ichwan", "Ichwan", "ichwan_role_id", tier_color(1), false, Need::tier, "69 BGT"},
      {"hajra", "Hajra", "hajra_role_id", tier_color(0), false, Need::tier, "6.9 BGT"},
  };
  return specs;
}

const std::vector<ChannelSpec>& channel_specs() {
  static const std::vector<ChannelSpec> specs = {
      {"the_door", "the-door", "the_door_channel_id", Need::required, false,
       "Who enters and leaves the Sietch, and changes on the Naib council"},
      {"census", "census", "census_channel_id", Need::required, false, "The BGT census of the Sietch"},
      {"announcements", "announcements", "announcements_channel_id", Need::optional, false,
       "Announcements and the weekly digest"},
      {"sietch_lounge", "sietch-lounge", "sietch_lounge_channel_id", Need::optional, false,
       "The members' lounge"},
      {"naib_council", "naib-council", "naib_council_channel_id", Need::optional, true,
       "The Naib council (Naib only)"},
      {"introductions", "introductions", "introductions_channel_id", Need::optional, false,
       "New members introduce themselves"},
      {"cave_entrance", "cave-entrance", "cave_entrance_channel_id", Need::optional, false,
       "The waitlist: ranks 70-100"},
      {"oasis", "oasis", "oasis_channel_id", Need::optional, false, "Off-topic"},
  };
  return specs;
}

const RoleSpec* role_spec(std::string_view key) {
  for (const auto& r : role_specs()) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const ChannelSpec* channel_spec(std::string_view key) {
  for (const auto& c : channel_specs()) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

std::vector<std::string> optional_role_keys() {
  std::vector<std::string> keys;
  for (const auto& r : role_specs()) {
    if (r.need == Need::optional) keys.emplace_back(r.key);
  }
  return keys;
}

std::vector<std::string> optional_channel_keys() {
  std::vector<std::string> keys;
  for (const auto& c : channel_specs()) {
    if (c.need == Need::optional) keys.emplace_back(c.key);
  }
  return keys;
}

std::vector<const RoleSpec*> wanted_roles(const Session& s) {
  std::vector<const RoleSpec*> out;
  for (const auto& r : role_specs()) {
    if (r.need == Need::required || (r.need == Need::optional && chosen(s.roles, r.key)) ||
        (r.need == Need::tier && s.tier_roles)) {
      out.push_back(&r);
    }
  }
  return out;
}

std::vector<const ChannelSpec*> wanted_channels(const Session& s) {
  std::vector<const ChannelSpec*> out;
  for (const auto& c : channel_specs()) {
    if (c.need == Need::required || chosen(s.channels, c.key)) out.push_back(&c);
  }
  return out;
}

}  // namespace community_setup
