// /admin-stats (Administrator only, deferred ephemeral): the community's analytics in one embed —
// members, their BGT, weekly activity, newcomers, promotions and badges of the week, the tier
// distribution, the five most active members and the five latest promotions, every query against
// the real schema. Behaviour, layout and decisions: docs/commands/admin-stats.md.
//
// The Administrator bit is re-checked here (sietch::require_admin) whatever the host checked, so a
// forged payload is refused. A failure while reading (bad data, a bug) answers "❌ Failed to
// generate analytics." and is logged (the reads run in a savepoint, so the call still ends
// cleanly); a database outage (RetryableError) is left to the worker, which retries.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "stats_render.hpp"
#include "stats_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace admin_stats;

namespace {

std::optional<sdk::Embed> build_analytics(sdk::Host& host) {
  try {
    sdk::Host::Transaction reads(host);  // rolled back (to its savepoint) if a read throws
    const Totals totals = read_totals(host);
    const auto tiers = tier_counts(host);
    const auto active = most_active(host);
    const auto promotions = recent_promotions(host);
    reads.commit();
    return analytics_embed(totals, tiers, active, promotions);
  } catch (const sdk::RetryableError&) {
    throw;  // a database outage: the worker retries the interaction
  } catch (const std::exception& e) {
    host.warn(std::string("admin-stats: could not build the analytics: ") + e.what());
    return std::nullopt;
  }
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  const auto embed = build_analytics(host);
  if (!embed) {
    host.reply(sdk::Message().content(kFailure).ephemeral());
    return;
  }
  host.reply(sdk::Message().embed(*embed).ephemeral());
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("admin-stats", ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN,
                            ARRAKIS_COMMAND_DEFINITION_ADMIN_STATS),
               handle)
