// /directory (ephemeral; onboarded members only): a paged list of onboarded members, ten a page,
// with a tier filter (all, Naib, Fedaykin), a sort order (name A-Z, tenure oldest first, most
// badges first) and Previous / Refresh / Next buttons that edit the message in place.
//
// Each member's view (tier, sort, page) lives in their "directory" session for 5 minutes after
// the last use. The controls' custom ids carry the owner ("directory_next:<discord id>"): a click
// by anyone else is refused privately, an id outside the grammar is refused privately, and a
// click after the session expired gets a fresh page 1 (with the choice of a select applied) and
// a note saying so. Changing a filter or the sort goes back to page 1; pages are clamped to the
// members there are now. Maintainer notes: docs/commands/directory.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include <algorithm>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "render.hpp"
#include "roster.hpp"
#include "view.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace directory;

namespace {

const std::string kNotYours = "This directory belongs to someone else — run /directory to get your own.";
const std::string kUnknownControl = "That directory control isn't recognised — run /directory to open a fresh one.";
const std::string kExpired = "⏳ Your directory view expired after 5 minutes without use, so it starts again from page 1.";

void refuse(sdk::Host& host, const std::string& why) { host.reply(sdk::Message().content(why).ephemeral()); }

// Clamps the view's page to the members there are now, saves the view and renders it.
sdk::Message show(sdk::Host& host, View& view, const std::string& owner) {
  const long long total = count_members(host, view);
  view.page = std::clamp(view.page, 1, page_count(total));
  const auto members = page_members(host, view);
  // The host keeps a session's first TTL when it is written again: deleting it first makes the
  // 5 minutes count from the last use, not from opening the directory.
  host.session_delete(std::string(kSessionType), owner);
  host.session_put(std::string(kSessionType), owner, to_session(view), kSessionTtlMs);
  return directory_message(view, owner, members, total);
}

void open_directory(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::onboarded_profile(host, event.user_id())) return sietch::reply_onboarding_required(host);
  View view;  // running /directory again always starts a fresh view
  host.reply(show(host, view, event.user_id()));
}

// The selected value of a select, or "" when there is not exactly one.
std::string selected(const sdk::Event& event) {
  const auto values = event.values();
  return values.size() == 1 ? values[0] : std::string();
}

void use_control(sdk::Host& host, const sdk::Event& event) {
  const auto id = parse_custom_id(event.custom_id());
  if (!id) return refuse(host, kUnknownControl);
  if (id->owner != event.user_id()) return refuse(host, kNotYours);
  // A select's value is checked before anything else: a forged value changes nothing.
  const std::string value = id->control == Control::tier || id->control == Control::sort ? selected(event) : "";
  if (id->control == Control::tier && !is_tier_filter(value)) return refuse(host, kUnknownControl);
  if (id->control == Control::sort && !is_sort_order(value)) return refuse(host, kUnknownControl);
  if (!sietch::onboarded_profile(host, event.user_id())) return sietch::reply_onboarding_required(host);

  const auto session = host.session_get(std::string(kSessionType), event.user_id());
  // The host answers the session's envelope ({createdAt, expiresAt, type, userId, data}).
  const auto saved = session && session->contains("data") ? from_session((*session)["data"]) : std::nullopt;
  View view = saved.value_or(View{});
  switch (id->control) {
    case Control::tier:
      view.tier = value;
      view.page = 1;
      break;
    case Control::sort:
      view.sort = value;
      view.page = 1;
      break;
    case Control::prev:
      if (saved) --view.page;
      break;
    case Control::next:
      if (saved) ++view.page;
      break;
    case Control::refresh:
      break;
  }
  auto message = show(host, view, event.user_id());
  // The note of an expired view is cleared again by the next update.
  message.content(saved ? "" : kExpired);
  host.update_message(message);
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return use_control(host, event);
  open_directory(host, event);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("directory", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_DIRECTORY)
                   // Every control: deferred as a silent update, so the plugin edits the message in
                   // place or answers privately with a new ephemeral message.
                   .component(std::string(kPrefix), 0),
               handle)
