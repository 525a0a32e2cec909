// The digest as posted to the announcements channel, and its totals as stored. Pure functions.
#pragma once

#include <arrakis/sdk.hpp>

#include "digest.hpp"

namespace weekly_digest {

inline constexpr std::uint32_t kDigestColor = 0xC2B280;

arrakis::sdk::Message digest_message(const Digest& digest);
// weekly_digests.totals: the numbers and names of the digest, as JSON.
nlohmann::json totals(const Digest& digest);

}  // namespace weekly_digest
