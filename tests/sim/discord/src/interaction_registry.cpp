#include "arrakis/discord_sim/interaction_registry.hpp"

#include <algorithm>
#include <cstdio>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/message_validation.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

constexpr std::chrono::milliseconds kFirstResponseDeadline{3000};
constexpr std::chrono::milliseconds kTokenLife{15 * 60 * 1000};
constexpr std::size_t kMaxInteractions = 200000;
constexpr std::size_t kMaxOffers = 2000;
constexpr int kEphemeral = 1 << 6;

json error(int code, const std::string& message) { return {{"code", code}, {"message", message}}; }
RestAnswer unknown_interaction() { return {404, error(10062, "Unknown interaction"), std::nullopt}; }
RestAnswer unknown_webhook() { return {404, error(10015, "Unknown Webhook"), std::nullopt}; }
RestAnswer unknown_message() { return {404, error(10008, "Unknown Message"), std::nullopt}; }

// URL-safe base64 of "interaction:<id>:<random>", the shape Discord's tokens have.
std::string make_token(std::uint64_t id, std::uint64_t seed) {
  char random[33];
  std::snprintf(random, sizeof random, "%016llx%016llx", static_cast<unsigned long long>(mix64(seed ^ id)),
                static_cast<unsigned long long>(mix64(id * 31 + seed)));
  const std::string raw = "interaction:" + std::to_string(id) + ":" + random;
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kAlphabet[(buffer >> (bits - 6)) & 63];
      bits -= 6;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

// A modal submit may update a message (6, 7) only when the modal was opened from a component on
// one; a modal a slash command opened has no message to update.
bool allowed_response(int interaction_type, int response_type, bool on_message) {
  if (interaction_type == 5 && !on_message && (response_type == 6 || response_type == 7)) return false;
  switch (interaction_type) {
    case 1: return response_type == 1;
    case 2: return response_type == 4 || response_type == 5 || response_type == 9;
    case 3: return response_type == 4 || response_type == 5 || response_type == 6 || response_type == 7 || response_type == 9;
    case 4: return response_type == 8;
    case 5: return response_type == 4 || response_type == 5 || response_type == 6 || response_type == 7;
    default: return false;
  }
}

json type_error(const std::string& message) {
  return invalid_form_body({{"type", {{"_errors", json::array({{{"code", "BASE_TYPE_CHOICES"}, {"message", message}}})}}}});
}

}  // namespace

InteractionRegistry::InteractionRegistry(const Clock& clock, Recorder& recorder, SnowflakeGenerator& ids,
                                         std::uint64_t application_id, const json& bot_user, std::uint64_t seed)
    : clock_(clock), recorder_(recorder), ids_(ids), application_id_(application_id), bot_user_(bot_user), seed_(seed) {}

IssuedInteraction InteractionRegistry::create(const InteractionSeed& seed) {
  const auto id = ids_.next(static_cast<std::uint64_t>(clock_.unix_ms()));
  Interaction i;
  i.id = id;
  i.token = make_token(id, seed_);
  i.seed = seed;
  i.created = clock_.now();
  std::lock_guard lock(mutex_);
  purge();
  by_token_[i.token] = id;
  order_.push_back(id);
  IssuedInteraction out{id, i.token};
  by_id_.emplace(id, std::move(i));
  return out;
}

void InteractionRegistry::mark_dispatched(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = by_id_.find(id);
  if (it != by_id_.end() && !it->second.dispatched) it->second.dispatched = clock_.now();
}

void InteractionRegistry::purge() {
  const auto now = clock_.now();
  const auto life = clock_.scaled(kTokenLife);
  while (!order_.empty()) {
    const auto it = by_id_.find(order_.front());
    if (it != by_id_.end() && order_.size() <= kMaxInteractions && now - it->second.created < life) break;
    if (it != by_id_.end()) {
      by_token_.erase(it->second.token);
      by_id_.erase(it);
    }
    order_.pop_front();
  }
}

