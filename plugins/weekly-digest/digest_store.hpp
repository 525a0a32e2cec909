// The weekly digest's SQL: the week a firing summarises, the community's facts of that week, and
// the weekly_digests row that makes a week's digest happen once. Row-level security scopes every
// read to the job item's community.
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>

#include "digest.hpp"

namespace weekly_digest {

// The last complete ISO week before `at_ms` (Unix ms): a Monday 00:00 UTC firing summarises the
// seven days that just ended.
Week week_before(arrakis::sdk::Host& host, std::int64_t at_ms);

// community_config.announcements_channel_id; nullopt when unset.
std::optional<std::string> announcements_channel(arrakis::sdk::Host& host);

bool digest_exists(arrakis::sdk::Host& host, const Week& week);

// Everything the digest shows about `week`.
Digest collect(arrakis::sdk::Host& host, const Week& week);

// Claims the week: inserts its weekly_digests row (totals, channel); nullopt when the week already
// has one (another run got there first). Returns the row id.
std::optional<std::string> claim_week(arrakis::sdk::Host& host, const Week& week, const nlohmann::json& totals,
                                      const std::string& channel);
void set_message_id(arrakis::sdk::Host& host, const std::string& row_id, const std::string& message_id);

}  // namespace weekly_digest
