// eligibility-sync: the BGT ranking every Sietch command reads, refreshed every 6 hours from the
// chain, and what a new ranking means for each community. Maintainer page:
// docs/events/eligibility-sync.md (domain 2.5 "Server-side sync", decisions D2, D9, D11).
//
// - `sync` (global, 0 */6 * * *, the jobs role): reads the chain through the host's chain RPC,
//   drops burners, ranks balances (ties by address), applies admin overrides, keeps ranks 1-100
//   (`rank_limit`), stores a snapshot with its diff, replaces eligibility_current, and records
//   success or a failure (24 hours without success = grace period, /health "degraded"). sync.cpp.
// - `apply` (per community, 2/5 * * * *): a global job can neither publish nor post, so each
//   community applies the newest snapshot it has not applied yet: Naib unseats, tiers and
//   tier_history, alerts (internal.sietch.alert), role re-syncs (internal.sietch.roles.resync),
//   the threshold snapshot, the #the-door posts and DMs, the #census post. apply.cpp.
// - Both are harmless when run twice: a firing older than the newest snapshot changes nothing,
//   and a community applies each snapshot once (eligibility_sync_progress).
#include "eligibility_sync.hpp"

namespace sdk = arrakis::sdk;
using namespace arrakis::eligibility_sync;

namespace {

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_SCHEDULE) return;
  if (event.schedule() == "sync") return run_sync(host, event);
  if (event.schedule() == "apply") return run_apply(host, event);
  host.warn("eligibility-sync: unknown schedule " + event.schedule());
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   // The chain scan and a balanceOf per holder take longer than a command's 5 s.
                   .schedule("sync", "0 */6 * * *", {ARRAKIS_SCHEDULE_GLOBAL, 120000, 3})
                   .schedule("apply", "2/5 * * * *", {ARRAKIS_SCHEDULE_PER_COMMUNITY, 30000, 3}),
               handle)
