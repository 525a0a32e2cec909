#pragma once
// The simulated communities: guilds with the Sietch roles (domain 2.2), channels, members and the
// wallet each member holds. Generated deterministically from the seed, so chain-sim and tests can
// line up with it (GET /control/model). Thread-safe: REST handlers, the traffic generator and the
// control API all touch it.
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/options.hpp"

namespace arrakis::discord_sim {

struct User {
  std::uint64_t id = 0;
  std::string username;
  std::string global_name;
  bool bot = false;
  bool blocks_dms = false;  // POST /channels/{dm}/messages to them -> 403/50007
  std::string wallet;       // lower-case 0x address, empty when the member has none
};

struct Member {
  User user;
  std::vector<std::uint64_t> roles;
  std::string joined_at;
  std::optional<std::string> nick;
  bool admin = false;  // holds the Admin role (Administrator)
};

struct Role {
  std::uint64_t id = 0;
  std::string key;  // "naib", "fedaykin", "hajra", ... ("everyone", "bot", "admin" for the rest)
  std::string name;
  std::uint32_t color = 0;
  int position = 0;
  std::uint64_t permissions = 0;
  bool managed = false;
};

struct Channel {
  std::uint64_t id = 0;
  std::uint64_t guild_id = 0;  // 0 = a DM channel
  std::string key;             // "the-door", "census", ...
  std::string name;
  int type = 0;                // 0 text, 1 DM
  std::uint64_t recipient = 0; // DMs only
};

struct Guild {
  std::uint64_t id = 0;
  std::string name;
  std::uint64_t owner_id = 0;
  std::vector<Role> roles;
  std::vector<Channel> channels;
  std::vector<Member> members;                        // random picks need an index
  std::unordered_map<std::uint64_t, std::size_t> by_user;
};

enum class RoleChange { ok, unknown_guild, unknown_member, unknown_role, missing_permissions };

inline constexpr std::uint64_t kAdministrator = 1ULL << 3;
inline constexpr std::uint64_t kManageRoles = 1ULL << 28;

class CommunityModel {
 public:
  explicit CommunityModel(const Options& options);

  const User& bot() const { return bot_; }
  std::uint64_t application_id() const { return application_id_; }
  std::vector<std::uint64_t> guild_ids() const;

  nlohmann::json guild_create(std::uint64_t guild_id) const;        // GUILD_CREATE d
  std::optional<nlohmann::json> member_json(std::uint64_t guild_id, std::uint64_t user_id) const;
  // The member as INTERACTION_CREATE carries it: with user and the channel permissions string.
  std::optional<nlohmann::json> interaction_member(std::uint64_t guild_id, std::uint64_t user_id) const;
  std::optional<Member> member(std::uint64_t guild_id, std::uint64_t user_id) const;
  std::optional<User> user(std::uint64_t user_id) const;
  std::optional<Channel> channel(std::uint64_t channel_id) const;
  bool has_guild(std::uint64_t guild_id) const;

  // PUT/DELETE /guilds/{g}/members/{u}/roles/{r}: validation, hierarchy, then the change. On ok,
  // `update` receives the GUILD_MEMBER_UPDATE payload.
  RoleChange change_role(std::uint64_t guild_id, std::uint64_t user_id, std::uint64_t role_id, bool add,
                         nlohmann::json* update);

  // POST /users/@me/channels: the DM channel with a known user (created once).
  std::optional<Channel> open_dm(std::uint64_t user_id);

  // For the traffic generator; all deterministic given the rng.
  std::optional<Member> random_member(std::uint64_t guild_id, std::mt19937_64& rng, bool humans_only = true) const;
  Member add_member(std::uint64_t guild_id, std::mt19937_64& rng, std::uint64_t unix_ms);
  std::optional<Member> remove_random_member(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<nlohmann::json> toggle_random_role(std::uint64_t guild_id, std::mt19937_64& rng);
  std::optional<Channel> random_text_channel(std::uint64_t guild_id, std::mt19937_64& rng) const;
  std::vector<std::string> nyms(std::uint64_t guild_id, std::size_t max) const;

  nlohmann::json to_json() const;  // GET /control/model

  static nlohmann::json user_json(const User& user);
  static nlohmann::json member_object(const Member& member);

 private:
  Member make_member(std::uint64_t guild_index, std::uint64_t member_index, std::uint64_t user_id,
                     const Guild& guild, std::uint64_t unix_ms, int rank);
  const Guild* find(std::uint64_t guild_id) const;
  Guild* find(std::uint64_t guild_id);
  int highest_position(const Guild& g, const Member& m) const;

  mutable std::mutex mutex_;
  std::uint64_t seed_;
  User bot_;
  std::uint64_t application_id_ = 0;
  std::vector<Guild> guilds_;
  std::unordered_map<std::uint64_t, std::size_t> guild_index_;
  std::unordered_map<std::uint64_t, Channel> dm_channels_;   // by channel id
  std::unordered_map<std::uint64_t, std::uint64_t> dm_by_user_;
  std::uint64_t next_user_serial_ = 0;
  std::uint64_t next_dm_serial_ = 0;
};

// A deterministic 0x wallet address for (seed, user serial); chain-sim can derive the same.
std::string wallet_address(std::uint64_t seed, std::uint64_t user_serial);
// Deterministic 64-bit mixing (splitmix64), the basis of every generated name and id.
std::uint64_t mix64(std::uint64_t x);

}  // namespace arrakis::discord_sim