InteractionRegistry::Interaction* InteractionRegistry::live_by_token(const std::string& token) {
  const auto t = by_token_.find(token);
  if (t == by_token_.end()) return nullptr;
  auto& i = by_id_.at(t->second);
  if (clock_.now() - i.created >= clock_.scaled(kTokenLife)) return nullptr;
  return &i;
}

json InteractionRegistry::make_message(const Interaction& i, const json& data, bool followup) {
  const auto id = ids_.next(static_cast<std::uint64_t>(clock_.unix_ms()));
  json m = {{"id", id_string(id)},
            {"type", i.seed.type == 2 ? 20 : 19},
            {"channel_id", id_string(i.seed.channel_id)},
            {"author", bot_user_},
            {"content", data.value("content", std::string())},
            {"timestamp", nullptr},
            {"edited_timestamp", nullptr},
            {"tts", data.value("tts", false)},
            {"mention_everyone", false},
            {"mentions", json::array()},
            {"mention_roles", json::array()},
            {"attachments", data.value("attachments", json::array())},
            {"embeds", data.value("embeds", json::array())},
            {"components", data.value("components", json::array())},
            {"pinned", false},
            {"flags", data.value("flags", 0)},
            {"webhook_id", id_string(application_id_)},
            {"application_id", id_string(application_id_)},
            {"interaction_metadata",
             {{"id", id_string(i.id)}, {"type", i.seed.type}, {"user", {{"id", id_string(i.seed.user_id)}}}}}};
  if (followup) m["type"] = 0;
  if (i.seed.guild_id) m["guild_id"] = id_string(i.seed.guild_id);
  return m;
}

void InteractionRegistry::offer_components(const InteractionSeed& where, const json& message) {
  const auto& rows = message.contains("components") ? message["components"] : json();
  if (!rows.is_array()) return;
  for (const auto& row : rows) {
    if (!row.is_object() || !row.contains("components") || !row["components"].is_array()) continue;
    for (const auto& c : row["components"]) {
      const int type = c.value("type", 0);
      if (!c.contains("custom_id") || c.value("disabled", false)) continue;
      if (type == 2 && c.value("style", 0) >= 5) continue;  // link and premium buttons send nothing
      ComponentTarget t{where.guild_id, where.channel_id, where.user_id, c.value("custom_id", std::string()),
                        type, {}, message};
      if (type == 3 && c.contains("options") && c["options"].is_array()) {
        for (const auto& o : c["options"]) t.option_values.push_back(o.value("value", std::string()));
      }
      components_.push_back(std::move(t));
      if (components_.size() > kMaxOffers) components_.pop_front();
    }
  }
}

void InteractionRegistry::measure_followup(Interaction& i) {
  if (i.followup_measured) return;
  i.followup_measured = true;
  recorder_.first_followup(std::chrono::duration<double, std::milli>(clock_.now() - i.dispatched.value_or(i.created)).count());
}

