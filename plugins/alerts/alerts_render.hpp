// What /alerts shows: the preferences panel with its components, and the messages its clicks leave
// behind. Pure functions; custom ids are built and parsed here so both sides agree.
#pragma once

#include <optional>
#include <string>

#include <arrakis/sdk.hpp>
#include <arrakis/sietch/alerts.hpp>

namespace alerts {

inline constexpr std::uint32_t kColor = 0x4169E1;
inline constexpr std::uint32_t kMutedColor = 0x808080;

// What a component of the panel does; the custom id is "<prefix><memberId>".
enum class Action { toggle_position, toggle_atrisk, toggle_naib, frequency, disable_all };

struct Click {
  Action action;
  std::string member_id;  // a profile UUID (syntax checked, not ownership)
};

std::string custom_id(Action action, const std::string& member_id);
// nullopt for anything that is not one of the panel's custom ids with a well-formed UUID.
std::optional<Click> parse_custom_id(const std::string& custom_id);

// The toggle's name as shown ("Position Updates").
std::string toggle_name(Action action);

// The "🔔 Alert Preferences" panel; the Naib toggle only for a member holding a seat.
arrakis::sdk::Message panel(const std::string& member_id, const arrakis::sietch::AlertPreferences& prefs, bool naib);
arrakis::sdk::Message toggled(Action action, bool enabled);
arrakis::sdk::Message frequency_updated(const arrakis::sietch::AlertFrequency& frequency);
arrakis::sdk::Message all_disabled();
// A private refusal ("❌ You cannot modify these preferences.").
arrakis::sdk::Message refusal(const std::string& text);

}  // namespace alerts
