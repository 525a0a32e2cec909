// The generated profile picture: a symmetric 5x5 pattern on a light background, in the colour of
// the member's tier, drawn from a hash of the member id and tier, so the same member and tier
// always get the same picture. Encoded as PNG by libpng.
#pragma once

#include <string>

namespace arrakis::onboarding {

inline constexpr int kAvatarSize = 120;  // pixels, square
inline constexpr const char* kAvatarFilename = "avatar.png";

// The PNG file's bytes.
std::string avatar_png(const std::string& member_id, const std::string& tier);
// "data:image/png;base64,..." of the same picture: what profiles.pfp_url keeps for a generated
// picture (pfp_type 'generated'; the profile shows only https pictures, so it stays out of embeds).
std::string avatar_data_url(const std::string& member_id, const std::string& tier);

}  // namespace arrakis::onboarding
