// activity: the Sietch's activity points with demurrage (decision D8). Subscribes to the guild
// events message.create and reaction.add (metadata only: the ingestor never forwards a message's
// content, and nothing here stores more than counts and times) and declares the per-community job
// activity-decay. Maintainer page: docs/events/activity.md.
//
// - Points: a message earns its author +1, at most once per 60 s per member; a reaction earns its
//   giver +1, at most once per 5 s per member, and the author of the message reacted to +2
//   (received) when that reaction counted. Reacting to one's own message earns nothing received.
//   Removing a reaction changes nothing (reaction.remove is not subscribed to).
// - Ignored: a channel outside community_config.activity_channel_ids (empty = every channel), and
//   anyone who is not an onboarded member present in the event's community (bots and webhooks are
//   dropped by the ingestor already and have no profile; another guild is another community, whose
//   rows row-level security keeps apart). An ignored event takes no rate-limit turn.
// - The rate limits are cooldowns in the state service (Redis, with their TTL). A cooldown taken by
//   an event whose call then fails is still that event's when it is retried (the taker's event id
//   is kept beside it), so a retry loses no point.
// - Decay (arrakis/sietch/activity.hpp: balance × 0.9 per whole 6-hour period since last_decay_at)
//   is applied to a member's row before points are added, and by the job to every row
//   (`30 */6 * * *`). Both move last_decay_at on by exactly the periods applied, so a job run twice
//   for one firing, or a late run after a newer one, decays nothing more. Lifetime counters and
//   peak_balance never decay.
#include <arrakis/sdk.hpp>

#include <string>

#include "activity_store.hpp"

namespace sdk = arrakis::sdk;
using namespace activity;

namespace {

constexpr const char* kDecaySchedule = "activity-decay";
constexpr std::uint64_t kMessageCooldownMs = 60'000;
constexpr std::uint64_t kReactionCooldownMs = 5'000;
constexpr double kMessagePoints = 1;
constexpr double kReactionGivenPoints = 1;
constexpr double kReactionReceivedPoints = 2;

std::string text(const nlohmann::json& data, const char* name, const std::string& fallback = "") {
  const auto it = data.is_object() ? data.find(name) : data.end();
  return data.is_object() && it != data.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// Takes `user`'s turn for `kind` (a cooldown of `ms`). A cooldown held by this same event (a retry
// after its call failed) is its turn still.
bool take_turn(sdk::Host& host, const std::string& kind, const std::string& user, std::uint64_t ms,
               const std::string& event_id) {
  const std::string holder_key = "turn:" + kind + ":" + user;
  if (host.cooldown("activity." + kind, user, ms).acquired) {
    try {
      host.state_set(holder_key, event_id, ms);
    } catch (const sdk::Error& e) {
      // Only a retry of this event would miss it; the point itself is not held back (the cooldown
      // itself fails open when Redis is down, for the same reason).
      host.warn("activity: could not note the " + kind + " turn of " + user + ": " + e.what());
    }
    return true;
  }
  return !event_id.empty() && host.state_get(holder_key) == event_id;
}

// Whose points an event may move: the channel must count and the actor be an onboarded member.
const std::string* counted_actor(sdk::Host& host, const Context& c, const std::string& actor) {
  if (!c.channel_counts) {
    host.count("activity.ignored_channel");
    return nullptr;
  }
  const auto it = c.profile_ids.find(actor);
  if (it == c.profile_ids.end()) {
    host.count("activity.ignored_member");
    return nullptr;
  }
  return &it->second;
}

void on_message(sdk::Host& host, const sdk::Event& event) {
  const std::string author = text(event.data(), "authorId", event.user_id());
  const std::string channel = text(event.data(), "channelId", event.channel_id());
  if (author.empty() || channel.empty()) throw sdk::BadInputError("message.create names no author or no channel");
  const Context c = read_context(host, channel, author, "");
  const std::string* profile = counted_actor(host, c, author);
  if (!profile) return;
  if (!take_turn(host, "message", author, kMessageCooldownMs, event.event_id())) {
    host.count("activity.rate_limited");
    return;
  }
  add_points(host, *profile, {kMessagePoints, 1, 0, 0});
  host.count("activity.messages");
}

void on_reaction(sdk::Host& host, const sdk::Event& event) {
  const std::string giver = text(event.data(), "userId", event.user_id());
  const std::string channel = text(event.data(), "channelId", event.channel_id());
  const std::string author = text(event.data(), "messageAuthorId");
  if (giver.empty() || channel.empty()) throw sdk::BadInputError("reaction.add names no user or no channel");
  const Context c = read_context(host, channel, giver, author);
  const std::string* profile = counted_actor(host, c, giver);
  if (!profile) return;
  if (!take_turn(host, "reaction", giver, kReactionCooldownMs, event.event_id())) {
    host.count("activity.rate_limited");
    return;
  }
  add_points(host, *profile, {kReactionGivenPoints, 0, 1, 0});
  host.count("activity.reactions");
  if (author.empty() || author == giver) return;
  const auto received = c.profile_ids.find(author);
  if (received == c.profile_ids.end()) return;  // a bot's, a departed or not onboarded author's message
  add_points(host, received->second, {kReactionReceivedPoints, 0, 0, 1});
}

void on_decay(sdk::Host& host, const sdk::Event& event) {
  const auto rows = decay_all(host);
  host.count("activity.decayed_rows", static_cast<double>(rows));
  host.info("activity-decay: " + std::to_string(rows) + " member balance(s) decayed (fence " +
            std::to_string(event.fence()) + ", attempt " + std::to_string(event.attempt()) + ")");
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_SCHEDULE) {
    if (event.schedule() == kDecaySchedule) on_decay(host, event);
    return;
  }
  if (event.kind() != ARRAKIS_EVENT_GUILD) return;
  if (event.type() == "message.create") on_message(host, event);
  if (event.type() == "reaction.add") on_reaction(host, event);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .event("message.create")
                   .event("reaction.add")
                   .schedule(kDecaySchedule, "30 */6 * * *", {ARRAKIS_SCHEDULE_PER_COMMUNITY, 20000, 5}),
               handle)
