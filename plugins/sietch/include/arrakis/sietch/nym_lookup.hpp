// Looking a member up by the `nym` option, as every command with one does (/profile view,
// /badges): the option as typed, the nym autocomplete, and the answer when no member has the nym.
// Autocomplete offers the onboarded, present members whose nym contains what was typed (any case,
// LIKE wildcards literal), ordered by nym, at most 25; a choice is labelled "nym (tierEmoji)" and
// its value is the nym itself.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"
#include "arrakis/sietch/members.hpp"
#include "arrakis/sietch/tiers.hpp"

namespace arrakis::sietch {

// The `nym` option without surrounding blanks; "" when absent or blank (= "yourself").
inline std::string nym_option(const sdk::Event& e) {
  const std::string nym = e.option_string("nym").value_or("");
  const auto first = nym.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return nym.substr(first, nym.find_last_not_of(" \t\r\n") - first + 1);
}

// "Stilgar-1 (👑)": the label of one autocomplete choice. Every tier shows its emoji, not only
// Naib (👑) and Fedaykin (⚔️), so a BGT-tier member reads "ramallo-95 (🌸)".
inline std::string nym_choice_label(const std::string& nym, const std::string& tier) {
  std::string label = nym;
  label.append(" (").append(tier_emoji(tier)).append(")");
  return label;
}

inline sdk::Choices nym_choices(sdk::Host& host, const std::string& typed) {
  sdk::Choices choices;
  for (const auto& row : nyms_matching(host, typed)) {
    const std::string nym = row["nym"].get<std::string>();
    choices.add(nym_choice_label(nym, row["tier"].get<std::string>()), nym);
  }
  return choices;
}

// Answers an autocomplete interaction: nyms for the `nym` option, nothing for any other.
inline void autocomplete_nym(sdk::Host& host, const sdk::Event& e) {
  host.autocomplete(e.focused_option() == "nym" ? nym_choices(host, e.focused_value()) : sdk::Choices());
}

// The ephemeral answer when no onboarded, present member has the nym. What was typed is shown in
// `code`: backticks and line breaks are dropped so it cannot break out, and it is cut after 32
// characters (on a character boundary).
inline sdk::Message no_member_with_nym(const std::string& typed) {
  std::string shown;
  std::size_t characters = 0;
  for (const char ch : typed) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80 && ++characters > 32) {
      shown += "…";
      break;
    }
    if (c == '`' || c == '\n' || c == '\r') continue;
    shown += ch;
  }
  if (shown.empty()) return sdk::Message().content("No member found with that nym.").ephemeral();
  return sdk::Message().content("No member found with nym `" + shown + "`.").ephemeral();
}

}  // namespace arrakis::sietch
