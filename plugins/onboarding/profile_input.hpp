// What a member may type into the wizard's forms (docs/events/onboarding.md "Validation"), as pure
// functions: each answers the message that explains a refusal, or nothing when the input is good.
#pragma once

#include <optional>
#include <string>

namespace arrakis::onboarding {

inline constexpr std::size_t kNymMin = 3;
inline constexpr std::size_t kNymMax = 20;
inline constexpr std::size_t kBioMax = 160;
inline constexpr std::size_t kPictureUrlMax = 500;

// Input without surrounding blanks (spaces, tabs, line breaks).
std::string trimmed(const std::string& text);

// Why `nym` cannot be a nym on its own (length, characters, reserved names); uniqueness needs the
// database and is checked by the caller (nym_taken_message()).
std::optional<std::string> nym_problem(const std::string& nym);
std::string nym_taken_message();

// The bio as stored: every link (http://, https://, www.) replaced by "[link removed]".
std::string bio_without_links(const std::string& bio);
// Why a bio (already without links) cannot be stored.
std::optional<std::string> bio_problem(const std::string& bio);

// Why `url` cannot be a profile picture: https only, on cdn.discordapp.com, media.discordapp.net or
// i.imgur.com (or a subdomain of one).
std::optional<std::string> picture_url_problem(const std::string& url);

// Characters as Discord counts them (UTF-8 code points).
std::size_t characters(const std::string& text);

}  // namespace arrakis::onboarding
