// The wizard's messages and forms as pure functions (docs/events/onboarding.md lists them). Every
// wizard button carries the old bot's custom id followed by ":<owner's Discord id>", so a click by
// anyone else is recognised; the forms keep the old ids exactly.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

namespace arrakis::onboarding {

// Custom ids (the old bot's).
inline constexpr const char* kStart = "onboarding_start";
inline constexpr const char* kPictureUpload = "onboarding_pfp_upload";
inline constexpr const char* kPictureGenerate = "onboarding_pfp_generate";
inline constexpr const char* kPictureSkip = "onboarding_pfp_skip";
inline constexpr const char* kBioAdd = "onboarding_bio_add";
inline constexpr const char* kBioSkip = "onboarding_bio_skip";
inline constexpr const char* kNymModal = "modal_nym_input";
inline constexpr const char* kNymField = "nym";
inline constexpr const char* kPictureModal = "modal_pfp_url_input";
inline constexpr const char* kPictureField = "pfp_url";
inline constexpr const char* kBioModal = "modal_bio_input";
inline constexpr const char* kBioField = "bio";
inline constexpr const char* kEditNym = "edit_nym";
inline constexpr const char* kEditPicture = "edit_pfp";
inline constexpr const char* kEditBio = "edit_bio";
inline constexpr const char* kEditDone = "edit_cancel";
// The entry of the edit wizard, sent by /profile edit (plugins/profile).
inline constexpr const char* kEditStart = "profile-edit:start";

std::string owned_id(const std::string& base, const std::string& owner);

// What the member has chosen so far (the session's data).
struct Draft {
  std::string nym, bio, pfp_url, pfp_type = "none";
};

// The welcome DM with its Start button.
sdk::Message welcome_dm(const std::string& owner);
sdk::Modal nym_modal(const std::string& current);
sdk::Message picture_step(const std::string& owner, const std::string& nym, bool editing);
sdk::Modal picture_modal();
// The bio step; `generated` shows the generated picture, attached as avatar.png.
sdk::Message bio_step(const std::string& owner, const Draft& draft, const std::string& generated_png);
sdk::Modal bio_modal(const std::string& current, bool editing);
// The end of onboarding: "🎉 Welcome to Sietch!" or, with a seat, "👑 Welcome to the Naib Council!".
sdk::Message welcome_done(const std::string& nym, const std::string& tier, int seat_number, bool bumped);

// The edit wizard's menu, with a line saying what just changed ("" for none) and, after a
// generated picture, that picture attached.
sdk::Message edit_menu(const std::string& owner, const Draft& profile, const std::string& note,
                       const std::string& generated_png = "");
sdk::Message edit_done();

// A click after the wizard's 15 minutes: the message becomes this, with a button to start over.
sdk::Message expired(const std::string& owner, bool editing);
std::string not_yours_text();
std::string wrong_step_text();
std::string already_onboarded_text();
std::string not_onboarded_text();
std::string no_wallet_text();
std::string not_eligible_text(int rank);
std::string nym_wait_text(int days);
sdk::Message ephemeral(const std::string& text);

}  // namespace arrakis::onboarding
