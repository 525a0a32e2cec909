// onboarding: the member's DM wizard that creates their Sietch profile, and the profile-edit
// wizard behind /profile edit. Maintainer page: docs/events/onboarding.md.
//
// - `internal.sietch.onboarding.start` {discordId, reason} (published when a member joins or gains
//   an eligible role): DMs the welcome with a Start button, unless the member already finished
//   onboarding or has a live wizard session. A member whose DMs are closed is logged and skipped.
// - Start → nym form (3-20 characters, letters/numbers/_/-, not reserved, unique in any case) →
//   picture (an image link on Discord's or Imgur's hosts, a generated PNG, or none) → bio (at most
//   160 characters, links replaced by "[link removed]", or none) → completion. Each step edits the
//   one wizard message; a refused input is answered privately and the step can be retried.
// - Completion (in one transaction): the profile needs a linked wallet ranked 1-69 (tier from
//   rank); onboarding_complete and step 3; a Naib seat by sietch/naib_seats.hpp; then it asks for
//   role re-syncs (`onboarding_complete` for the member, `naib_bumped` for a bumped Naib) and
//   alerts (`naib_seated` for a new seat, `naib_bump` for the bumped Naib) through internal events —
//   this plugin never touches roles or sends alerts itself.
// - Edit wizard (`profile-edit:start` on the /profile edit DM): nym (once per 30 days), picture,
//   bio (pre-filled, may be emptied), Done. Each change is saved at once.
// - Progress lives in a session per member (15 minutes, renewed by every step). A click after it
//   ended turns the message into "expired" with a button to start over; a click on another
//   member's wizard button is refused.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/bgt.hpp>
#include <arrakis/sietch/naib_seats.hpp>
#include <arrakis/sietch/onboarding.hpp>
#include <arrakis/sietch/tiers.hpp>

#include <optional>
#include <string>

#include "avatar.hpp"
#include "profile_input.hpp"
#include "render.hpp"
#include "store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace arrakis::onboarding;
using nlohmann::json;

