#include "arrakis/discord_sim/community_model.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string wallet_address(std::uint64_t seed, std::uint64_t user_serial) {
  std::string out = "0x";
  char buf[17];
  for (int i = 0; i < 3; ++i) {
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(mix64(seed * 1000003ULL + user_serial * 7 + static_cast<unsigned>(i))));
    out += buf;
  }
  out.resize(42);
  return out;
}

namespace {

// Base timestamp of every generated id: fixed per seed, so the model is the same on every run.
std::uint64_t base_ms(std::uint64_t seed) { return kDiscordEpochMs + 200'000'000'000ULL + (seed % 1000) * 10'000'000ULL; }

std::string iso8601(std::uint64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03u000+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(unix_ms % 1000));
  return buf;
}

constexpr std::array<const char*, 16> kNames = {"stilgar", "chani",  "jamis",   "liet",   "harah",  "otheym",
                                                "korba",   "shishakli", "turok", "faroula", "ghanima", "leto",
                                                "alia",    "irulan", "tharthar", "mapes"};

// Permissions of @everyone: VIEW_CHANNEL, SEND_MESSAGES, READ_MESSAGE_HISTORY, ADD_REACTIONS,
// EMBED_LINKS, USE_APPLICATION_COMMANDS.
constexpr std::uint64_t kEveryonePermissions = (1ULL << 10) | (1ULL << 11) | (1ULL << 16) | (1ULL << 6) |
                                               (1ULL << 14) | (1ULL << 31);
constexpr std::uint64_t kAllPermissions = (1ULL << 50) - 1;

struct RoleSpec {
  const char* key;
  const char* name;
  std::uint32_t color;
};
// Bottom to top (domain 2.2). Positions follow this order, above @everyone.
constexpr std::array<RoleSpec, 15> kSietchRoles = {{{"onboarded", "Onboarded", 0x99AAB5},
                                                    {"engaged", "Engaged", 0x3498DB},
                                                    {"veteran", "Veteran", 0x95A5A6},
                                                    {"trusted", "Trusted", 0x2ECC71},
                                                    {"taqwa", "Taqwa", 0x8B4513},
                                                    {"hajra", "Hajra", 0xC2B280},
                                                    {"ichwan", "Ichwan", 0xFD7E14},
                                                    {"qanat", "Qanat", 0x17A2B8},
                                                    {"sihaya", "Sihaya", 0x28A745},
                                                    {"mushtamal", "Mushtamal", 0x20C997},
                                                    {"sayyadina", "Sayyadina", 0x6610F2},
                                                    {"usul", "Usul", 0x9B59B6},
                                                    {"formerNaib", "Former Naib", 0xB8860B},
                                                    {"fedaykin", "Fedaykin", 0x4169E1},
                                                    {"naib", "Naib", 0xFFD700}}};
constexpr std::array<const char*, 7> kTiers = {"hajra", "ichwan", "qanat", "sihaya", "mushtamal", "sayyadina", "usul"};
constexpr std::array<const char*, 9> kChannels = {"the-door",     "census",        "sietch-lounge", "naib-council",
                                                  "introductions", "cave-entrance", "oasis",         "announcements",
                                                  "general"};

std::uint64_t role_id(const Guild& g, const std::string& key) {
  for (const auto& r : g.roles) {
    if (r.key == key) return r.id;
  }
  return 0;
}

}  // namespace

