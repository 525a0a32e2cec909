// The wizard's messages (never flagged ephemeral themselves: the commands are deferred privately and
// the controls edit that private message), built from a session (and, on the steps that show it, the plan of what
// DEPLOY will reuse or create). Pure: no host calls. Texts: docs/commands/onboard.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

#include "deploy.hpp"
#include "wizard.hpp"

namespace community_setup {

namespace sdk = arrakis::sdk;

inline const std::string kExpired = "Session expired. Please start a new wizard with /onboard.";
inline const std::string kNotYours = "This wizard session belongs to another user.";
inline const std::string kOtherServer = "This wizard session belongs to another server. Use /onboard here to start one.";
inline const std::string kCancelled = "Wizard cancelled. Use /onboard to start again.";
inline const std::string kUnknownControl =
    "That wizard control isn't recognised. Use /resume to bring your setup back, or /onboard to start one.";
inline const std::string kNoActiveSession = "No active wizard session found. Use /onboard to start one.";
inline const std::string kStale =
    "⚠️ That control belonged to an earlier view of this wizard; this is where your setup is now.";

struct View {
  const Preview* preview = nullptr;  // the plan, on ROLE_MAPPING, CHANNEL_STRUCTURE and REVIEW
  bool resumed = false;              // /resume: author "🔄 Session Resumed" and the session info
  std::string note;                  // a line above the embed ("" for none)
};

// The current step of the session: embed, progress bar, the step's controls and navigation.
sdk::Message step_message(const Session& s, const View& view);
// /onboard while another setup of this admin is under way: Resume or Start Over.
sdk::Message already_running_message(const Session& s);
// After Cancel: the wizard's message without its controls.
sdk::Message cancelled_message();
// "▰▰▰▱▱▱▱▱▱▱ 37%"
std::string progress_bar(int percent);

}  // namespace community_setup
