#include "alerts_render.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace alerts {

namespace {

constexpr std::array<std::pair<Action, const char*>, 5> kPrefixes = {{
    {Action::toggle_position, "alerts_toggle_position_"},
    {Action::toggle_atrisk, "alerts_toggle_atrisk_"},
    {Action::toggle_naib, "alerts_toggle_naib_"},
    {Action::frequency, "alerts_frequency_"},
    {Action::disable_all, "alerts_disable_all_"},
}};

// A UUID as PostgreSQL prints it: 8-4-4-4-12 lowercase hex digits.
bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !(std::isdigit(static_cast<unsigned char>(s[i])) || (s[i] >= 'a' && s[i] <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string on_off(bool enabled) { return enabled ? "✅ Enabled" : "❌ Disabled"; }

sdk::Button toggle_button(Action action, const std::string& member_id, bool enabled) {
  return sdk::Button(enabled ? sdk::ButtonStyle::secondary : sdk::ButtonStyle::success,
                     std::string(enabled ? "Disable " : "Enable ") + toggle_name(action), custom_id(action, member_id));
}

const char* const kUseAlerts = "Use /alerts to see or change all your preferences.";

}  // namespace

std::string custom_id(Action action, const std::string& member_id) {
  for (const auto& [a, prefix] : kPrefixes) {
    if (a == action) return prefix + member_id;
  }
  return member_id;
}

std::optional<Click> parse_custom_id(const std::string& id) {
  for (const auto& [action, prefix] : kPrefixes) {
    const std::string p(prefix);
    if (id.rfind(p, 0) == 0) {
      const std::string member = id.substr(p.size());
      if (!is_uuid(member)) return std::nullopt;
      return Click{action, member};
    }
  }
  return std::nullopt;
}

std::string toggle_name(Action action) {
  switch (action) {
    case Action::toggle_position: return "Position Updates";
    case Action::toggle_atrisk: return "At-Risk Warnings";
    case Action::toggle_naib: return "Naib Alerts";
    default: return "Alerts";
  }
}

sdk::Message panel(const std::string& member_id, const sietch::AlertPreferences& prefs, bool naib) {
  sdk::Embed e;
  e.title("🔔 Alert Preferences").color(kColor);
  e.description("Choose which alerts the Sietch bot sends you by DM.");
  e.field("Position Updates", on_off(prefs.position_updates), true);
  e.field("At-Risk Warnings", on_off(prefs.at_risk_warnings), true);
  if (naib) e.field("Naib Alerts", on_off(prefs.naib_alerts), true);
  const auto frequency = sietch::alert_frequency(prefs.frequency);
  e.field("Frequency", "**" + std::string(frequency ? frequency->label : prefs.frequency) + "**\n" +
                           std::to_string(prefs.sent_this_week) + "/" + std::to_string(prefs.weekly_cap()) +
                           " alerts sent this week");
  e.footer("Critical alerts (Naib bumps, new seats, waitlist eligibility, tier promotions, badge awards) are always "
           "sent");

  sdk::ActionRow toggles;
  toggles.add(toggle_button(Action::toggle_position, member_id, prefs.position_updates));
  toggles.add(toggle_button(Action::toggle_atrisk, member_id, prefs.at_risk_warnings));
  if (naib) toggles.add(toggle_button(Action::toggle_naib, member_id, prefs.naib_alerts));

  sdk::SelectMenu select(custom_id(Action::frequency, member_id));
  select.placeholder("Alert frequency");
  for (const auto& f : sietch::kAlertFrequencies) {
    select.option(std::string(f.label), std::string(f.value),
                  "At most " + std::to_string(f.weekly_cap) + " alert" + (f.weekly_cap == 1 ? "" : "s") + " a week",
                  f.value == prefs.frequency);
  }
  sdk::ActionRow off;
  off.add(sdk::Button(sdk::ButtonStyle::danger, "Disable All", custom_id(Action::disable_all, member_id)).emoji("🔕"));

  return sdk::Message().embed(e).row(toggles).row(sdk::ActionRow().add(select)).row(off).ephemeral();
}

sdk::Message toggled(Action action, bool enabled) {
  sdk::Embed e;
  e.color(kColor).description("✅ " + toggle_name(action) + (enabled ? " **enabled**." : " **disabled**.") + "\n" +
                              kUseAlerts);
  return sdk::Message().embed(e).clear_components();
}

sdk::Message frequency_updated(const sietch::AlertFrequency& frequency) {
  sdk::Embed e;
  e.color(kColor).description("✅ Alert frequency updated to **" + std::string(frequency.label) + "**.\n" + kUseAlerts);
  return sdk::Message().embed(e).clear_components();
}

sdk::Message all_disabled() {
  sdk::Embed e;
  e.title("🔕 All Alerts Disabled").color(kMutedColor);
  e.description(
      "Position updates, at-risk warnings and Naib alerts are off.\n\nCritical messages are still sent: Naib bumps, "
      "new Naib seats, waitlist eligibility, tier promotions and badge awards.\n\nUse /alerts to turn alerts back "
      "on.");
  return sdk::Message().embed(e).clear_components();
}

sdk::Message refusal(const std::string& text) { return sdk::Message().content(text).ephemeral(); }

}  // namespace alerts