CommunityModel::CommunityModel(const Options& options) : seed_(options.seed) {
  const auto base = base_ms(seed_);
  bot_.id = make_snowflake(base - 5000, 0, 0, 1);
  bot_.username = "Arrakis";
  bot_.global_name = "Arrakis (simulated)";
  bot_.bot = true;
  application_id_ = options.application_id.empty() ? bot_.id : std::stoull(options.application_id);

  const int guilds = std::max(0, options.guilds);
  for (int gi = 0; gi < guilds; ++gi) {
    const auto g_index = static_cast<std::uint64_t>(gi);
    Guild g;
    g.id = make_snowflake(base + g_index, 0, 0, 0);  // consecutive ms: guilds spread over shards
    g.name = "Sietch " + std::to_string(gi + 1);
    // @everyone shares the guild's id (spec 2).
    g.roles.push_back({g.id, "everyone", "@everyone", 0, 0, kEveryonePermissions, false, false, false});
    int position = 1;
    for (const auto& spec : kSietchRoles) {
      g.roles.push_back({make_snowflake(base + 1000 + g_index, 3, 0, static_cast<std::uint32_t>(position)), spec.key,
                         spec.name, spec.color, position, 0, false,
                         std::string(spec.key) == "naib" || std::string(spec.key) == "fedaykin", false});
      ++position;
    }
    g.roles.push_back({make_snowflake(base + 1000 + g_index, 3, 0, 100), "bot", "Arrakis", 0x5865F2, position++,
                       kManageRoles | kManageChannels | kEveryonePermissions, true, false, false});
    g.roles.push_back({make_snowflake(base + 1000 + g_index, 3, 0, 101), "admin", "Admin", 0xE74C3C, position++,
                       kAdministrator, false, false, false});
    std::uint32_t c = 0;
    for (const char* name : kChannels) {
      g.channels.push_back({make_snowflake(base + 2000 + g_index, 4, 0, c), g.id, name, name, 0, 0, 0, {}, json::array()});
      ++c;
    }
    // The bot is a member with its managed role.
    Member bot_member;
    bot_member.user = bot_;
    bot_member.roles = {role_id(g, "bot")};
    bot_member.joined_at = iso8601(base + 3000);
    g.by_user[bot_.id] = g.members.size();
    g.members.push_back(bot_member);

    const int members = std::max(0, options.members_per_guild);
    int rank = 0;
    for (int mi = 0; mi < members; ++mi) {
      const auto serial = next_user_serial_++;
      const auto uid = make_snowflake(base + 10'000 + serial, 2, 0, static_cast<std::uint32_t>(serial & 0xFFF));
      const bool has_wallet = mix64(seed_ ^ (serial * 31 + 7)) % 100 < 85;
      auto m = make_member(g_index, static_cast<std::uint64_t>(mi), uid, g, base + 20'000 + serial * 1000,
                           has_wallet ? ++rank : 0);
      if (!has_wallet) m.user.wallet.clear();
      if (mi < 2) {  // the first two members administer the guild
        m.admin = true;
        m.roles.push_back(role_id(g, "admin"));
      }
      // Two other bots live in bigger guilds; the ingestor must ignore their messages.
      if (members >= 10 && mi >= members - 2) {
        m.user.bot = true;
        m.user.username = mi == members - 1 ? "collab-land" : "mee6";
        m.user.wallet.clear();
        m.roles.clear();
      }
      if (mi == 0) g.owner_id = uid;
      g.by_user[uid] = g.members.size();
      g.members.push_back(std::move(m));
    }
    if (g.owner_id == 0) g.owner_id = bot_.id;
    guild_index_[g.id] = guilds_.size();
    guilds_.push_back(std::move(g));
  }
}

Member CommunityModel::make_member(std::uint64_t, std::uint64_t, std::uint64_t user_id, const Guild& g,
                                   std::uint64_t unix_ms, int rank) {
  const auto serial = next_user_serial_ - 1;
  const auto h = mix64(seed_ * 7919 + serial);
  Member m;
  m.user.id = user_id;
  const std::string name = kNames[h % kNames.size()];
  m.user.username = name + "_" + std::to_string(serial);
  m.user.global_name = name;
  m.user.global_name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(m.user.global_name[0])));
  m.user.global_name += " " + std::to_string(serial);
  m.user.blocks_dms = (h >> 8) % 100 < 5;
  m.user.wallet = wallet_address(seed_, serial);
  m.joined_at = iso8601(unix_ms);
  // Roles as the gate would have assigned them from the holder ranking (domain 3.1, 2.4).
  if (rank >= 1 && rank <= 7) m.roles.push_back(role_id(g, "naib"));
  if (rank >= 8 && rank <= 69) m.roles.push_back(role_id(g, "fedaykin"));
  if (rank >= 70 && rank <= 100 && (h >> 16) % 3 == 0) m.roles.push_back(role_id(g, "taqwa"));
  if (rank >= 1 && rank <= 69 && (h >> 20) % 10 < 7) {
    m.roles.push_back(role_id(g, "onboarded"));
    m.roles.push_back(role_id(g, kTiers[(h >> 24) % kTiers.size()]));
    if ((h >> 28) % 4 == 0) m.roles.push_back(role_id(g, "engaged"));
  }
  return m;
}

