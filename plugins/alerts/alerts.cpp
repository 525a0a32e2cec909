// /alerts (ephemeral; onboarded members): the member's alert preferences, created with the defaults
// (every toggle on, 3 per week) the first time. The "🔔 Alert Preferences" panel shows Position
// Updates, At-Risk Warnings, Naib Alerts (only for a member holding a Naib seat) and the week's
// count against the frequency's cap, with a toggle button for each, a frequency select and a
// Disable All button; every component carries the member's profile id.
//
// A click is served only for the member whose id the custom id carries: anyone else, and any
// custom id that is not one of the panel's with a well-formed id, gets "❌ You cannot modify these
// preferences." privately. A toggle or a frequency change replaces the panel with a one-line
// confirmation (components removed); Disable All turns the three toggles off and says which
// critical messages are still sent, as the footer promises (arrakis/sietch/alerts.hpp decides what
// is critical for every alert sender). Details: docs/commands/alerts.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/alerts.hpp>
#include <arrakis/sietch/onboarding.hpp>

#include "alerts_render.hpp"
#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using nlohmann::json;

namespace {

const char* const kNotYours = "❌ You cannot modify these preferences.";

bool holds_naib_seat(sdk::Host& host, const std::string& profile_id) {
  return host
      .query("SELECT EXISTS (SELECT 1 FROM naib_seats WHERE profile_id = $1::uuid AND unseated_at IS NULL) AS naib",
             json::array({profile_id}))
      .at(0)["naib"]
      .get<bool>();
}

// Flips one toggle and answers its new value. The column comes from the fixed switch below.
bool flip(sdk::Host& host, const std::string& profile_id, alerts::Action action) {
  const char* column = action == alerts::Action::toggle_position ? "position_updates"
                       : action == alerts::Action::toggle_atrisk ? "at_risk_warnings"
                                                                 : "naib_alerts";
  return host
      .query(std::string("UPDATE notification_preferences SET ") + column + " = NOT " + column +
                 " WHERE profile_id = $1::uuid RETURNING " + column + " AS enabled",
             json::array({profile_id}))
      .at(0)["enabled"]
      .get<bool>();
}

void show_panel(sdk::Host& host, const sdk::Event& event) {
  const auto profile = sietch::onboarded_profile(host, event.user_id());
  if (!profile) return sietch::reply_onboarding_required(host);
  const std::string id = (*profile)["id"];
  sietch::ensure_alert_preferences(host, id);
  host.reply(alerts::panel(id, sietch::alert_preferences(host, id).value(), holds_naib_seat(host, id)));
}

void handle_click(sdk::Host& host, const sdk::Event& event) {
  const auto click = alerts::parse_custom_id(event.custom_id());
  const auto profile = sietch::onboarded_profile(host, event.user_id());
  if (!click || !profile || (*profile)["id"] != click->member_id) return host.reply(alerts::refusal(kNotYours));
  const std::string& id = click->member_id;
  // Preferences made before this plugin, or removed since the panel was shown, start from the defaults.
  sietch::ensure_alert_preferences(host, id);

  switch (click->action) {
    case alerts::Action::toggle_naib:
      if (!holds_naib_seat(host, id)) {
        return host.reply(alerts::refusal("Naib Alerts are only for members holding a Naib seat. Use /alerts to see "
                                          "your preferences."));
      }
      [[fallthrough]];
    case alerts::Action::toggle_position:
    case alerts::Action::toggle_atrisk:
      return host.update_message(alerts::toggled(click->action, flip(host, id, click->action)));
    case alerts::Action::frequency: {
      const auto values = event.values();
      const auto frequency = values.size() == 1 ? sietch::alert_frequency(values[0]) : std::nullopt;
      if (!frequency) {
        return host.reply(alerts::refusal("That alert frequency is not available. Use /alerts and pick 1, 2 or 3 per "
                                          "week, or daily."));
      }
      host.exec("UPDATE notification_preferences SET frequency = $2 WHERE profile_id = $1::uuid",
                json::array({id, std::string(frequency->value)}));
      return host.update_message(alerts::frequency_updated(*frequency));
    }
    case alerts::Action::disable_all:
      host.exec("UPDATE notification_preferences SET position_updates = false, at_risk_warnings = false, "
                "naib_alerts = false WHERE profile_id = $1::uuid",
                json::array({id}));
      return host.update_message(alerts::all_disabled());
  }
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_COMMAND) return show_panel(host, event);
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return handle_click(host, event);
  // The panel opens no modal: a modal submit under the prefix is forged.
  host.reply(alerts::refusal(kNotYours));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("alerts", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_ALERTS)
                   .component("alerts_", 0),
               handle)
