#include "arrakis/discord_sim/event_factory.hpp"

#include "arrakis/discord_sim/command_catalog.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

const char* const kMessages[] = {
    "gm sietch", "the spice must flow", "who is up for the weekly digest?", "just hit ichwan tier!",
    "anyone seen the new threshold?", "water is life", "welcome to the new members", "when /leaderboard update?"};
const char* const kEmoji[] = {"🔥", "💧", "👑", "⚔️", "🏜️"};

json partial_member(const json& member) {
  json m = member;
  m.erase("user");
  return m;
}

std::string iso_now(const Clock& clock) {
  const auto ms = clock.unix_ms();
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d000+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// What the registry keeps of an interaction: where, who, what (command name or custom id).
InteractionSeed seed_of(int type, std::uint64_t guild_id, std::uint64_t channel_id, std::uint64_t user_id,
                        const json& data, const json& message) {
  InteractionSeed seed;
  seed.type = type;
  seed.guild_id = guild_id;
  seed.channel_id = channel_id;
  seed.user_id = user_id;
  seed.name = data.value("name", data.value("custom_id", std::string()));
  seed.source_message = message;
  return seed;
}

}  // namespace

EventFactory::EventFactory(const Clock& clock, CommunityModel& model, InteractionRegistry& interactions,
                           SnowflakeGenerator& ids, std::uint64_t seed)
    : clock_(clock), model_(model), interactions_(interactions), ids_(ids), seed_(seed) {}

std::uint64_t EventFactory::next_id() { return ids_.next(static_cast<std::uint64_t>(clock_.unix_ms())); }