const Guild* CommunityModel::find(std::uint64_t guild_id) const {
  const auto it = guild_index_.find(guild_id);
  return it == guild_index_.end() ? nullptr : &guilds_[it->second];
}
Guild* CommunityModel::find(std::uint64_t guild_id) {
  const auto it = guild_index_.find(guild_id);
  return it == guild_index_.end() ? nullptr : &guilds_[it->second];
}

std::vector<std::uint64_t> CommunityModel::guild_ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::uint64_t> out;
  for (const auto& g : guilds_) out.push_back(g.id);
  return out;
}

bool CommunityModel::has_guild(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  return find(guild_id) != nullptr;
}

json CommunityModel::user_json(const User& u) {
  json j = {{"id", id_string(u.id)},  {"username", u.username}, {"global_name", u.global_name},
            {"discriminator", "0"},   {"avatar", nullptr},      {"public_flags", 0}};
  if (u.bot) j["bot"] = true;
  return j;
}

json CommunityModel::member_object(const Member& m) {
  json roles = json::array();
  for (auto r : m.roles) roles.push_back(id_string(r));
  return {{"user", user_json(m.user)},
          {"roles", roles},
          {"joined_at", m.joined_at},
          {"nick", m.nick ? json(*m.nick) : json(nullptr)},
          {"avatar", nullptr},
          {"banner", nullptr},
          {"premium_since", nullptr},
          {"deaf", false},
          {"mute", false},
          {"pending", false},
          {"flags", 0},
          {"communication_disabled_until", nullptr}};
}

json CommunityModel::guild_create(std::uint64_t guild_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g) return json::object();
  const json roles = roles_array(*g);
  json channels = json::array();
  int pos = 0;
  for (const auto& c : g->channels) channels.push_back(channel_object(c, pos++));
  // Without GUILD_PRESENCES Discord lists only the bot (and users in voice) in `members`.
  json members = json::array();
  const auto bot_it = g->by_user.find(bot_.id);
  if (bot_it != g->by_user.end()) members.push_back(member_object(g->members[bot_it->second]));
  return {{"id", id_string(g->id)},
          {"name", g->name},
          {"icon", nullptr},
          {"splash", nullptr},
          {"owner_id", id_string(g->owner_id)},
          {"afk_channel_id", nullptr},
          {"verification_level", 1},
          {"default_message_notifications", 1},
          {"explicit_content_filter", 0},
          {"roles", roles},
          {"emojis", json::array()},
          {"stickers", json::array()},
          {"features", json::array()},
          {"mfa_level", 0},
          {"system_channel_id", id_string(g->channels.front().id)},
          {"preferred_locale", "en-US"},
          {"premium_tier", 0},
          {"nsfw_level", 0},
          {"joined_at", members.empty() ? json(nullptr) : members[0]["joined_at"]},
          {"large", g->members.size() > 250},
          {"unavailable", false},
          {"member_count", g->members.size()},
          {"members", members},
          {"channels", channels},
          {"threads", json::array()},
          {"presences", json::array()},
          {"voice_states", json::array()},
          {"stage_instances", json::array()},
          {"guild_scheduled_events", json::array()},
          {"soundboard_sounds", json::array()}};
}

std::optional<Member> CommunityModel::member(std::uint64_t guild_id, std::uint64_t user_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g) return std::nullopt;
  const auto it = g->by_user.find(user_id);
  if (it == g->by_user.end()) return std::nullopt;
  return g->members[it->second];
}

std::optional<json> CommunityModel::member_json(std::uint64_t guild_id, std::uint64_t user_id) const {
  auto m = member(guild_id, user_id);
  if (!m) return std::nullopt;
  return member_object(*m);
}

std::optional<json> CommunityModel::interaction_member(std::uint64_t guild_id, std::uint64_t user_id) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g) return std::nullopt;
  const auto it = g->by_user.find(user_id);
  if (it == g->by_user.end()) return std::nullopt;
  const Member& m = g->members[it->second];
  std::uint64_t perms = kEveryonePermissions;
  for (const auto& r : g->roles) {
    if (std::find(m.roles.begin(), m.roles.end(), r.id) != m.roles.end()) perms |= r.permissions;
  }
  if ((perms & kAdministrator) || g->owner_id == user_id) perms = kAllPermissions;
  json j = member_object(m);
  j["permissions"] = std::to_string(perms);
  return j;
}

