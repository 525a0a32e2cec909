#include "render.hpp"

#include <algorithm>

#include <arrakis/sietch/ranks.hpp>

#include "catalogue.hpp"

namespace community_setup {

using nlohmann::json;

namespace {

constexpr std::uint32_t kSand = 0xC2B280;
constexpr std::uint32_t kGreen = 0x2ECC71;
constexpr std::uint32_t kRed = 0xE74C3C;
constexpr std::uint32_t kOrange = 0xF39C12;

std::string title(State s) {
  switch (s) {
    case State::init: return "🏜️ Sietch Setup";
    case State::chain_select: return "⛓️ Step 1 of 6: Chain";
    case State::asset_config: return "🪙 Step 2 of 6: Asset";
    case State::eligibility_rules: return "📜 Step 3 of 6: Eligibility Rules";
    case State::role_mapping: return "🎭 Step 4 of 6: Roles";
    case State::channel_structure: return "📺 Step 5 of 6: Channels";
    case State::review: return "🔍 Step 6 of 6: Review";
    case State::deploy: return "🚧 Deployment Interrupted";
    case State::complete: return "✅ Setup Complete";
    case State::failed: return "❌ Deployment Failed";
  }
  return "🏜️ Sietch Setup";
}

// The step's name as the "already in progress" message names it.
std::string step_name(State s) {
  const std::string t = title(s);
  const auto colon = t.find(": ");
  return colon == std::string::npos ? t.substr(t.find(' ') + 1) : t.substr(colon + 2);
}

std::string description(const Session& s) {
  const std::string naib = std::to_string(arrakis::sietch::kNaibSeats);
  const std::string last = std::to_string(arrakis::sietch::kLastEligibleRank);
  const std::string wait_from = std::to_string(arrakis::sietch::kFirstWaitlistRank);
  const std::string wait_to = std::to_string(arrakis::sietch::kLastWaitlistRank);
  switch (s.state) {
    case State::init:
      return "This wizard sets up Arrakis for this server: it creates the Sietch's roles and channels (or reuses "
             "the ones you already have) and saves them as the server's configuration.\n\n"
             "Nothing changes in the server until you press **Deploy** on the last step. The wizard waits 15 "
             "minutes between steps; `/resume` brings it back.";
    case State::chain_select:
      return "**Berachain**\n\nEligibility is read from Berachain: a ranking of every wallet by the BGT it holds, "
             "refreshed every 6 hours. Berachain is the chain Arrakis supports.";
    case State::asset_config:
      return "**BGT** (Berachain's governance token)\n\nMembers are ranked by the BGT held by the wallet they "
             "verified with `/verify`; a wallet that burned BGT is not eligible.";
    case State::eligibility_rules:
      return "• Ranks 1-" + naib + ": **Naib**, the council (" + naib + " seats)\n• Ranks " + std::to_string(arrakis::sietch::kNaibSeats + 1) +
             "-" + last + ": **Fedaykin**\n• Ranks " + wait_from + "-" + wait_to +
             ": the waitlist (`/register-waitlist`, role **Taqwa**)\n\n"
             "Choose whether members also get one of the seven BGT tier roles (Hajra at 6.9 BGT up to Usul at 1111 "
             "BGT).";
    case State::role_mapping:
      return "**Naib** and **Fedaykin** are required. Choose the optional roles below. A role this server already "
             "has (the configured one, or one of the same name) is reused, never duplicated.";
    case State::channel_structure:
      return "**#the-door** and **#census** are required. Choose the optional channels below. A channel this server "
             "already has (the configured one, or a text channel of the same name) is reused.";
    case State::review:
      return "This is what **Deploy** will do. Roles and channels marked *new* are created; the others are reused. "
             "Then everything is saved as this server's configuration.";
    case State::deploy:
      return "A deployment of this setup started but did not finish. Deploy again: whatever was already created "
             "is found and reused.";
    case State::complete:
      return "The Sietch's roles and channels are in place and saved as this server's configuration.";
    case State::failed:
      return s.failure + "\n\nNothing was saved. Fix the cause (the bot needs **Manage Roles** and **Manage "
                         "Channels**) and try again: whatever was already created is reused.";
  }
  return "";
}

std::string role_mention(const std::string& id) { return "<@&" + id + ">"; }
std::string channel_mention(const std::string& id) { return "<#" + id + ">"; }

// "**Naib** → <@&1> (reused)" lines for a plan's items.
std::string plan_lines(const std::vector<PlanItem>& items, bool roles) {
  std::string text;
  for (const auto& i : items) {
    if (!text.empty()) text += "\n";
    text += roles ? "**" + i.name + "**" : "**#" + i.name + "**";
    switch (i.how) {
      case How::stored: text += " → " + (roles ? role_mention(i.id) : channel_mention(i.id)) + " (configured)"; break;
      case How::by_name: text += " → " + (roles ? role_mention(i.id) : channel_mention(i.id)) + " (existing)"; break;
      case How::create: text += " → *new*"; break;
      case How::unknown: text += " → checked at deploy"; break;
    }
  }
  return text.empty() ? "none" : text;
}

// "**Naib** <@&1> created" lines of a finished DEPLOY.
std::string result_lines(const json& items, bool roles) {
  std::string text;
  if (!items.is_array()) return "none";
  for (const auto& i : items) {
    if (!text.empty()) text += "\n";
    const std::string id = i.value("id", "");
    text += (roles ? role_mention(id) : channel_mention(id)) + (i.value("how", "") == "created" ? " created" : " reused");
  }
  return text.empty() ? "none" : text;
}

sdk::Button nav(sdk::ButtonStyle style, const std::string& label, const std::string& id) { return {style, label, id}; }

void add_controls(sdk::Message& m, const Session& s) {
  const std::string state(state_name(s.state));
  if (s.state == State::eligibility_rules) {
    m.row(sdk::ActionRow().add(sdk::SelectMenu(control_id("tiers", s.id))
                                   .placeholder("Tier roles")
                                   .option("Rank roles only", "ranks", "Naib and Fedaykin (and the optional roles)",
                                           !s.tier_roles)
                                   .option("Rank roles and BGT tier roles", "tiers", "Also Hajra ... Usul by BGT held",
                                           s.tier_roles)
                                   .range(1, 1)));
  }
  if (s.state == State::role_mapping || s.state == State::channel_structure) {
    const bool roles = s.state == State::role_mapping;
    sdk::SelectMenu select(control_id(roles ? "roles" : "channels", s.id));
    select.placeholder(roles ? "Optional roles" : "Optional channels");
    const auto keys = roles ? optional_role_keys() : optional_channel_keys();
    const auto& chosen = roles ? s.roles : s.channels;
    for (const auto& key : keys) {
      const bool on = std::find(chosen.begin(), chosen.end(), key) != chosen.end();
      if (roles) {
        const auto* r = role_spec(key);
        select.option(std::string(r->name), key, std::string(r->about), on);
      } else {
        const auto* c = channel_spec(key);
        select.option("#" + std::string(c->name), key, std::string(c->topic), on);
      }
    }
    select.range(0, static_cast<int>(keys.size()));
    m.row(sdk::ActionRow().add(select));
  }
  sdk::ActionRow row;
  switch (s.state) {
    case State::init:
      row.add(nav(sdk::ButtonStyle::primary, "Start", control_id("start", s.id)));
      break;
    case State::review:
      row.add(nav(sdk::ButtonStyle::secondary, "Back", control_id("back", s.id, state)));
      row.add(nav(sdk::ButtonStyle::success, "Deploy", control_id("deploy", s.id)));
      break;
    case State::deploy:
      row.add(nav(sdk::ButtonStyle::success, "Deploy Again", control_id("deploy", s.id)));
      break;
    case State::failed:
      row.add(nav(sdk::ButtonStyle::secondary, "Back to Start", control_id("back", s.id, state)));
      row.add(nav(sdk::ButtonStyle::success, "Try Again", control_id("deploy", s.id)));
      break;
    case State::complete:
      return;
    default:
      if (back_state(s.state)) row.add(nav(sdk::ButtonStyle::secondary, "Back", control_id("back", s.id, state)));
      if (next_state(s.state)) row.add(nav(sdk::ButtonStyle::primary, "Next", control_id("next", s.id, state)));
  }
  row.add(nav(sdk::ButtonStyle::danger, "Cancel", control_id("cancel", s.id)));
  m.row(row);
}

}  // namespace

std::string progress_bar(int percent) {
  const int filled = (percent + 5) / 10;
  std::string bar;
  for (int i = 0; i < 10; ++i) bar += i < filled ? "▰" : "▱";
  return bar + " " + std::to_string(percent) + "%";
}

sdk::Message step_message(const Session& s, const View& view) {
  sdk::Embed embed;
  const std::uint32_t color = s.state == State::complete ? kGreen
                              : s.state == State::failed ? kRed
                              : s.state == State::deploy ? kOrange
                                                         : kSand;
  embed.title(title(s.state)).color(color).description(description(s));
  if (view.resumed) {
    embed.author("🔄 Session Resumed");
    embed.field("📋 Session Info", "ID `" + s.id + "`\nStarted <t:" + std::to_string(s.created_ms / 1000) +
                                      ":R>\nSteps completed: " + std::to_string(steps_completed(s.state)) + " of " +
                                      std::to_string(kSteps));
  }
  if (view.preview) {
    if (s.state != State::channel_structure) embed.field("Roles", plan_lines(view.preview->plan.roles, true));
    if (s.state != State::role_mapping) embed.field("Channels", plan_lines(view.preview->plan.channels, false));
    if (!view.preview->warning.empty()) embed.field("Server", view.preview->warning);
  }
  if (s.state == State::complete) {
    embed.field("Roles", result_lines(s.result.value("roles", json::array()), true));
    embed.field("Channels", result_lines(s.result.value("channels", json::array()), false));
    embed.field("Next", "Members are given their roles from the next eligibility sync; `/onboard` again at any time "
                        "adds what is missing without duplicating anything.");
  }
  embed.field("Progress", progress_bar(progress(s.state)));
  embed.footer("Session " + s.id + " • waits 15 minutes between steps • /resume");
  sdk::Message m;
  m.content(view.note).embed(embed).no_mentions();
  add_controls(m, s);
  if (s.state == State::complete) m.clear_components();
  return m;
}

sdk::Message already_running_message(const Session& s) {
  sdk::Embed embed;
  embed.title("⏳ Setup Already in Progress")
      .color(kOrange)
      .description("You have a setup under way in this server (" + step_name(s.state) + ", " +
                   std::to_string(progress(s.state)) + "%). Resume it, or start over (the choices made so far are "
                   "dropped).")
      .field("Progress", progress_bar(progress(s.state)))
      .footer("Session " + s.id);
  return sdk::Message()
      .embed(embed)
      .row(sdk::ActionRow()
               .add(sdk::Button(sdk::ButtonStyle::primary, "Resume", control_id("resume-existing", s.id)))
               .add(sdk::Button(sdk::ButtonStyle::danger, "Start Over", control_id("restart", s.id))))
      .no_mentions();
}

sdk::Message cancelled_message() {
  return sdk::Message()
      .content(kCancelled)
      .embed(sdk::Embed().title("🚫 Setup Cancelled").color(kRed).description("The setup was stopped; this server's configuration was not changed."))
      .clear_components();
}

}  // namespace community_setup
