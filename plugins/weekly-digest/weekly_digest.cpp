// weekly-digest: every Monday at 00:00 UTC (`0 0 * * 1`, one job item per community) the
// "📜 Weekly Pulse of the Sietch" is posted to the community's announcements channel. Maintainer
// page: docs/events/jobs.md.
//
// - It summarises the last complete ISO week before the firing (Monday 00:00 to Monday 00:00
//   UTC): members (and who joined), Naib seats taken and lost, the most active members, badges
//   awarded, tier promotions.
// - One digest per ISO week and community: the week's weekly_digests row ("2026-W48") is
//   inserted before posting, in the same transaction, and a week that has its row posts nothing.
//   A retry after a failed post finds no row (it rolled back with the failure) and posts; a
//   second run of a week that was posted does nothing.
// - No announcements channel configured: nothing is posted and no row is written (logged), so a
//   digest can still be posted for the week by a re-run once the channel is set.
// - Discord refusing the post (channel gone, missing permission) fails the item with the reason:
//   a permanent refusal goes to the DLQ at once, a retryable one is retried.
#include <arrakis/sdk.hpp>

#include "digest_render.hpp"
#include "digest_store.hpp"

namespace sdk = arrakis::sdk;
using namespace weekly_digest;

namespace {

constexpr const char* kSchedule = "weekly-digest";

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_SCHEDULE || event.schedule() != kSchedule) return;
  // The firing's time, so a retry summarises the same week; a hand-made item without one uses now.
  const std::int64_t fired_at = event.fired_at_ms() > 0 ? event.fired_at_ms() : host.now_ms();
  const Week week = week_before(host, fired_at);
  const auto channel = announcements_channel(host);
  if (!channel) {
    host.info("weekly-digest: no announcements channel is configured; no digest for " + week.id);
    return;
  }
  if (digest_exists(host, week)) {
    host.info("weekly-digest: the digest of " + week.id + " was already posted");
    return;
  }
  const Digest digest = collect(host, week);
  const auto row = claim_week(host, week, totals(digest), *channel);
  if (!row) {
    host.info("weekly-digest: another run posted the digest of " + week.id);
    return;
  }
  const auto posted = host.post_message(*channel, digest_message(digest));
  if (posted.is_object() && posted.contains("id") && posted["id"].is_string()) {
    set_message_id(host, *row, posted["id"].get<std::string>());
  }
  host.count("weekly_digest.posted");
  host.info("weekly-digest: posted the digest of " + week.id + " to " + *channel);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .schedule(kSchedule, "0 0 * * 1", {ARRAKIS_SCHEDULE_PER_COMMUNITY, 20000, 5}),
               handle)