std::uint64_t EventFactory::command_id(const std::string& name) const {
  std::uint64_t h = seed_;
  for (unsigned char c : name) h = mix64(h ^ c);
  return make_snowflake(kDiscordEpochMs + 150'000'000'000ULL + (h % 1'000'000), 6, 0, static_cast<std::uint32_t>(h & 0xFFF));
}

OptionContext EventFactory::people(std::uint64_t guild_id, std::mt19937_64& rng, std::size_t count) const {
  OptionContext ctx;
  for (std::size_t i = 0; i < count; ++i) {
    auto m = model_.random_member(guild_id, rng);
    if (!m) break;
    ctx.people.push_back({m->user.id, m->user.username, m->user.wallet, CommunityModel::member_object(*m)});
  }
  return ctx;
}

std::optional<BuiltInteraction> EventFactory::interaction(int type, std::uint64_t guild_id, std::uint64_t user_id,
                                                          std::uint64_t channel_id, json data, const json& message) {
  if (guild_id == 0) return dm_interaction(type, user_id, channel_id, std::move(data), message);
  auto member = model_.interaction_member(guild_id, user_id);
  auto channel = model_.channel(channel_id);
  if (!member || !channel) return std::nullopt;
  const auto issued = interactions_.create(seed_of(type, guild_id, channel_id, user_id, data, message));
  const auto gid = std::to_string(guild_id);
  json d = {{"id", std::to_string(issued.id)},
            {"application_id", std::to_string(model_.application_id())},
            {"type", type},
            {"data", std::move(data)},
            {"guild", {{"id", gid}, {"locale", "en-US"}, {"features", json::array()}}},
            {"guild_id", gid},
            {"channel", {{"id", std::to_string(channel_id)}, {"type", 0}, {"guild_id", gid}, {"name", channel->name},
                         {"permissions", (*member)["permissions"]}, {"flags", 0}, {"parent_id", nullptr}, {"nsfw", false}}},
            {"channel_id", std::to_string(channel_id)},
            {"member", std::move(*member)},
            {"token", issued.token},
            {"version", 1},
            {"app_permissions", std::to_string(kManageRoles | (1ULL << 10) | (1ULL << 11) | (1ULL << 14) | (1ULL << 16))},
            {"locale", "en-US"},
            {"guild_locale", "en-US"},
            {"entitlements", json::array()},
            {"entitlement_sku_ids", json::array()},
            {"authorizing_integration_owners", {{"0", gid}}},
            {"context", 0},
            {"attachment_size_limit", 10485760}};
  if (message.is_object()) d["message"] = message;
  return BuiltInteraction{{"INTERACTION_CREATE", guild_id, d.dump(), {}, issued.id, false}, issued};
}

// In a DM Discord sends `user` instead of `member`, no guild fields, the DM channel (type 1) and
// context 1 (BOT_DM); a guild-installed app's owner there is "0" (docs: interaction object).
std::optional<BuiltInteraction> EventFactory::dm_interaction(int type, std::uint64_t user_id, std::uint64_t channel_id,
                                                             json data, const json& message) {
  auto user = model_.user(user_id);
  auto channel = model_.channel(channel_id);
  if (!user || !channel || channel->type != 1 || channel->recipient != user_id) return std::nullopt;
  const auto issued = interactions_.create(seed_of(type, 0, channel_id, user_id, data, message));
  const json user_object = CommunityModel::user_json(*user);
  json d = {{"id", std::to_string(issued.id)},
            {"application_id", std::to_string(model_.application_id())},
            {"type", type},
            {"data", std::move(data)},
            {"channel", {{"id", std::to_string(channel_id)}, {"type", 1}, {"last_message_id", nullptr}, {"flags", 0},
                         {"recipients", json::array({user_object})}}},
            {"channel_id", std::to_string(channel_id)},
            {"user", user_object},
            {"token", issued.token},
            {"version", 1},
            {"app_permissions", std::to_string((1ULL << 10) | (1ULL << 11) | (1ULL << 14) | (1ULL << 16))},
            {"locale", "en-US"},
            {"entitlements", json::array()},
            {"entitlement_sku_ids", json::array()},
            {"authorizing_integration_owners", {{"0", "0"}}},
            {"context", 1},
            {"attachment_size_limit", 10485760}};
  if (message.is_object()) d["message"] = message;
  return BuiltInteraction{{"INTERACTION_CREATE", std::nullopt, d.dump(), {}, issued.id, false}, issued};
}

std::optional<BuiltInteraction> EventFactory::named_command(std::uint64_t guild_id, std::uint64_t user_id,
                                                            const std::string& name, const json& options,
                                                            std::mt19937_64& rng) {
  return named_interaction(2, guild_id, user_id, name, options, rng);
}

std::optional<BuiltInteraction> EventFactory::named_autocomplete(std::uint64_t guild_id, std::uint64_t user_id,
                                                                 const std::string& name, const json& options,
                                                                 std::mt19937_64& rng) {
  return named_interaction(4, guild_id, user_id, name, options, rng);
}

std::optional<BuiltInteraction> EventFactory::named_interaction(int type, std::uint64_t guild_id, std::uint64_t user_id,
                                                                const std::string& name, const json& options,
                                                                std::mt19937_64& rng) {
  auto caller = user_id ? model_.member(guild_id, user_id) : model_.random_member(guild_id, rng);
  auto channel = model_.random_text_channel(guild_id, rng);
  if (!caller || !channel || name.empty()) return std::nullopt;
  json data = {{"id", std::to_string(command_id(name))}, {"name", name}, {"type", 1},
               {"options", options.is_array() ? options : json::array()}};
  return interaction(type, guild_id, caller->user.id, channel->id, std::move(data));
}

std::optional<BuiltInteraction> EventFactory::random_command(std::uint64_t guild_id, std::mt19937_64& rng,
                                                             const std::string& name, std::uint64_t user_id) {
  const auto& catalog = command_catalog();
  const CommandSpec* command = name.empty() ? &catalog[rng() % catalog.size()] : find_command(name);
  if (!command) return std::nullopt;
  return invoke(*command, guild_id, rng, user_id);
}

std::optional<BuiltInteraction> EventFactory::random_command_of(const std::vector<CommandSpec>& commands,
                                                                std::uint64_t guild_id, std::mt19937_64& rng) {
  if (commands.empty()) return std::nullopt;
  return invoke(commands[rng() % commands.size()], guild_id, rng, 0);
}

std::optional<BuiltInteraction> EventFactory::invoke(const CommandSpec& spec, std::uint64_t guild_id,
                                                     std::mt19937_64& rng, std::uint64_t user_id) {
  const CommandSpec* command = &spec;
  auto caller = user_id ? model_.member(guild_id, user_id) : model_.random_member(guild_id, rng);
  auto channel = model_.random_text_channel(guild_id, rng);
  if (!caller || !channel) return std::nullopt;
  // Only commands with options can refer to members; building them is the costly part.
  const auto context = command->options.empty() ? OptionContext{} : people(guild_id, rng, 3);
  auto data = command_data(*command, command_id(command->name), guild_id, rng, context);
  return interaction(2, guild_id, caller->user.id, channel->id, std::move(data));
}

std::optional<BuiltInteraction> EventFactory::random_autocomplete(std::uint64_t guild_id, std::mt19937_64& rng) {
  return random_autocomplete_of(command_catalog(), guild_id, rng);
}

std::optional<BuiltInteraction> EventFactory::random_autocomplete_of(const std::vector<CommandSpec>& commands,
                                                                     std::uint64_t guild_id, std::mt19937_64& rng) {
  std::vector<const CommandSpec*> candidates;
  for (const auto& c : commands) {
    if (has_autocomplete(c)) candidates.push_back(&c);
  }
  if (candidates.empty()) return std::nullopt;
  const CommandSpec* command = candidates[rng() % candidates.size()];
  auto caller = model_.random_member(guild_id, rng);
  auto channel = model_.random_text_channel(guild_id, rng);
  if (!caller || !channel) return std::nullopt;
  auto data = autocomplete_data(*command, command_id(command->name), guild_id, rng, people(guild_id, rng, 3));
  return interaction(4, guild_id, caller->user.id, channel->id, std::move(data));
}

std::optional<BuiltInteraction> EventFactory::component_click(std::mt19937_64& rng, const OfferFilter& filter) {
  auto target = interactions_.take_component(rng, filter);
  if (!target) return std::nullopt;
  json data = {{"custom_id", target->custom_id}, {"component_type", target->component_type}};
  if (target->component_type == 3) {
    data["values"] = target->option_values.empty() ? json::array()
                                                   : json::array({target->option_values[rng() % target->option_values.size()]});
  } else if (target->component_type >= 5 && target->component_type <= 8) {
    auto m = model_.random_member(target->guild_id, rng);
    data["values"] = json::array();
    if (m) {
      const auto id = std::to_string(m->user.id);
      data["values"].push_back(id);
      data["resolved"] = {{"users", {{id, CommunityModel::user_json(m->user)}}}};
    }
  }
  return interaction(3, target->guild_id, target->user_id, target->channel_id, std::move(data), target->message);
}

std::optional<BuiltInteraction> EventFactory::modal_submit(std::mt19937_64& rng, const OfferFilter& filter,
                                                           const json& values) {
  auto target = interactions_.take_modal(rng, filter);
  if (!target) return std::nullopt;
  json components = json::array();
  int component_id = 1;
  for (const auto& f : target->fields) {
    const bool given = values.is_object() && values.contains(f.custom_id) && values[f.custom_id].is_string();
    json input = {{"type", 4}, {"custom_id", f.custom_id},
                  {"value", given ? values[f.custom_id].get<std::string>() : modal_value(f.custom_id, f.max_length, rng)}};
    if (f.label_form) {
      input["id"] = component_id + 1;
      components.push_back({{"type", 18}, {"id", component_id}, {"component", input}});
      component_id += 2;
    } else {
      components.push_back({{"type", 1}, {"components", json::array({input})}});
    }
  }
  json data = {{"custom_id", target->custom_id}, {"components", components}};
  return interaction(5, target->guild_id, target->user_id, target->channel_id, std::move(data), target->source_message);
}

Dispatch EventFactory::member_add(std::uint64_t guild_id, std::mt19937_64& rng) {
  const auto m = model_.add_member(guild_id, rng, static_cast<std::uint64_t>(clock_.unix_ms()));
  json d = CommunityModel::member_object(m);
  d["guild_id"] = std::to_string(guild_id);
  return {"GUILD_MEMBER_ADD", guild_id, d.dump(), {}, 0, false};
}

std::optional<Dispatch> EventFactory::member_remove(std::uint64_t guild_id, std::mt19937_64& rng) {
  const auto m = model_.remove_random_member(guild_id, rng);
  if (!m) return std::nullopt;
  json d = {{"guild_id", std::to_string(guild_id)}, {"user", CommunityModel::user_json(m->user)}};
  return Dispatch{"GUILD_MEMBER_REMOVE", guild_id, d.dump(), {}, 0, false};
}

std::optional<Dispatch> EventFactory::member_update(std::uint64_t guild_id, std::mt19937_64& rng) {
  auto update = model_.toggle_random_role(guild_id, rng);
  if (!update) return std::nullopt;
  return member_update(*update);
}

Dispatch EventFactory::member_update(const json& update) {
  const auto guild_id = std::stoull(update.value("guild_id", std::string("0")));
  const bool about_bot = update.contains("user") && update["user"].value("id", std::string()) == std::to_string(model_.bot().id);
  return {"GUILD_MEMBER_UPDATE", guild_id, update.dump(), {}, 0, about_bot};
}

std::optional<Dispatch> EventFactory::guild_message(std::uint64_t guild_id, std::mt19937_64& rng, bool from_bot,
                                                    const MessagePick& pick) {
  std::optional<Member> author;
  if (pick.author != 0) {
    author = model_.member(guild_id, pick.author);
    if (!author) return std::nullopt;
  }
  for (int tries = 0; tries < 16 && !author; ++tries) {
    auto m = model_.random_member(guild_id, rng, false);
    if (m && m->user.bot == from_bot && m->user.id != model_.bot().id) author = m;
  }
  std::optional<Channel> channel;
  if (pick.channel != 0) {
    channel = model_.channel(pick.channel);
    if (!channel || channel->guild_id != guild_id) return std::nullopt;
  } else {
    channel = model_.random_text_channel(guild_id, rng);
  }
  if (!author || !channel) return std::nullopt;
  const bool mention_bot = !pick.content && rng() % 20 == 0;
  std::string content = pick.content ? *pick.content : kMessages[rng() % std::size(kMessages)];
  if (mention_bot) content = "<@" + std::to_string(model_.bot().id) + "> " + content;
  const bool mentions_bot = content.find("<@" + std::to_string(model_.bot().id) + ">") != std::string::npos;
  const std::uint64_t id = pick.id != 0 ? pick.id : next_id();
  json d = {{"id", std::to_string(id)},
            {"type", 0},
            {"channel_id", std::to_string(channel->id)},
            {"guild_id", std::to_string(guild_id)},
            {"author", CommunityModel::user_json(author->user)},
            {"member", partial_member(CommunityModel::member_object(*author))},
            {"content", content},
            {"timestamp", iso_now(clock_)},
            {"edited_timestamp", nullptr},
            {"tts", false},
            {"mention_everyone", false},
            {"mentions", mentions_bot ? json::array({CommunityModel::user_json(model_.bot())}) : json::array()},
            {"mention_roles", json::array()},
            {"attachments", json::array()},
            {"embeds", json::array()},
            {"components", json::array()},
            {"pinned", false},
            {"flags", 0},
            {"nonce", std::to_string(rng() % 1000000000)},
            {"channel_type", 0}};
  // Scripted messages stay in the model (random traffic would only pile up there).
  if (pick.author != 0 || pick.id != 0) model_.store_message(id, channel->id, author->user.id, d);
  Dispatch out{"MESSAGE_CREATE", guild_id, d.dump(), {}, 0, false};
  // Without MESSAGE_CONTENT a session sees blank content unless the bot is mentioned (spec 2).
  if (!mentions_bot) {
    d["content"] = "";
    out.data_without_content = d.dump();
  }
  return out;
}

std::optional<Dispatch> EventFactory::direct_message(std::uint64_t guild_id, std::mt19937_64& rng) {
  auto author = model_.random_member(guild_id, rng);
  if (!author) return std::nullopt;
  auto dm = model_.open_dm(author->user.id);
  if (!dm) return std::nullopt;
  json d = {{"id", std::to_string(next_id())},  {"type", 0},
            {"channel_id", std::to_string(dm->id)}, {"author", CommunityModel::user_json(author->user)},
            {"content", "hello bot, how do I verify?"}, {"timestamp", iso_now(clock_)},
            {"edited_timestamp", nullptr},         {"tts", false},
            {"mention_everyone", false},           {"mentions", json::array()},
            {"mention_roles", json::array()},      {"attachments", json::array()},
            {"embeds", json::array()},             {"components", json::array()},
            {"pinned", false},                     {"flags", 0},
            {"channel_type", 1}};
  return Dispatch{"MESSAGE_CREATE", std::nullopt, d.dump(), {}, 0, false};
}

std::optional<Dispatch> EventFactory::reaction_add(std::uint64_t guild_id, std::mt19937_64& rng,
                                                   const ReactionPick& pick) {
  auto who = pick.user != 0 ? model_.member(guild_id, pick.user) : model_.random_member(guild_id, rng);
  std::optional<StoredMessage> message;
  if (pick.message != 0) message = model_.stored_message(pick.message);
  std::optional<Channel> channel;
  if (message || pick.channel != 0) {
    channel = model_.channel(message ? message->channel_id : pick.channel);
    if (!channel || channel->guild_id != guild_id) return std::nullopt;
  } else {
    channel = model_.random_text_channel(guild_id, rng);
  }
  if (!who || !channel) return std::nullopt;
  json d = {{"user_id", std::to_string(who->user.id)},
            {"channel_id", std::to_string(channel->id)},
            {"message_id", std::to_string(pick.message != 0 ? pick.message : next_id())},
            {"guild_id", std::to_string(guild_id)},
            {"member", CommunityModel::member_object(*who)},
            {"emoji", {{"id", nullptr}, {"name", kEmoji[rng() % std::size(kEmoji)]}}},
            {"burst", false},
            {"type", 0}};
  // Discord names the message's author in a guild reaction; the simulator knows it for the messages it keeps.
  if (message) d["message_author_id"] = std::to_string(message->author_id);
  return Dispatch{"MESSAGE_REACTION_ADD", guild_id, d.dump(), {}, 0, false};
}

Dispatch EventFactory::message_create(const json& message) {
  std::optional<std::uint64_t> guild;
  json d = message;
  if (message.contains("guild_id")) {
    guild = std::stoull(message["guild_id"].get<std::string>());
    if (auto m = model_.member(*guild, model_.bot().id)) d["member"] = partial_member(CommunityModel::member_object(*m));
  }
  // The bot's own messages keep their content for every session (spec 2).
  return {"MESSAGE_CREATE", guild, d.dump(), {}, 0, false};
}

}  // namespace arrakis::discord_sim
