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
  bool hoist = false;
  bool mentionable = false;
};

struct Channel {
  std::uint64_t id = 0;
  std::uint64_t guild_id = 0;  // 0 = a DM channel
  std::string key;             // "the-door", "census", ...
  std::string name;
  int type = 0;                // 0 text, 1 DM, 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, 16 media
  std::uint64_t recipient = 0; // DMs only
  std::uint64_t parent_id = 0; // its category, 0 = none
  std::string topic;
  nlohmann::json permission_overwrites = nlohmann::json::array();
};

// A message the bot or a member posted in a channel (the ones PATCH /channels/{c}/messages/{m} finds).
struct StoredMessage {
  std::uint64_t channel_id = 0;
  std::uint64_t author_id = 0;
  nlohmann::json message;
};

// A REST answer computed by the model: the status and the JSON body Discord would send.
struct ModelAnswer {
  int status = 200;
  nlohmann::json body;
  bool ok() const { return status < 300; }
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
inline constexpr std::uint64_t kManageChannels = 1ULL << 4;

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

  // Guild administration (community_guild_admin.cpp), each with Discord's validation, permission
  // and hierarchy checks: GET /guilds/{g}, .../roles, .../channels; POST .../roles; PATCH
  // .../roles/{r}; PATCH .../roles (positions); POST .../channels. Created roles and channels join
  // the model, so later lists, GUILD_CREATEs and member role changes see them.
  ModelAnswer guild_object(std::uint64_t guild_id) const;
  ModelAnswer list_roles(std::uint64_t guild_id) const;
  ModelAnswer list_channels(std::uint64_t guild_id) const;
  ModelAnswer create_role(std::uint64_t guild_id, const nlohmann::json& body);
  ModelAnswer modify_role(std::uint64_t guild_id, std::uint64_t role_id, const nlohmann::json& body);
  ModelAnswer move_roles(std::uint64_t guild_id, const nlohmann::json& body);
  ModelAnswer create_channel(std::uint64_t guild_id, const nlohmann::json& body);

  // Messages in channels: stored when posted (by the bot through REST, or by a test for a member),
  // so an edit can check that the message exists and that the bot wrote it.
  void store_message(std::uint64_t message_id, std::uint64_t channel_id, std::uint64_t author_id, nlohmann::json message);
  std::optional<StoredMessage> stored_message(std::uint64_t message_id) const;
  // PATCH /channels/{c}/messages/{m} after validation: merges the patch into the stored message.
  ModelAnswer edit_message(std::uint64_t channel_id, std::uint64_t message_id, const nlohmann::json& patch);

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
  static nlohmann::json role_object(const Role& role);
  static nlohmann::json channel_object(const Channel& channel, int position);

 private:
  Member make_member(std::uint64_t guild_index, std::uint64_t member_index, std::uint64_t user_id,
                     const Guild& guild, std::uint64_t unix_ms, int rank);
  const Guild* find(std::uint64_t guild_id) const;
  Guild* find(std::uint64_t guild_id);
  int highest_position(const Guild& g, const Member& m) const;
  std::uint64_t bot_permissions(const Guild& g) const;
  int bot_top_position(const Guild& g) const;
  nlohmann::json roles_array(const Guild& g) const;
  std::uint64_t next_admin_id(std::uint32_t kind);  // ids of created roles and channels

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
  std::uint64_t next_admin_serial_ = 0;
  std::unordered_map<std::uint64_t, StoredMessage> messages_;  // by message id
};

// A deterministic 0x wallet address for (seed, user serial); chain-sim can derive the same.
std::string wallet_address(std::uint64_t seed, std::uint64_t user_serial);
// Deterministic 64-bit mixing (splitmix64), the basis of every generated name and id.
std::uint64_t mix64(std::uint64_t x);

}  // namespace arrakis::discord_sim
