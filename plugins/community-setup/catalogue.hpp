// What DEPLOY sets up: every role and channel of the community configuration (community_config,
// docs/database.md) with the name it gets when it is created, whether the Sietch needs it, and the
// column its id is stored in. The order is the creation order: Discord puts each new role just
// above @everyone, so creating the most important role first leaves it on top.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wizard.hpp"

namespace community_setup {

enum class Need { required, optional, tier };

struct RoleSpec {
  std::string_view key;     // "naib", "former_naib", "usul", ...
  std::string_view name;    // the name it is created with and found by
  std::string_view column;  // community_config column
  std::uint32_t color;
  bool hoist;               // shown separately in the member list
  Need need;
  std::string_view about;   // one line for the steps
};

struct ChannelSpec {
  std::string_view key;
  std::string_view name;    // Discord's channel-name form (lower case, dashes)
  std::string_view column;
  Need need;
  bool naib_only;           // private: @everyone may not view it, the Naib role may
  std::string_view topic;
};

const std::vector<RoleSpec>& role_specs();
const std::vector<ChannelSpec>& channel_specs();
const RoleSpec* role_spec(std::string_view key);
const ChannelSpec* channel_spec(std::string_view key);

// The keys of the optional roles and channels (what the steps' selects offer).
std::vector<std::string> optional_role_keys();
std::vector<std::string> optional_channel_keys();

// What this session's DEPLOY sets up, in creation order.
std::vector<const RoleSpec*> wanted_roles(const Session& s);
std::vector<const ChannelSpec*> wanted_channels(const Session& s);

}  // namespace community_setup