std::optional<User> CommunityModel::user(std::uint64_t user_id) const {
  std::lock_guard lock(mutex_);
  if (user_id == bot_.id) return bot_;
  for (const auto& g : guilds_) {
    const auto it = g.by_user.find(user_id);
    if (it != g.by_user.end()) return g.members[it->second].user;
  }
  return std::nullopt;
}

std::optional<Channel> CommunityModel::channel(std::uint64_t channel_id) const {
  std::lock_guard lock(mutex_);
  if (const auto it = dm_channels_.find(channel_id); it != dm_channels_.end()) return it->second;
  for (const auto& g : guilds_) {
    for (const auto& c : g.channels) {
      if (c.id == channel_id) return c;
    }
  }
  return std::nullopt;
}

int CommunityModel::highest_position(const Guild& g, const Member& m) const {
  int best = 0;
  for (const auto& r : g.roles) {
    if (std::find(m.roles.begin(), m.roles.end(), r.id) != m.roles.end()) best = std::max(best, r.position);
  }
  return best;
}

RoleChange CommunityModel::change_role(std::uint64_t guild_id, std::uint64_t user_id, std::uint64_t role_id_value,
                                       bool add, json* update) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) return RoleChange::unknown_guild;
  const auto it = g->by_user.find(user_id);
  if (it == g->by_user.end()) return RoleChange::unknown_member;
  const auto role = std::find_if(g->roles.begin(), g->roles.end(), [&](const Role& r) { return r.id == role_id_value; });
  if (role == g->roles.end()) return RoleChange::unknown_role;
  // The bot needs MANAGE_ROLES and may only touch roles below its highest one (spec 4); managed
  // roles and @everyone cannot be assigned at all.
  if (!(bot_permissions(*g) & (kManageRoles | kAdministrator)) || role->position >= bot_top_position(*g) ||
      role->managed || role->id == g->id) {
    return RoleChange::missing_permissions;
  }
  Member& m = g->members[it->second];
  const auto has = std::find(m.roles.begin(), m.roles.end(), role_id_value);
  if (add && has == m.roles.end()) m.roles.push_back(role_id_value);
  if (!add && has != m.roles.end()) m.roles.erase(has);
  if (update) {
    *update = member_object(m);
    (*update)["guild_id"] = id_string(g->id);
  }
  return RoleChange::ok;
}

std::optional<Channel> CommunityModel::open_dm(std::uint64_t user_id) {
  std::lock_guard lock(mutex_);
  if (const auto it = dm_by_user_.find(user_id); it != dm_by_user_.end()) return dm_channels_.at(it->second);
  bool known = false;
  for (const auto& g : guilds_) known = known || g.by_user.count(user_id) > 0;
  if (!known || user_id == bot_.id) return std::nullopt;
  const auto serial = next_dm_serial_++;
  Channel c;
  c.id = make_snowflake(base_ms(seed_) + 50'000 + serial, 5, 0, static_cast<std::uint32_t>(serial & 0xFFF));
  c.type = 1;
  c.recipient = user_id;
  c.name = "dm";
  c.key = "dm";
  dm_channels_[c.id] = c;
  dm_by_user_[user_id] = c.id;
  return c;
}

std::optional<Member> CommunityModel::random_member(std::uint64_t guild_id, std::mt19937_64& rng, bool humans_only) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g || g->members.empty()) return std::nullopt;
  for (int tries = 0; tries < 16; ++tries) {
    const auto& m = g->members[rng() % g->members.size()];
    if (!humans_only || !m.user.bot) return m;
  }
  return std::nullopt;
}

Member CommunityModel::add_member(std::uint64_t guild_id, std::mt19937_64& rng, std::uint64_t unix_ms) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g) throw std::invalid_argument("unknown guild " + std::to_string(guild_id));
  const auto serial = next_user_serial_++;
  const auto uid = make_snowflake(base_ms(seed_) + 10'000 + serial, 2, 0, static_cast<std::uint32_t>(serial & 0xFFF));
  Member m = make_member(0, 0, uid, *g, unix_ms, (rng() % 2) ? static_cast<int>(rng() % 120) : 0);
  if (m.roles.empty() && rng() % 2) m.user.wallet.clear();
  g->by_user[uid] = g->members.size();
  g->members.push_back(m);
  return m;
}

