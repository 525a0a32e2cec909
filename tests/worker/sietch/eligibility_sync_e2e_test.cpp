// The eligibility sync through the full path: a `sync` job item queued in the outbox (as the
// scheduler, or the demo, queues one) is relayed through RabbitMQ to the worker, whose plugin reads
// chain-sim over the worker's chain RPC and builds the ranking chain-sim states for its holder set
// (burners and zero balances out, ties by address, ranks to 100); then an `apply` item for the
// guild's community applies it there. docs/events/eligibility-sync.md.
#include <chrono>
#include <thread>

#include "sietch_full_path.hpp"

using nlohmann::json;
using namespace arrakis::sietch::testing;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A job item as host/worker/src/jobs/job_fanout.cpp writes it.
void queue_job(const std::string& schedule, const std::string& community = "", const std::string& guild = "") {
  const auto ms = now_ms();
  json body = {{"eventId", "job:eligibility-sync:" + schedule + ":e2e-" + std::to_string(ms) + community},
               {"eventType", "schedule." + schedule},
               {"timestamp", ms},
               {"plugin", "eligibility-sync"},
               {"schedule", schedule},
               {"firedAt", ms},
               {"fence", 0},
               {"scope", community.empty() ? "global" : "per-community"},
               {"communityId", community}};
  if (!guild.empty()) body["guildId"] = guild;
  admin_exec("INSERT INTO event_outbox (routing_key, body) VALUES ($1, $2::jsonb)",
             {"job.eligibility-sync." + schedule, body.dump()});
  admin_exec("NOTIFY arrakis_outbox");
}

// Polls `sql` (one text value) until it equals `want`; returns the last value.
std::string wait_for(const std::string& sql, const std::vector<std::string>& params, const std::string& want) {
  std::string last;
  for (int i = 0; i < 300; ++i) {
    const auto r = admin_exec(sql, params);
    last = r.empty() || r[0][0].is_null() ? "<null>" : r[0][0].as<std::string>();
    if (last == want) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last;
}

void clear_sync_tables() {
  for (const char* t : {"eligibility_snapshots", "chain_claim_events", "chain_burn_events", "eligibility_admin_overrides"}) {
    admin_exec(std::string("DELETE FROM ") + t);
  }
  admin_exec("DELETE FROM eligibility_sync_progress");
  admin_exec("UPDATE eligibility_health_status SET last_successful_query = NULL, last_query_attempt = NULL, "
             "consecutive_failures = 0, in_grace_period = false, last_synced_block = NULL");
}

// Leaves no snapshot behind, even when an assertion ends the test early: the worker's own `apply`
// firings (every 5 minutes) would otherwise apply it to the next tests' Sietch.
struct ClearedSyncTables {
  ClearedSyncTables() { clear_sync_tables(); }
  ~ClearedSyncTables() { clear_sync_tables(); }
};

}  // namespace

TEST_F(SietchFullPath, EligibilitySyncBuildsChainSimsRankingAndTheCommunityAppliesIt) {
  const ClearedSyncTables cleared;
  // chain-sim's generated set (>= 150 wallets: ties at 69/70 and 100/101, burners, zero balances).
  const auto set = arrakis::chain_sim::generate_holder_set({});
  chain().set_holders(set);
  const auto standings = arrakis::chain_sim::assess(set);
  std::map<int, std::string> expected;  // rank -> address, as chain-sim states the rules
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    if (standings[i].rank && *standings[i].rank <= 100) expected[*standings[i].rank] = set.holders[i].address;
  }
  ASSERT_EQ(expected.size(), 100u);

  queue_job("sync");
  ASSERT_EQ(wait_for("SELECT count(*)::text FROM eligibility_snapshots", {}, "1"), "1") << stack().logs();
  std::map<int, std::string> ranked;
  for (const auto& r : admin_exec("SELECT rank, address FROM eligibility_current")) ranked[r[0].as<int>()] = r[1].as<std::string>();
  EXPECT_EQ(ranked, expected);
  EXPECT_EQ(admin_exec("SELECT consecutive_failures, in_grace_period, last_synced_block FROM eligibility_health_status")[0][2]
                .as<std::uint64_t>(),
            chain().block_number());

  // The seeded council's wallets hold nothing on chain-sim: applying the ranking unseats all seven.
  const auto community = stack().community_id();
  queue_job("apply", community, stack().guild_id());
  const auto snapshot = admin_exec("SELECT max(id)::text FROM eligibility_snapshots")[0][0].as<std::string>();
  EXPECT_EQ(wait_for("SELECT snapshot_id::text FROM eligibility_sync_progress WHERE community_id = $1::uuid", {community},
                     snapshot),
            snapshot)
      << stack().logs();
  EXPECT_EQ(admin_exec("SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND unseat_reason = 'ineligible' "
                       "AND unseated_at IS NOT NULL AND seat_number BETWEEN 1 AND 7 AND bgt_at_unseating = 0",
                       {community})[0][0]
                .as<int>(),
            7);
  EXPECT_EQ(admin_exec("SELECT count(*) FROM naib_seats WHERE community_id = $1::uuid AND unseated_at IS NULL", {community})[0][0]
                .as<int>(),
            0);
}