RestAnswer InteractionRegistry::callback(std::uint64_t id, const std::string& token, const json& body, bool with_response) {
  std::lock_guard lock(mutex_);
  const auto it = by_id_.find(id);
  if (it == by_id_.end() || it->second.token != token) return unknown_interaction();
  Interaction& i = it->second;
  if (i.acknowledged) return {400, error(40060, "Interaction has already been acknowledged."), std::nullopt};
  const auto now = clock_.now();
  // The 3 s deadline runs from creation: Discord invalidates the token, whatever the client saw.
  if (now - i.created >= clock_.scaled(kFirstResponseDeadline)) return unknown_interaction();

  if (!body.is_object() || !body.contains("type") || !body["type"].is_number_integer()) {
    return {400, type_error("This field is required"), std::nullopt};
  }
  const int type = body["type"].get<int>();
  if (!allowed_response(i.seed.type, type, i.seed.source_message.is_object())) {
    return {400, type_error("Interaction response type " + std::to_string(type) + " is not valid here."), std::nullopt};
  }
  const json data = body.contains("data") && body["data"].is_object() ? body["data"] : json::object();
  json errors = json::object();
  if (type == 4 || type == 7) {
    errors = validate_message(data, {type == 4, true});
    if (!errors.empty()) errors = {{"data", errors}};
  } else if (type == 5) {
    const int flags = data.value("flags", 0);
    if (flags & ~kEphemeral) {
      errors = {{"data", {{"flags", {{"_errors", json::array({{{"code", "MESSAGE_FLAGS_INVALID"}, {"message", "Only EPHEMERAL is allowed."}}})}}}}}};
    }
  } else if (type == 8) {
    errors = validate_autocomplete(data);
  } else if (type == 9) {
    errors = validate_modal(body.value("data", json()));
  }
  if (!errors.empty()) return {400, invalid_form_body(errors), std::nullopt};

  i.acknowledged = true;
  i.response_type = type;
  recorder_.first_response(std::chrono::duration<double, std::milli>(now - i.dispatched.value_or(i.created)).count());

  RestAnswer answer{204, json(), std::nullopt};
  if (type == 4) {
    i.original = make_message(i, data, false);
    offer_components(i.seed, *i.original);
    if (!(data.value("flags", 0) & kEphemeral)) answer.created_message = i.original;
  } else if (type == 5) {
    json placeholder = data;
    placeholder["flags"] = data.value("flags", 0) | 128;  // LOADING
    i.original = make_message(i, placeholder, false);
  } else if (type == 6 || type == 7) {
    if (i.seed.source_message.is_object()) {
      json edited = i.seed.source_message;
      if (type == 7) {
        for (auto it2 = data.begin(); it2 != data.end(); ++it2) edited[it2.key()] = it2.value();
        offer_components(i.seed, edited);
      }
      i.original = edited;
    }
  } else if (type == 9) {
    ModalTarget m{i.seed.guild_id, i.seed.channel_id, i.seed.user_id, data.value("custom_id", std::string()), {},
                  i.seed.source_message};
    for (const auto& top : data["components"]) {
      const bool label = top.value("type", 0) == 18;
      const json input = label ? top.value("component", json()) : top["components"][0];
      m.fields.push_back({input.value("custom_id", std::string()), input.value("max_length", 4000), label});
    }
    modals_.push_back(std::move(m));
    if (modals_.size() > kMaxOffers) modals_.pop_front();
  }
  if (with_response) {
    json interaction = {{"id", id_string(i.id)}, {"type", i.seed.type}, {"activity_instance_id", nullptr},
                        {"response_message_id", i.original ? (*i.original)["id"] : json(nullptr)},
                        {"response_message_loading", type == 5}, {"response_message_ephemeral",
                        (data.value("flags", 0) & kEphemeral) != 0}};
    answer.status = 200;
    answer.body = {{"interaction", interaction}};
    if (i.original) answer.body["resource"] = {{"type", type}, {"message", *i.original}};
  }
  return answer;
}

RestAnswer InteractionRegistry::followup(const std::string& token, const json& body) {
  std::lock_guard lock(mutex_);
  Interaction* i = live_by_token(token);
  if (!i || !i->acknowledged) return unknown_webhook();
  const auto errors = validate_message(body, {true, true});
  if (!errors.empty()) return {400, invalid_form_body(errors), std::nullopt};
  json message = make_message(*i, body, true);
  i->followups[message["id"].get<std::string>()] = message;
  offer_components(i->seed, message);
  measure_followup(*i);
  RestAnswer answer{200, message, std::nullopt};
  if (!(body.value("flags", 0) & kEphemeral)) answer.created_message = message;
  return answer;
}

RestAnswer InteractionRegistry::get_message(const std::string& token, const std::string& message_id) {
  std::lock_guard lock(mutex_);
  Interaction* i = live_by_token(token);
  if (!i) return unknown_webhook();
  if (message_id == "@original") return i->original ? RestAnswer{200, *i->original, std::nullopt} : unknown_message();
  const auto it = i->followups.find(message_id);
  return it == i->followups.end() ? unknown_message() : RestAnswer{200, it->second, std::nullopt};
}

