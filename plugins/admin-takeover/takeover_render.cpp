#include "takeover_render.hpp"

#include "takeover_steps.hpp"

namespace admin_takeover {

namespace sdk = arrakis::sdk;

namespace {

constexpr std::uint32_t kRed = 0xE74C3C;
constexpr std::uint32_t kGold = 0xFFD700;
constexpr std::uint32_t kOrange = 0xF39C12;
constexpr std::size_t kListed = 20;

// "`arrakis-naib` → `naib`" lines, at most kListed, then "…and N more" (well inside 1024 characters:
// Discord role names are at most 100 characters).
std::string rename_lines(const std::vector<Rename>& renames) {
  std::string text;
  for (std::size_t i = 0; i < renames.size() && i < kListed; ++i) {
    if (!text.empty()) text += "\n";
    text.append("`").append(renames[i].from).append("` → `").append(renames[i].to).append("`");
  }
  if (renames.size() > kListed) text += "\n…and " + std::to_string(renames.size() - kListed) + " more";
  if (text.size() > 1024) text = text.substr(0, 1000) + "\n…";  // never for real role names; a guard
  return text;
}

}  // namespace

sdk::Embed not_available_embed(const std::string& mode, bool started) {
  sdk::Embed embed;
  embed.title("❌ Takeover Not Available").color(kRed);
  if (mode == "exclusive") {
    embed.description("Arrakis is already the exclusive gate of this server: the takeover is done, and it cannot "
                      "be undone.");
  } else {
    embed.description("A takeover is only possible from **primary** mode; this server is in **" +
                      (started ? mode : std::string("shadow")) +
                      "** mode.\n\nMake Arrakis the primary gate first with `/admin-migrate execute` "
                      "(strategy `arrakis_primary`); `/admin-migrate check` shows what is still missing.");
  }
  embed.field("Current Mode", started ? mode : "not started", true);
  embed.field("Required Mode", "primary", true);
  return embed;
}

sdk::Modal step_modal(int number, const std::string& guild_id) {
  const auto s = *step(number);
  return sdk::Modal(modal_id(number, guild_id), "Takeover: Step " + std::to_string(number) + " of 3")
      .text_input(s.field, s.label, sdk::TextInputStyle::short_text, true, 100, "", s.placeholder);
}

sdk::Message next_step_message(int done, const std::string& guild_id) {
  sdk::Embed embed;
  embed.color(kOrange);
  if (done == 1) {
    embed.title("✅ Step 1 of 3: Server Name Confirmed")
        .description("**The risks.** In exclusive mode Arrakis is the only gate of this server:\n"
                     "• roles named `arrakis-…` lose their prefix and become the server's roles;\n"
                     "• the incumbent bot no longer gates anyone: remove it once you are done;\n"
                     "• members whose wallets Arrakis does not see as eligible lose their roles.\n\n"
                     "Type **I understand** in the next step to accept them.");
  } else {
    embed.title("✅ Step 2 of 3: Risks Acknowledged")
        .description("**The rollback plan.** Exclusive mode is one-way: there is no automatic rollback. Keep the "
                     "incumbent bot's configuration until you are satisfied; going back means re-installing it and "
                     "re-creating its roles by hand.\n\nType **confirmed** in the last step to take over.");
  }
  embed.footer("The takeover expires 5 minutes after /admin-takeover");
  const int next = done + 1;
  return sdk::Message().embed(embed).ephemeral().row(sdk::ActionRow().add(
      sdk::Button(sdk::ButtonStyle::danger, "Continue to Step " + std::to_string(next) + " of 3", button_id(next, guild_id))));
}

std::string wrong_answer_text(int number) {
  std::string why;
  if (number == 1) why = "the name you typed is not this server's name";
  if (number == 2) why = "the risks were not acknowledged (type exactly **I understand**)";
  if (number == 3) why = "the rollback plan was not confirmed (type exactly **confirmed**)";
  return "❌ Takeover cancelled: " + why + ". Nothing was changed; run `/admin-takeover` to start again.";
}

sdk::Embed complete_embed(const std::string& server_name, const std::vector<Rename>& renamed) {
  sdk::Embed embed;
  embed.title("👑 Takeover Complete").color(kGold);
  embed.description("Arrakis is now the exclusive gate of **" + server_name +
                    "**. This is one-way: exclusive mode cannot be rolled back.");
  embed.field("New Mode", "exclusive", true);
  embed.field("Roles Renamed", std::to_string(renamed.size()), true);
  if (!renamed.empty()) embed.field("Renamed", rename_lines(renamed));
  embed.field("Next Steps", "Remove the incumbent bot and its roles when you are ready.");
  return embed;
}

sdk::Embed incomplete_embed(const std::vector<Rename>& renamed, const std::vector<Rename>& failed) {
  sdk::Embed embed;
  embed.title("⚠️ Takeover Not Finished").color(kRed);
  embed.description("Discord refused to rename " + std::to_string(failed.size()) +
                    (failed.size() == 1 ? " role" : " roles") +
                    ", so the mode stays **primary**. Check that the bot's role is above them, then run "
                    "`/admin-takeover` again: roles already renamed are not touched twice.");
  embed.field("Not Renamed", rename_lines(failed));
  if (!renamed.empty()) embed.field("Renamed", rename_lines(renamed));
  return embed;
}

}  // namespace admin_takeover
