#include "render.hpp"

#include <arrakis/sietch/tiers.hpp>

#include "avatar.hpp"
#include "profile_input.hpp"

namespace arrakis::onboarding {

namespace {

constexpr std::uint32_t kSand = 0xC2B280;
constexpr std::uint32_t kGold = 0xFFD700;

sdk::Button button(sdk::ButtonStyle style, const std::string& label, const char* base, const std::string& owner) {
  return sdk::Button(style, label, owned_id(base, owner));
}

std::string shown_or(const std::string& value, const std::string& fallback) { return value.empty() ? fallback : value; }

std::string picture_line(const Draft& d) {
  if (d.pfp_type == "generated") return "A generated picture";
  if (d.pfp_type == "custom" && !d.pfp_url.empty()) return d.pfp_url;
  return "None";
}

sdk::File png_file(const std::string& png) { return sdk::File{kAvatarFilename, "image/png", png}; }

}  // namespace

std::string owned_id(const std::string& base, const std::string& owner) { return base + ":" + owner; }

sdk::Message welcome_dm(const std::string& owner) {
  sdk::Embed e;
  e.title("🏜️ Welcome to the Sietch")
      .color(kSand)
      .description(
          "You hold a place among the top BGT holders. Set up your Sietch profile to join the community: a nym "
          "(your name here), a picture and a short bio.\n\nYour Discord account and wallet are never shown on "
          "your profile. The setup takes a minute; it waits 15 minutes between steps.");
  return sdk::Message().embed(e).row(sdk::ActionRow().add(button(sdk::ButtonStyle::primary, "Start", kStart, owner)));
}

sdk::Modal nym_modal(const std::string& current) {
  return sdk::Modal(kNymModal, "Choose your nym")
      .text_input(kNymField, "Nym (3-20 characters)", sdk::TextInputStyle::short_text, true, kNymMax, current,
                  "Letters, numbers, _ and -");
}

sdk::Message picture_step(const std::string& owner, const std::string& nym, bool editing) {
  sdk::Embed e;
  e.title("🖼️ Profile Picture")
      .color(kSand)
      .description((editing ? std::string() : "Nym set: **" + nym + "**\n\n") +
                   "Use a link to an image on Discord (cdn.discordapp.com, media.discordapp.net) or Imgur "
                   "(i.imgur.com), or let me generate a picture for you.");
  return sdk::Message().embed(e).row(
      sdk::ActionRow()
          .add(button(sdk::ButtonStyle::primary, "Use an image link", kPictureUpload, owner))
          .add(button(sdk::ButtonStyle::secondary, "Generate one", kPictureGenerate, owner))
          .add(button(sdk::ButtonStyle::secondary, editing ? "Keep current" : "Skip", kPictureSkip, owner)));
}

sdk::Modal picture_modal() {
  return sdk::Modal(kPictureModal, "Profile picture")
      .text_input(kPictureField, "Image link (Discord or Imgur)", sdk::TextInputStyle::short_text, true,
                  kPictureUrlMax, "", "https://cdn.discordapp.com/...");
}

sdk::Message bio_step(const std::string& owner, const Draft& draft, const std::string& generated_png) {
  sdk::Embed e;
  e.title("📝 Bio")
      .color(kSand)
      .description("Nym: **" + draft.nym + "**\nPicture: " + picture_line(draft) +
                   "\n\nAdd a short bio (up to 160 characters; links are removed), or skip it.");
  sdk::Message m;
  if (!generated_png.empty()) {
    e.thumbnail(std::string("attachment://") + kAvatarFilename);
    m.file(png_file(generated_png));
  }
  return m.embed(e).row(sdk::ActionRow()
                            .add(button(sdk::ButtonStyle::primary, "Add a bio", kBioAdd, owner))
                            .add(button(sdk::ButtonStyle::secondary, "Skip", kBioSkip, owner)));
}

sdk::Modal bio_modal(const std::string& current, bool editing) {
  return sdk::Modal(kBioModal, editing ? "Edit your bio" : "Your bio")
      .text_input(kBioField, "Bio (up to 160 characters)", sdk::TextInputStyle::paragraph, !editing, kBioMax,
                  current, "Links are removed");
}

sdk::Message welcome_done(const std::string& nym, const std::string& tier, int seat_number, bool bumped) {
  sdk::Embed e;
  const std::string tier_line =
      "Tier: " + std::string(sietch::tier_emoji(tier)) + " " + sietch::tier_title(tier);
  if (seat_number > 0) {
    e.title("👑 Welcome to the Naib Council!")
        .color(kGold)
        .description("Your profile **" + nym + "** is ready, and you hold **Naib seat " + std::to_string(seat_number) +
                     "**" + (bumped ? ", taken from the member with the least BGT on the council" : "") + ".\n" +
                     tier_line);
  } else {
    e.title("🎉 Welcome to Sietch!")
        .color(kSand)
        .description("Your profile **" + nym + "** is ready. Your roles are being set up now.\n" + tier_line);
  }
  e.footer("Change your profile any time with /profile edit");
  return sdk::Message().embed(e).clear_components();
}

sdk::Message edit_menu(const std::string& owner, const Draft& profile, const std::string& note,
                       const std::string& generated_png) {
  sdk::Embed e;
  e.title("✏️ Edit Your Profile").color(kSand);
  e.description(note.empty() ? "Pick what to change. Press **Done** when you are finished." : note);
  e.field("Nym", shown_or(profile.nym, "—"));
  e.field("Picture", picture_line(profile));
  e.field("Bio", shown_or(profile.bio, "—"));
  sdk::Message m;
  if (!generated_png.empty()) {
    e.thumbnail(std::string("attachment://") + kAvatarFilename);
    m.file(png_file(generated_png));
  }
  return m.embed(e).row(sdk::ActionRow()
                            .add(button(sdk::ButtonStyle::primary, "Nym", kEditNym, owner))
                            .add(button(sdk::ButtonStyle::primary, "Picture", kEditPicture, owner))
                            .add(button(sdk::ButtonStyle::primary, "Bio", kEditBio, owner))
                            .add(button(sdk::ButtonStyle::success, "Done", kEditDone, owner)));
}

sdk::Message edit_done() {
  return sdk::Message().content("✅ Done. Your profile is saved; see it with /profile view.").clear_components();
}

sdk::Message expired(const std::string& owner, bool editing) {
  if (editing) {
    return sdk::Message()
        .content("⏰ Your profile editing session expired (15 minutes without a step). Nothing else was changed. "
                 "Press **Start editing** to continue.")
        .row(sdk::ActionRow().add(sdk::Button(sdk::ButtonStyle::primary, "Start editing", kEditStart)));
  }
  return sdk::Message()
      .content("⏰ Your onboarding session expired (15 minutes without a step). Press **Start** to set up your "
               "profile again.")
      .row(sdk::ActionRow().add(button(sdk::ButtonStyle::primary, "Start", kStart, owner)));
}

std::string not_yours_text() {
  return "❌ This button belongs to another member's profile setup. Only they can use it.";
}
std::string wrong_step_text() {
  return "❌ That button is from another step of your setup. Use the buttons on the newest message.";
}
std::string already_onboarded_text() {
  return "✅ You have already completed onboarding. Use /profile edit to change your profile.";
}
std::string not_onboarded_text() {
  return "❌ You have not completed onboarding yet, so there is no profile to edit. Finish the setup from the "
         "welcome message first.";
}
std::string no_wallet_text() {
  return "❌ You need a verified wallet to join the Sietch, and none is linked to your Discord account yet.";
}
std::string not_eligible_text(int rank) {
  const std::string where = rank > 0 ? "is ranked #" + std::to_string(rank) : "is not ranked";
  return "❌ Only wallets ranked in the top 69 BGT holders can join the Sietch; your wallet " + where + ".";
}
std::string nym_wait_text(int days) {
  return "⏳ You can change your nym in " + std::to_string(days) + (days == 1 ? " day." : " days.") +
         " A nym can be changed once every 30 days.";
}

sdk::Message ephemeral(const std::string& text) { return sdk::Message().content(text).ephemeral(); }

}  // namespace arrakis::onboarding
