// The chain-wide sync (global schedule `sync`, the jobs role): reads the chain, builds the ranking,
// stores it as a snapshot with its diff, replaces eligibility_current and records the outcome in
// eligibility_health_status. Domain 2.5 steps 1-6; docs/events/eligibility-sync.md.
//
// - Transfer logs are scanned from the block after the last synced one (the first sync: from
//   `start_block`, or the last 50,000 blocks) and kept in chain_claim_events (recipients) and
//   chain_burn_events (burners), so a burn stays disqualifying however old it gets.
// - Candidates are every recipient ever seen that never burned and is not removed by an admin
//   override; each gets balanceOf; zero balances drop out. Admin `add` overrides join at BGT 0.
// - A chain failure writes nothing of the fetch (savepoint), counts a failure, and leaves the last
//   ranking in place; with no success for 24 hours the health row enters the grace period, which
//   the worker's /health reports as "degraded". The job itself succeeds: the next firing retries.
// - A firing that is not newer than the last snapshot's (its fence is not higher) changes nothing.
#include <arrakis/sietch/bgt_chain.hpp>

#include <algorithm>
#include <set>

#include "eligibility_sync.hpp"

namespace arrakis::eligibility_sync {

namespace {

// Snapshots older than this are deleted (the newest is always kept).
constexpr int kSnapshotRetentionDays = 30;

std::string ts(std::int64_t ms) { return std::to_string(ms); }
// SQL for a timestamp given as $n milliseconds since the epoch (the plugin's clock).
std::string at(int n) { return "to_timestamp($" + std::to_string(n) + "::double precision / 1000)"; }

nlohmann::json logs_json(const std::vector<TransferLog>& logs) {
  auto rows = nlohmann::json::array();
  for (const auto& l : logs) {
    rows.push_back({{"tx_hash", l.tx_hash}, {"log_index", l.log_index}, {"block_number", l.block},
                    {"address", l.address}, {"amount", l.wei}});
  }
  return rows;
}

void store_logs(sdk::Host& host, const std::string& table, const std::vector<TransferLog>& logs) {
  if (logs.empty()) return;
  host.exec("INSERT INTO " + table + " (tx_hash, log_index, block_number, address, amount) "
            "SELECT tx_hash, log_index, block_number, address, amount FROM jsonb_to_recordset($1::jsonb) "
            "AS x(tx_hash text, log_index integer, block_number bigint, address text, amount numeric) "
            "ON CONFLICT DO NOTHING",
            nlohmann::json::array({logs_json(logs)}));
}

struct Fetched {
  std::uint64_t head = 0;
  std::vector<sietch::Holding> holdings;
  std::set<std::string> burners;
};

// Steps 2 (and the remove overrides of 3): the chain's holders with their balances.
Fetched fetch(sdk::Host& host, const SyncConfig& config, std::int64_t now_ms) {
  Fetched f;
  f.head = block_number(host);
  const auto health = host.query("SELECT last_synced_block FROM eligibility_health_status WHERE id = 1");
  std::uint64_t from = config.start_block > 0 ? config.start_block
                       : f.head >= sietch::kDefaultScanBlocks ? f.head - sietch::kDefaultScanBlocks + 1
                                                              : 0;
  if (!health.empty() && health[0]["last_synced_block"].is_number()) {
    from = std::max<std::uint64_t>(from, health[0]["last_synced_block"].get<std::uint64_t>() + 1);
  }
  if (from <= f.head) {
    const auto scan = scan_transfers(host, config.token, from, f.head);
    store_logs(host, "chain_claim_events", scan.received);
    store_logs(host, "chain_burn_events", scan.burned);
  }
  for (const auto& r : host.query("SELECT DISTINCT address FROM chain_burn_events")) f.burners.insert(r["address"].get<std::string>());
  const auto candidates = host.query(
      "SELECT DISTINCT c.address FROM chain_claim_events c "
      "WHERE NOT EXISTS (SELECT 1 FROM chain_burn_events b WHERE b.address = c.address) "
      "AND NOT EXISTS (SELECT 1 FROM eligibility_admin_overrides o WHERE o.address = c.address AND o.active "
      "  AND o.action = 'remove' AND (o.expires_at IS NULL OR o.expires_at > " + at(1) + ")) "
      "ORDER BY c.address",
      nlohmann::json::array({ts(now_ms)}));
  for (const auto& c : candidates) {
    const auto address = c["address"].get<std::string>();
    f.holdings.push_back({address, balance_of(host, config.token, address)});
  }
  return f;
}

std::vector<std::string> added_by_admin(sdk::Host& host, std::int64_t now_ms) {
  std::vector<std::string> out;
  for (const auto& r : host.query("SELECT DISTINCT address FROM eligibility_admin_overrides WHERE active AND action = 'add' "
                                  "AND (expires_at IS NULL OR expires_at > " + at(1) + ") ORDER BY address",
                                  nlohmann::json::array({ts(now_ms)}))) {
    out.push_back(r["address"].get<std::string>());
  }
  return out;
}

nlohmann::json changes_json(const std::vector<sietch::RankChange>& changes, const std::set<std::string>& burners) {
  auto out = nlohmann::json::array();
  for (const auto& c : changes) {
    nlohmann::json j = {{"address", c.address}, {"previousRank", c.previous_rank}, {"rank", c.rank}, {"wei", c.wei}};
    if (c.rank == 0 || !sietch::is_eligible_rank(c.rank)) j["reason"] = burners.count(c.address) ? "redemption" : "rank_change";
    out.push_back(std::move(j));
  }
  return out;
}

void record_failure(sdk::Host& host, std::int64_t now_ms, const std::string& why) {
  const auto rows = host.query(
      "UPDATE eligibility_health_status SET last_query_attempt = " + at(1) + ", "
      "consecutive_failures = consecutive_failures + 1, "
      "in_grace_period = (last_successful_query IS NULL OR last_successful_query <= " + at(1) + " - interval '24 hours') "
      "WHERE id = 1 RETURNING consecutive_failures, in_grace_period",
      nlohmann::json::array({ts(now_ms)}));
  const bool grace = !rows.empty() && rows[0]["in_grace_period"].get<bool>();
  const long long failures = rows.empty() ? 0 : rows[0]["consecutive_failures"].get<long long>();
  host.warn("eligibility sync failed (" + std::to_string(failures) + " in a row" +
            (grace ? ", no success for 24 hours: grace period" : "") + "); the last ranking stays: " + why);
  host.count("eligibility_sync_failures_total");
}

}  // namespace

std::vector<sietch::RankedWallet> ranking_from_json(const nlohmann::json& data) {
  std::vector<sietch::RankedWallet> out;
  if (!data.is_object() || !data.contains("ranking") || !data["ranking"].is_array()) return out;
  for (const auto& r : data["ranking"]) {
    out.push_back({r.value("address", ""), r.value("rank", 0), r.value("wei", "0")});
  }
  return out;
}

nlohmann::json ranking_to_json(const std::vector<sietch::RankedWallet>& ranking) {
  auto out = nlohmann::json::array();
  for (const auto& w : ranking) out.push_back({{"address", w.address}, {"rank", w.rank}, {"wei", w.wei}});
  return out;
}

SyncConfig read_config(sdk::Host& host) {
  SyncConfig config;
  config.token = sietch::lower(host.config("bgt_address").value_or(sietch::kBgtAddress));
  if (!sietch::is_address(config.token)) throw ConfigFailure("bgt_address is not an address: " + config.token);
  auto number = [&](const char* key) -> std::optional<std::uint64_t> {
    const auto v = host.config(key);
    if (!v || v->empty()) return std::nullopt;
    if (v->size() > 19 || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw ConfigFailure(std::string(key) + " is not a whole number: " + *v);
    }
    return std::stoull(*v);
  };
  if (const auto start = number("start_block")) config.start_block = *start;
  if (const auto limit = number("rank_limit")) {
    if (*limit < static_cast<std::uint64_t>(sietch::kLastEligibleRank) || *limit > 1000) {
      throw ConfigFailure("rank_limit must be between 69 and 1000: " + std::to_string(*limit));
    }
    config.rank_limit = static_cast<int>(*limit);
  }
  return config;
}

void run_sync(sdk::Host& host, const sdk::Event& event) {
  SyncConfig config;
  try {
    config = read_config(host);
  } catch (const ConfigFailure& e) {
    throw sdk::BadInputError(std::string("eligibility-sync configuration: ") + e.what());
  }
  const std::int64_t now_ms = host.now_ms();
  const auto latest = host.query("SELECT id, data FROM eligibility_snapshots ORDER BY id DESC LIMIT 1");
  if (!latest.empty() && event.fence() > 0 && latest[0]["data"].value("fence", std::int64_t{0}) >= event.fence()) {
    host.info("eligibility sync: this firing or a newer one already synced; nothing to do");
    return;
  }

  Fetched fetched;
  try {
    sdk::Host::Transaction fetch_only(host);  // a failed fetch leaves no half-stored logs
    fetched = fetch(host, config, now_ms);
    fetch_only.commit();
  } catch (const ChainFailure& e) {
    record_failure(host, now_ms, e.what());
    return;
  }

  const auto ranking = sietch::rank_wallets(fetched.holdings, added_by_admin(host, now_ms), config.rank_limit);
  const auto previous = latest.empty() ? std::vector<sietch::RankedWallet>{} : ranking_from_json(latest[0]["data"]);
  const auto diff = sietch::diff_rankings(previous, ranking);
  const nlohmann::json data = {
      {"block", fetched.head},
      {"fence", event.fence()},
      {"syncedAtMs", now_ms},
      {"rankLimit", config.rank_limit},
      {"ranking", ranking_to_json(ranking)},
      {"diff",
       {{"baseline", latest.empty()},
        {"added", changes_json(diff.added, fetched.burners)},
        {"removed", changes_json(diff.removed, fetched.burners)},
        {"promoted", changes_json(diff.promoted, fetched.burners)},
        {"demoted", changes_json(diff.demoted, fetched.burners)}}}};
  const auto snapshot = host.query("INSERT INTO eligibility_snapshots (data) VALUES ($1::jsonb) RETURNING id",
                                   nlohmann::json::array({data}));

  // Step 5: the current table is replaced whole (ranks are unique, so delete before insert).
  host.exec("DELETE FROM eligibility_current WHERE true");
  host.exec("INSERT INTO eligibility_current (address, rank, bgt_held, role, updated_at) "
            "SELECT x.address, x.rank, x.wei::numeric, CASE WHEN x.rank <= 7 THEN 'naib' WHEN x.rank <= 69 "
            "  THEN 'fedaykin' ELSE 'none' END, " + at(2) + " "
            "FROM jsonb_to_recordset($1::jsonb) AS x(address text, rank integer, wei text)",
            nlohmann::json::array({data["ranking"], ts(now_ms)}));
  // Step 6: health.
  host.exec("UPDATE eligibility_health_status SET last_successful_query = " + at(1) + ", last_query_attempt = " + at(1) +
                ", consecutive_failures = 0, in_grace_period = false, last_synced_block = $2 WHERE id = 1",
            nlohmann::json::array({ts(now_ms), fetched.head}));
  host.exec("DELETE FROM eligibility_snapshots WHERE created_at < now() - interval '" +
                std::to_string(kSnapshotRetentionDays) + " days' AND id < $1",
            nlohmann::json::array({snapshot[0]["id"]}));
  host.count("eligibility_sync_runs_total");
  host.info("eligibility sync: snapshot " + snapshot[0]["id"].dump() + " at block " + std::to_string(fetched.head) +
            ", " + std::to_string(ranking.size()) + " ranked, " + std::to_string(diff.added.size()) + " added, " +
            std::to_string(diff.removed.size()) + " removed, " + std::to_string(diff.promoted.size()) +
            " promoted, " + std::to_string(diff.demoted.size()) + " demoted");
}

}  // namespace arrakis::eligibility_sync