std::optional<Member> CommunityModel::remove_random_member(std::uint64_t guild_id, std::mt19937_64& rng) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g || g->members.size() < 4) return std::nullopt;
  const auto index = 1 + rng() % (g->members.size() - 1);
  Member m = g->members[index];
  if (m.user.id == bot_.id || m.user.id == g->owner_id || m.admin) return std::nullopt;
  // Swap-remove keeps picks O(1); fix the index of the member that moved.
  g->by_user.erase(m.user.id);
  if (index != g->members.size() - 1) {
    g->members[index] = std::move(g->members.back());
    g->by_user[g->members[index].user.id] = index;
  }
  g->members.pop_back();
  return m;
}

std::optional<json> CommunityModel::toggle_random_role(std::uint64_t guild_id, std::mt19937_64& rng) {
  std::lock_guard lock(mutex_);
  Guild* g = find(guild_id);
  if (!g || g->members.size() < 2) return std::nullopt;
  Member& m = g->members[1 + rng() % (g->members.size() - 1)];
  if (m.user.bot) return std::nullopt;
  // Only the Sietch roles change hands (the external gate assigns naib/fedaykin, tiers, ...).
  const auto& role = g->roles[1 + rng() % kSietchRoles.size()];
  const auto has = std::find(m.roles.begin(), m.roles.end(), role.id);
  if (has == m.roles.end()) {
    m.roles.push_back(role.id);
  } else {
    m.roles.erase(has);
  }
  json update = member_object(m);
  update["guild_id"] = id_string(g->id);
  return update;
}

std::optional<Channel> CommunityModel::random_text_channel(std::uint64_t guild_id, std::mt19937_64& rng) const {
  std::lock_guard lock(mutex_);
  const Guild* g = find(guild_id);
  if (!g || g->channels.empty()) return std::nullopt;
  return g->channels[rng() % g->channels.size()];
}

std::vector<std::string> CommunityModel::nyms(std::uint64_t guild_id, std::size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  const Guild* g = find(guild_id);
  if (!g) return out;
  for (const auto& m : g->members) {
    if (out.size() >= max) break;
    if (!m.user.bot) out.push_back(m.user.username);
  }
  return out;
}

json CommunityModel::to_json() const {
  std::lock_guard lock(mutex_);
  json guilds = json::array();
  for (const auto& g : guilds_) {
    json roles = json::array();
    std::unordered_map<std::uint64_t, std::string> key_of;
    for (const auto& r : g.roles) {
      roles.push_back({{"id", id_string(r.id)}, {"key", r.key}, {"name", r.name}, {"position", r.position},
                       {"color", r.color}, {"permissions", std::to_string(r.permissions)}, {"managed", r.managed}});
      key_of[r.id] = r.key;
    }
    json channels = json::array();
    for (const auto& c : g.channels) channels.push_back({{"id", id_string(c.id)}, {"key", c.key}, {"name", c.name}});
    json members = json::array();
    for (const auto& m : g.members) {
      json role_keys = json::array();
      for (auto r : m.roles) role_keys.push_back(key_of[r]);
      members.push_back({{"id", id_string(m.user.id)},
                         {"username", m.user.username},
                         {"bot", m.user.bot},
                         {"admin", m.admin},
                         {"blocks_dms", m.user.blocks_dms},
                         {"wallet", m.user.wallet.empty() ? json(nullptr) : json(m.user.wallet)},
                         {"roles", role_keys}});
    }
    guilds.push_back({{"id", id_string(g.id)}, {"name", g.name}, {"owner_id", id_string(g.owner_id)},
                      {"roles", roles}, {"channels", channels}, {"members", members}});
  }
  return {{"seed", seed_},
          {"application_id", id_string(application_id_)},
          {"bot", user_json(bot_)},
          {"wallet_derivation", "wallet_address(seed, user_serial): splitmix64 words, see community_model.cpp"},
          {"guilds", guilds}};
}

}  // namespace arrakis::discord_sim
