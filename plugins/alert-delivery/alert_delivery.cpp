// alert-delivery: the one place a Sietch alert becomes a DM. Consumes the internal event
// `internal.sietch.alert` {discordId, profileId, type, data}: publishers say what happened, this
// plugin decides whether the member hears of it and sends it. Maintainer page:
// docs/events/alert-delivery.md.
//
// - `type` is one of the eight of domain 3.8 (sietch/alert_messages.hpp); anything else, or an
//   alert naming nobody, is refused (BAD_INPUT: the message goes to the DLQ with the reason).
// - waitlist_eligible goes to the Discord user (recipient_type 'waitlist', no preferences); every
//   other type to an onboarded member who has not left (else nothing is sent, and that is logged).
// - Member alerts obey the member's preferences as /alerts shows them (sietch/alerts.hpp,
//   alert_allowed): critical types (naib_bump, naib_seated, waitlist_eligible, tier_promotion,
//   badge_award) are always sent; the others need their toggle on and the week's count below the
//   frequency's cap. The preferences row is locked while deciding, so concurrent alerts cannot
//   both take the last place under the cap. A suppressed alert leaves no history row.
// - A sent alert is written to alert_history: delivered, or not delivered with Discord's refusal
//   as delivery_error (closed DMs, 50007; unknown user) — recorded once, never retried. Only a
//   retryable failure (Discord unavailable, rate limited) fails the event so the host retries it.
// - A delivered member alert counts toward the week (alerts_sent_this_week; weekly-reset zeroes it
//   on Mondays, sietch/alert_week.hpp).
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/alert_messages.hpp>
#include <arrakis/sietch/alerts.hpp>

#include "delivery_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace alert_delivery;
using nlohmann::json;

namespace {

constexpr const char* kAlertEvent = "internal.sietch.alert";

std::string field_text(const json& data, const char* name) {
  const auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Who receives the alert: a member (preferences apply) or a waitlisted Discord user.
struct Recipient {
  std::string id;    // alert_history.recipient_id
  std::string type;  // 'member' | 'waitlist'
  std::string discord_id;
};

std::optional<Recipient> find_recipient(sdk::Host& host, const std::string& type, const std::string& profile_id,
                                        const std::string& discord_id) {
  if (type == "waitlist_eligible") {
    // Waitlisted users usually have no profile: the Discord id is the recipient.
    std::string user = discord_id;
    if (user.empty()) {
      const auto profile = read_profile(host, profile_id, "");
      if (profile) user = profile->discord_id;
    }
    if (user.empty()) {
      host.info("alert-delivery: no profile " + profile_id + " for a waitlist_eligible alert; nothing sent");
      return std::nullopt;
    }
    return Recipient{user, "waitlist", user};
  }
  const auto profile = read_profile(host, profile_id, discord_id);
  const std::string who = profile_id.empty() ? discord_id : profile_id;
  if (!profile) {
    host.info("alert-delivery: no profile for " + who + "; " + type + " not sent");
  } else if (profile->departed) {
    host.info("alert-delivery: " + profile->discord_id + " has left the server; " + type + " not sent");
  } else if (!profile->onboarded) {
    host.info("alert-delivery: " + profile->discord_id + " has not finished onboarding; " + type + " not sent");
  } else {
    return Recipient{profile->id, "member", profile->discord_id};
  }
  return std::nullopt;
}

// Whether the member's preferences let the alert through; logs why not.
bool allowed_by_preferences(sdk::Host& host, const Recipient& member, const std::string& type) {
  lock_preferences(host, member.id);
  const auto prefs = sietch::alert_preferences(host, member.id).value();
  if (sietch::alert_allowed(prefs, type)) return true;
  const bool capped = prefs.sent_this_week >= prefs.weekly_cap();
  host.info("alert-delivery: " + type + " for " + member.discord_id + " not sent: " +
            (capped ? "the weekly cap is reached (" + std::to_string(prefs.sent_this_week) + "/" +
                          std::to_string(prefs.weekly_cap()) + ")"
                    : std::string("the member turned these alerts off")));
  host.count(capped ? "alert_delivery.capped" : "alert_delivery.turned_off");
  return false;
}

sdk::Message message_for(sdk::Host& host, const std::string& type, const json& facts) {
  std::optional<sietch::BadgeAwardFacts> badge;
  if (type == "badge_award") badge = badge_facts(host, field_text(facts, "badgeId"), field_text(facts, "reason"));
  return sietch::alert_dm(type, facts, badge).value();
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_INTERNAL || event.type() != kAlertEvent) return;
  const auto& data = event.data();
  const std::string type = field_text(data, "type");
  const std::string profile_id = field_text(data, "profileId");
  const std::string discord_id = field_text(data, "discordId");
  const json facts = data.contains("data") && data["data"].is_object() ? data["data"] : json::object();
  if (!sietch::is_alert_type(type)) throw sdk::BadInputError("alert-delivery: unknown alert type '" + type + "'");
  if (profile_id.empty() && discord_id.empty()) {
    throw sdk::BadInputError("alert-delivery: a " + type + " alert names no recipient (no discordId, no profileId)");
  }

  const auto recipient = find_recipient(host, type, profile_id, discord_id);
  if (!recipient) return;
  const bool member = recipient->type == "member";
  if (member && !allowed_by_preferences(host, *recipient, type)) return;

  std::string error;
  try {
    host.send_dm(recipient->discord_id, message_for(host, type, facts));
  } catch (const sdk::Error& e) {
    if (e.status() == ARRAKIS_RETRYABLE || e.status() == ARRAKIS_LIMITED) throw;
    error = e.what();
  }
  record_alert(host, recipient->id, recipient->type, type, facts, error);
  if (!error.empty()) {
    host.warn("alert-delivery: " + type + " DM to " + recipient->discord_id + " failed: " + error);
    host.count("alert_delivery.failed");
    return;
  }
  if (member) count_sent(host, recipient->id);
  host.count("alert_delivery.delivered");
  host.info("alert-delivery: " + type + " delivered to " + recipient->discord_id);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION).event(kAlertEvent), handle)