namespace {

constexpr const char* kStartEvent = "internal.sietch.onboarding.start";
constexpr const char* kResyncEvent = "internal.sietch.roles.resync";
constexpr const char* kAlertEvent = "internal.sietch.alert";
constexpr const char* kSession = "profile-wizard";
constexpr std::uint64_t kSessionMs = 15 * 60'000;

// ------------------------------------------------------------------ the session

struct Wizard {
  json data;
  bool editing() const { return data.value("mode", "") == "edit"; }
  std::string step() const { return data.value("step", ""); }
  std::string profile_id() const { return data.value("profileId", ""); }
  Draft draft() const {
    return {data.value("nym", ""), data.value("bio", ""), data.value("pfpUrl", ""), data.value("pfpType", "none")};
  }
};

// The host keeps each community's sessions apart, so this is the wizard in the call's community.
std::optional<Wizard> live_wizard(sdk::Host& host, const std::string& user) {
  const auto session = host.session_get(kSession, user);
  if (!session || !session->contains("data") || !(*session)["data"].is_object()) return std::nullopt;
  return Wizard{(*session)["data"]};
}

// Every step starts the 15 minutes again (a put on a live session would keep its old expiry).
void save(sdk::Host& host, const std::string& user, const json& data) {
  host.session_delete(kSession, user);
  host.session_put(kSession, user, data, kSessionMs);
}

std::string owner_of(const sdk::Event& event) {
  const auto parts = event.custom_id_parts(':');
  return parts.size() >= 2 ? parts[1] : std::string();
}

// The wizard the click belongs to, or nullopt after answering why there is none: the message turns
// into "expired" with a way to start over.
std::optional<Wizard> wizard_for_click(sdk::Host& host, const sdk::Event& event) {
  auto w = live_wizard(host, event.user_id());
  if (w) return w;
  const auto profile = profile_by_discord_id(host, event.user_id());
  host.update_message(expired(event.user_id(), profile && profile->complete && !profile->departed));
  return std::nullopt;
}

bool at_step(sdk::Host& host, const Wizard& w, bool editing, std::initializer_list<const char*> steps) {
  if (w.editing() == editing) {
    for (const char* s : steps) {
      if (w.step() == s) return true;
    }
  }
  host.reply(ephemeral(wrong_step_text()));
  return false;
}

void publish_resync(sdk::Host& host, const std::string& discord_id, const std::string& profile_id,
                    const std::string& reason) {
  host.publish(kResyncEvent, {{"discordId", discord_id}, {"profileId", profile_id}, {"reason", reason}});
}

void publish_alert(sdk::Host& host, const std::string& discord_id, const std::string& profile_id,
                   const std::string& type, const json& data) {
  host.publish(kAlertEvent, {{"discordId", discord_id}, {"profileId", profile_id}, {"type", type}, {"data", data}});
}

// ------------------------------------------------------------------ the welcome

void on_start_event(sdk::Host& host, const sdk::Event& event) {
  const auto& data = event.data();
  const std::string discord_id = data.is_object() ? data.value("discordId", "") : "";
  const std::string reason = data.is_object() ? data.value("reason", "") : "";
  if (discord_id.empty()) {
    host.warn("onboarding: a start request names no member (no discordId); ignored");
    return;
  }
  if (sietch::onboarded_profile(host, discord_id)) {
    host.info("onboarding: " + discord_id + " has finished onboarding; no welcome (" + reason + ")");
    return;
  }
  if (live_wizard(host, discord_id)) {
    host.info("onboarding: " + discord_id + " has a wizard in progress; no second welcome (" + reason + ")");
    return;
  }
  try {
    host.send_dm(discord_id, welcome_dm(discord_id));
  } catch (const sdk::Error& e) {
    if (e.status() == ARRAKIS_RETRYABLE || e.status() == ARRAKIS_LIMITED) throw;
    host.warn("onboarding: could not DM the welcome to " + discord_id + " (DMs closed?): " + e.what());
    host.count("onboarding.welcome_failures");
    return;
  }
  // Only after the DM went out: a retried request must not find a session and stay silent.
  save(host, discord_id, {{"mode", "onboard"}, {"step", "welcome"}});
  host.count("onboarding.welcomes");
}

// ------------------------------------------------------------------ onboarding steps

// Start: checks the member may join, then opens the nym form. Always starts a fresh wizard.
void begin(sdk::Host& host, const sdk::Event& event) {
  const auto profile = ensure_profile(host, event.user_id());
  if (profile.complete && !profile.departed) return host.reply(ephemeral(already_onboarded_text()));
  const auto s = standing(host, profile.id);
  if (!s.wallet) return host.reply(ephemeral(no_wallet_text()));
  if (!sietch::is_eligible_rank(s.rank)) return host.reply(ephemeral(not_eligible_text(s.rank)));
  save(host, event.user_id(),
       {{"mode", "onboard"},
        {"step", "nym"},
        {"profileId", profile.id},
        {"tier", std::string(sietch::tier_for(s.rank, s.bgt).name)}});
  host.show_modal(nym_modal(""));
}

void complete(sdk::Host& host, const sdk::Event& event, Wizard w) {
  const std::string user = event.user_id();
  const Draft d = w.draft();
  const auto profile = profile_by_id(host, w.profile_id());
  if (!profile || (profile->complete && !profile->departed)) {
    host.session_delete(kSession, user);
    return host.update_message(sdk::Message().content(already_onboarded_text()).clear_components());
  }
  const auto s = standing(host, profile->id);
  if (!s.wallet || !sietch::is_eligible_rank(s.rank)) {
    host.session_delete(kSession, user);
    return host.update_message(
        sdk::Message().content(s.wallet ? not_eligible_text(s.rank) : no_wallet_text()).clear_components());
  }
  if (nym_taken(host, d.nym, profile->id)) {  // taken by someone else since the nym step
    w.data["step"] = "nym";
    save(host, user, w.data);
    return host.update_message(
        sdk::Message()
            .content(nym_taken_message() + " Someone took **" + d.nym + "** while you were setting up.")
            .row(sdk::ActionRow().add(sdk::Button(sdk::ButtonStyle::primary, "Start", owned_id(kStart, user)))));
  }
  const std::string tier(sietch::tier_for(s.rank, s.bgt).name);
  if (!complete_profile(host, profile->id, {d.nym, d.bio, d.pfp_url, d.pfp_type, tier, s.rank})) {
    host.session_delete(kSession, user);
    return host.update_message(sdk::Message().content(already_onboarded_text()).clear_components());
  }
  const auto seat = sietch::take_naib_seat(host, profile->id);
  const bool bumped = seat.kind == sietch::SeatOutcome::Kind::bumped;
  publish_resync(host, user, profile->id, "onboarding_complete");
  if (seat.holds_seat()) {
    publish_alert(host, user, profile->id, "naib_seated",
                  {{"seatNumber", seat.seat_number}, {"bgt", seat.bgt}, {"viaBump", bumped}});
  }
  if (bumped) {
    publish_resync(host, seat.holder_discord_id, seat.holder_profile_id, "naib_bumped");
    publish_alert(host, seat.holder_discord_id, seat.holder_profile_id, "naib_bump",
                  {{"seatNumber", seat.seat_number},
                   {"bgtAtUnseating", seat.holder_bgt},
                   {"bumpedByNym", d.nym},
                   {"bumpedByBgt", seat.bgt}});
  }
  host.session_delete(kSession, user);
  host.count("onboarding.completed");
  host.update_message(welcome_done(d.nym, tier, seat.holds_seat() ? seat.seat_number : 0, bumped));
}

// ------------------------------------------------------------------ the edit wizard

Draft draft_of(const Profile& p) { return {p.nym, p.bio, p.pfp_url, p.pfp_type}; }

void show_menu(sdk::Host& host, const sdk::Event& event, const std::string& profile_id, const std::string& note,
               const std::string& png = "") {
  const auto p = profile_by_id(host, profile_id);
  host.update_message(edit_menu(event.user_id(), p ? draft_of(*p) : Draft{}, note, png));
}

void edit_start(sdk::Host& host, const sdk::Event& event) {
  const auto profile = profile_by_discord_id(host, event.user_id());
  if (!profile || !profile->complete || profile->departed) return host.reply(ephemeral(not_onboarded_text()));
  save(host, event.user_id(),
       {{"mode", "edit"}, {"step", "menu"}, {"profileId", profile->id}});
  host.update_message(edit_menu(event.user_id(), draft_of(*profile), ""));
}

// ------------------------------------------------------------------ buttons and forms

void on_nym(sdk::Host& host, const sdk::Event& event, Wizard w) {
  if (!at_step(host, w, w.editing(), {w.editing() ? "menu" : "nym"})) return;
  const std::string nym = trimmed(event.modal_field(kNymField).value_or(""));
  if (w.editing()) {
    if (const int days = nym_wait_days(host, w.profile_id()); days > 0) return host.reply(ephemeral(nym_wait_text(days)));
  }
  if (const auto problem = nym_problem(nym)) return host.reply(ephemeral(*problem));
  if (nym_taken(host, nym, w.profile_id())) return host.reply(ephemeral(nym_taken_message()));
  save(host, event.user_id(), w.data);
  if (w.editing()) {
    const auto p = profile_by_id(host, w.profile_id());
    if (p && p->nym == nym) return show_menu(host, event, w.profile_id(), "Your nym is unchanged.");
    set_nym(host, w.profile_id(), nym);
    return show_menu(host, event, w.profile_id(), "✅ Your nym is now **" + nym + "**.");
  }
  w.data["nym"] = nym;
  w.data["step"] = "pfp";
  save(host, event.user_id(), w.data);
  host.update_message(picture_step(event.user_id(), nym, false));
}

void on_picture_url(sdk::Host& host, const sdk::Event& event, Wizard w) {
  if (!at_step(host, w, w.editing(), {"pfp"})) return;
  const std::string url = trimmed(event.modal_field(kPictureField).value_or(""));
  if (const auto problem = picture_url_problem(url)) return host.reply(ephemeral(*problem));
  if (w.editing()) {
    set_picture(host, w.profile_id(), url, "custom");
    w.data["step"] = "menu";
    save(host, event.user_id(), w.data);
    return show_menu(host, event, w.profile_id(), "✅ Your picture is now the image at that link.");
  }
  w.data["pfpUrl"] = url;
  w.data["pfpType"] = "custom";
  w.data["step"] = "bio";
  save(host, event.user_id(), w.data);
  host.update_message(bio_step(event.user_id(), w.draft(), ""));
}

void on_picture_choice(sdk::Host& host, const sdk::Event& event, Wizard w, const std::string& which) {
  if (!at_step(host, w, w.editing(), {"pfp"})) return;
  if (which == kPictureUpload) {
    save(host, event.user_id(), w.data);
    return host.show_modal(picture_modal());
  }
  const bool generate = which == kPictureGenerate;
  if (w.editing()) {
    w.data["step"] = "menu";
    save(host, event.user_id(), w.data);
    if (!generate) return show_menu(host, event, w.profile_id(), "Your picture is unchanged.");
    const auto p = profile_by_id(host, w.profile_id());
    const std::string tier = p ? p->tier : "hajra";
    set_picture(host, w.profile_id(), avatar_data_url(w.profile_id(), tier), "generated");
    return show_menu(host, event, w.profile_id(), "✅ Your picture is now this generated one.",
                     avatar_png(w.profile_id(), tier));
  }
  std::string png;
  if (generate) {
    const std::string tier = w.data.value("tier", "hajra");
    png = avatar_png(w.profile_id(), tier);
    w.data["pfpUrl"] = avatar_data_url(w.profile_id(), tier);
    w.data["pfpType"] = "generated";
  } else {
    w.data["pfpUrl"] = "";
    w.data["pfpType"] = "none";
  }
  w.data["step"] = "bio";
  save(host, event.user_id(), w.data);
  host.update_message(bio_step(event.user_id(), w.draft(), png));
}

void on_bio(sdk::Host& host, const sdk::Event& event, Wizard w) {
  if (!at_step(host, w, w.editing(), {w.editing() ? "menu" : "bio"})) return;
  const std::string bio = bio_without_links(trimmed(event.modal_field(kBioField).value_or("")));
  if (const auto problem = bio_problem(bio)) return host.reply(ephemeral(*problem));
  if (w.editing()) {
    set_bio(host, w.profile_id(), bio);
    save(host, event.user_id(), w.data);
    return show_menu(host, event, w.profile_id(), bio.empty() ? "✅ Your bio is now empty." : "✅ Your bio is saved.");
  }
  w.data["bio"] = bio;
  complete(host, event, std::move(w));
}

void on_component(sdk::Host& host, const sdk::Event& event) {
  if (event.custom_id() == kEditStart) return edit_start(host, event);
  const std::string owner = owner_of(event);
  if (!owner.empty() && owner != event.user_id()) return host.reply(ephemeral(not_yours_text()));
  const std::string base = event.custom_id_parts(':')[0];
  if (base == kStart) return begin(host, event);
  if (base == kEditDone) {
    host.session_delete(kSession, event.user_id());
    return host.update_message(edit_done());
  }
  auto w = wizard_for_click(host, event);
  if (!w) return;
  if (base == kPictureUpload || base == kPictureGenerate || base == kPictureSkip) {
    return on_picture_choice(host, event, std::move(*w), base);
  }
  if (base == kBioAdd || base == kBioSkip) {
    if (!at_step(host, *w, false, {"bio"})) return;
    if (base == kBioAdd) {
      save(host, event.user_id(), w->data);
      return host.show_modal(bio_modal("", false));
    }
    w->data["bio"] = "";
    return complete(host, event, std::move(*w));
  }
  if (!at_step(host, *w, true, {"menu", "pfp"})) return;
  const auto profile = profile_by_id(host, w->profile_id());
  if (!profile) return host.update_message(expired(event.user_id(), true));
  if (base == kEditNym) {
    if (const int days = nym_wait_days(host, profile->id); days > 0) return host.reply(ephemeral(nym_wait_text(days)));
    w->data["step"] = "menu";
    save(host, event.user_id(), w->data);
    return host.show_modal(nym_modal(profile->nym));
  }
  if (base == kEditBio) {
    w->data["step"] = "menu";
    save(host, event.user_id(), w->data);
    return host.show_modal(bio_modal(profile->bio, true));
  }
  if (base == kEditPicture) {
    w->data["step"] = "pfp";
    save(host, event.user_id(), w->data);
    return host.update_message(picture_step(event.user_id(), profile->nym, true));
  }
  host.reply(ephemeral("❌ This button is not one of the profile wizard's."));
}

void on_modal(sdk::Host& host, const sdk::Event& event) {
  auto w = wizard_for_click(host, event);
  if (!w) return;
  const std::string id = event.custom_id();
  if (id == kNymModal) return on_nym(host, event, std::move(*w));
  if (id == kPictureModal) return on_picture_url(host, event, std::move(*w));
  if (id == kBioModal) return on_bio(host, event, std::move(*w));
  host.reply(ephemeral("❌ This form is not one of the profile wizard's."));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_INTERNAL) {
    if (event.type() == kStartEvent) on_start_event(host, event);
    return;
  }
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return on_component(host, event);
  if (event.kind() == ARRAKIS_EVENT_MODAL) return on_modal(host, event);
}

}  // namespace

// Buttons that open a form answer first themselves (NO_DEFER); the others, and the forms' answers,
// silently update the wizard message. Longest prefix decides.
ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .event(kStartEvent)
                   .component("onboarding_", 0)
                   .component(kStart, ARRAKIS_COMPONENT_NO_DEFER)
                   .component(kPictureUpload, ARRAKIS_COMPONENT_NO_DEFER)
                   .component(kBioAdd, ARRAKIS_COMPONENT_NO_DEFER)
                   .component(kEditNym, ARRAKIS_COMPONENT_NO_DEFER)
                   .component(kEditBio, ARRAKIS_COMPONENT_NO_DEFER)
                   .component(kEditPicture, 0)
                   .component(kEditDone, 0)
                   .component(kNymModal, 0)
                   .component(kPictureModal, 0)
                   .component(kBioModal, 0)
                   .component("profile-edit:", 0),
               handle)
