// weekly-reset: every Monday at 00:00 UTC (`0 0 * * 1`) the weekly alert counters go back to 0
// (domain 3.8). Maintainer page: docs/events/jobs.md.
//
// - One global job item: its SQL runs as the jobs role over every community's
//   notification_preferences in one statement (the reset is the same for all, and needs no
//   Discord, so there is nothing to gain from one item per community).
// - Only rows whose week started before this week's Monday (sietch/alert_week.hpp) are reset,
//   and they are moved to this week. So the reset happens once per ISO week: a retry or a second
//   run in the same week changes nothing, and never zeroes alerts already counted this week.
// - Reading needs no reset to be right: /alerts and the alert delivery already read a counter of
//   an earlier week as 0. The job keeps the stored numbers honest for anyone reading the table.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/alert_week.hpp>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr const char* kSchedule = "weekly-reset";

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_SCHEDULE || event.schedule() != kSchedule) return;
  const std::string week = sietch::alert_week_start_sql();
  const auto reset = host.exec("UPDATE notification_preferences SET alerts_sent_this_week = 0, "
                               "week_start_timestamp = " + week + " WHERE week_start_timestamp < " + week);
  host.count("weekly_reset.counters_reset", static_cast<double>(reset));
  host.info("weekly-reset: " + std::to_string(reset) + " alert counter(s) reset for the week");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .schedule(kSchedule, "0 0 * * 1", {ARRAKIS_SCHEDULE_GLOBAL, 60000, 5}),
               handle)