RestAnswer InteractionRegistry::edit_message(const std::string& token, const std::string& message_id, const json& body) {
  std::lock_guard lock(mutex_);
  Interaction* i = live_by_token(token);
  if (!i) return unknown_webhook();
  json* target = nullptr;
  if (message_id == "@original") {
    if (i->original) target = &*i->original;
  } else if (const auto it = i->followups.find(message_id); it != i->followups.end()) {
    target = &it->second;
  }
  if (!target) return unknown_message();
  const auto errors = validate_message(body, {false, true});
  if (!errors.empty()) return {400, invalid_form_body(errors), std::nullopt};
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "content" || it.key() == "embeds" || it.key() == "components" || it.key() == "flags" ||
        it.key() == "allowed_mentions" || it.key() == "attachments") {
      (*target)[it.key()] = it.value().is_null() ? json() : it.value();
    }
  }
  // Editing the original completes a deferral: the LOADING flag goes.
  if (target->contains("flags") && (*target)["flags"].is_number_integer()) (*target)["flags"] = (*target)["flags"].get<int>() & ~128;
  (*target)["edited_timestamp"] = clock_.unix_ms();
  offer_components(i->seed, *target);
  if (message_id == "@original") measure_followup(*i);
  return {200, *target, std::nullopt};
}

RestAnswer InteractionRegistry::delete_message(const std::string& token, const std::string& message_id) {
  std::lock_guard lock(mutex_);
  Interaction* i = live_by_token(token);
  if (!i) return unknown_webhook();
  if (message_id == "@original") {
    if (!i->original) return unknown_message();
    i->original.reset();
    return {204, json(), std::nullopt};
  }
  return i->followups.erase(message_id) ? RestAnswer{204, json(), std::nullopt} : unknown_message();
}

void InteractionRegistry::offer_direct_message(std::uint64_t user_id, std::uint64_t channel_id, const json& message) {
  InteractionSeed where;
  where.channel_id = channel_id;
  where.user_id = user_id;  // guild 0: a DM
  std::lock_guard lock(mutex_);
  offer_components(where, message);
}

namespace {

template <typename Target>
bool matches(const Target& t, const OfferFilter& filter) {
  return (filter.custom_id.empty() || t.custom_id == filter.custom_id) &&
         (filter.user_id == 0 || t.user_id == filter.user_id) && (!filter.dm || (t.guild_id == 0) == *filter.dm);
}

// A random offer, or the most recent one the filter matches.
template <typename Target>
std::optional<Target> take(std::deque<Target>& offers, std::mt19937_64& rng, const OfferFilter& filter) {
  if (offers.empty()) return std::nullopt;
  std::size_t index = 0;
  if (filter.any()) {
    index = rng() % offers.size();
  } else {
    const auto found = std::find_if(offers.rbegin(), offers.rend(), [&](const Target& t) { return matches(t, filter); });
    if (found == offers.rend()) return std::nullopt;
    index = static_cast<std::size_t>(std::distance(found, offers.rend()) - 1);
  }
  Target t = std::move(offers[index]);
  offers.erase(offers.begin() + static_cast<std::ptrdiff_t>(index));
  return t;
}

}  // namespace

std::optional<ComponentTarget> InteractionRegistry::take_component(std::mt19937_64& rng, const OfferFilter& filter) {
  std::lock_guard lock(mutex_);
  return take(components_, rng, filter);
}

std::optional<ModalTarget> InteractionRegistry::take_modal(std::mt19937_64& rng, const OfferFilter& filter) {
  std::lock_guard lock(mutex_);
  return take(modals_, rng, filter);
}

std::size_t InteractionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return by_id_.size();
}

}  // namespace arrakis::discord_sim
