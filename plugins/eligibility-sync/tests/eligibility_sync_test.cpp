// eligibility-sync against the real PostgreSQL, with the chain answered exactly as JSON-RPC results
// through the recorder (a fake holder set: mints, burns, balances). The global `sync` runs as the
// jobs role (PluginBench::global_job), `apply` as the bench's community. Covered: the ranking
// (burners and zero balances dropped, ties by address, ranks to 100, overrides), the incremental
// scan, the exact consequences of a changed ranking in a community (and none when applied again),
// stale and repeated firings, failure counting and the 24-hour grace period.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using json = nlohmann::json;

namespace {

constexpr const char* kToken = "0x656b95e550c07a9ffe548bd4085c72418ceb1dba";
constexpr const char* kTransfer = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
constexpr const char* kZero = "0x0000000000000000000000000000000000000000";
constexpr std::uint64_t kHead = 8'000'000;
constexpr std::int64_t kHour = 3'600'000;
const std::string kDoor = "610000000000000001";
const std::string kCensus = "610000000000000002";

std::string hex(unsigned __int128 n, std::size_t width) {
  std::string out;
  for (; n > 0; n /= 16) out.insert(out.begin(), "0123456789abcdef"[static_cast<int>(n % 16)]);
  if (out.size() < width) out.insert(0, width - out.size(), '0');
  return out;
}
unsigned __int128 wei_of(int whole_bgt) { return static_cast<unsigned __int128>(whole_bgt) * 1'000'000'000'000'000'000ull; }
std::string topic(const std::string& address) { return "0x" + std::string(24, '0') + address.substr(2); }

// The chain: balances (balanceOf), Transfer logs (eth_getLogs), a head; `down` answers nothing
// (every endpoint failed).
struct FakeChain {
  struct Log {
    std::string from, to;
    int bgt;
    std::uint64_t block;
  };
  std::uint64_t head = kHead;
  std::map<std::string, unsigned __int128> balances;
  std::vector<Log> logs;
  bool down = false;
  std::vector<json> calls;

  // `address` holds `bgt` now, minted long ago (the first sync's 50,000-block scan sees it).
  void hold(int wallet, int bgt) {
    const auto a = wallet_address(wallet);
    if (!balances.count(a)) logs.push_back({kZero, a, bgt, head - 25'000});
    balances[a] = wei_of(bgt);
  }
  void burn(int wallet, std::uint64_t block) { logs.push_back({wallet_address(wallet), kZero, 1, block}); }

  std::optional<std::string> answer(const json& args) {
    calls.push_back(args);
    if (down) return std::nullopt;
    const std::string method = args["method"];
    if (method == "eth_blockNumber") return json("0x" + hex(head, 1)).dump();
    if (method == "eth_getLogs") {
      const auto& f = args["params"][0];
      const auto from = std::stoull(f["fromBlock"].get<std::string>(), nullptr, 16);
      const auto to = std::stoull(f["toBlock"].get<std::string>(), nullptr, 16);
      json out = json::array();
      for (std::size_t i = 0; i < logs.size(); ++i) {
        const auto& l = logs[i];
        if (l.block < from || l.block > to) continue;
        out.push_back({{"address", kToken},
                       {"topics", {kTransfer, topic(l.from), topic(l.to)}},
                       {"data", "0x" + hex(wei_of(l.bgt), 64)},
                       {"blockNumber", "0x" + hex(l.block, 1)},
                       {"transactionHash", "0x" + hex(i + 1, 64)},
                       {"logIndex", "0x0"}});
      }
      return out.dump();
    }
    if (method == "eth_call") {
      const std::string data = args["params"][0]["data"];
      const auto it = balances.find("0x" + data.substr(data.size() - 40));
      return json("0x" + hex(it == balances.end() ? 0 : it->second, 64)).dump();
    }
    return std::nullopt;
  }
  std::vector<json> calls_of(const std::string& method) const {
    std::vector<json> out;
    for (const auto& c : calls) {
      if (c["method"] == method) out.push_back(c);
    }
    return out;
  }
};

json of_kind(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}
// "type -> count" of the published events (alerts by their alert type).
std::map<std::string, int> published(const PluginRun& run) {
  std::map<std::string, int> out;
  for (const auto& e : of_kind(run, "event.publish")) {
    const std::string type = e["type"];
    ++out[type == "internal.sietch.alert" ? "alert:" + e["data"]["type"].get<std::string>() : type];
  }
  return out;
}
// Titles of the embeds posted to a channel (a story fragment has none: "(story)").
std::vector<std::string> posts_to(const PluginRun& run, const std::string& channel) {
  std::vector<std::string> out;
  for (const auto& e : of_kind(run, "guild.post_message")) {
    if (e["channel"] != channel) continue;
    const auto& embed = e["message"]["embeds"][0];
    out.push_back(embed.contains("title") ? embed["title"].get<std::string>() : "(story)");
  }
  return out;
}

class EligibilitySync : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_chain_tables();
    bench.recorder().set_clock(now_ms);
    bench.recorder().answer_reads([this](const std::string& kind, const json& args) -> std::optional<std::string> {
      if (kind != "chain.rpc") return std::nullopt;
      return chain.answer(args);
    });
  }
  void TearDown() override { clear_chain_tables(); }

  // The chain-wide tables are shared by every test: each test starts and ends with them empty
  // (and the health row as a fresh database has it, so no other test sees a stale ranking).
  void clear_chain_tables() {
    for (const char* t : {"eligibility_current", "eligibility_snapshots", "chain_claim_events", "chain_burn_events",
                          "eligibility_admin_overrides"}) {
      bench.admin_exec(std::string("DELETE FROM ") + t);
    }
    bench.admin_exec("UPDATE eligibility_health_status SET last_successful_query = NULL, last_query_attempt = NULL, "
                     "consecutive_failures = 0, in_grace_period = false, last_synced_block = NULL");
  }

  PluginRun sync(std::int64_t fence = 0) {
    bench.recorder().clear();
    auto run = bench.global_job("sync", fence);
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }
  PluginRun apply() {
    bench.recorder().clear();
    auto run = bench.job("apply");
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }
  void advance(std::int64_t ms) {
    now_ms += ms;
    bench.recorder().set_clock(now_ms);
  }

  // rank -> (wallet address, whole BGT text)
  std::map<int, std::pair<std::string, std::string>> ranking() {
    std::map<int, std::pair<std::string, std::string>> out;
    for (const auto& r : bench.admin_exec("SELECT rank, address, trunc(bgt_held / 1e18)::text, role FROM eligibility_current")) {
      out[r[0].as<int>()] = {r[1].as<std::string>(), r[2].as<std::string>()};
    }
    return out;
  }
  std::string role_at(int rank) {
    const auto r = bench.admin_exec("SELECT role FROM eligibility_current WHERE rank = $1", {std::to_string(rank)});
    return r.empty() ? "" : r[0][0].as<std::string>();
  }
  json latest_snapshot() {
    const auto r = bench.admin_exec("SELECT data::text FROM eligibility_snapshots ORDER BY id DESC LIMIT 1");
    return r.empty() ? json() : json::parse(r[0][0].as<std::string>());
  }
  long long snapshots() { return bench.admin_exec("SELECT count(*) FROM eligibility_snapshots")[0][0].as<long long>(); }
  std::string scalar(const std::string& sql, const std::vector<std::string>& params = {}) {
    const auto r = bench.admin_exec(sql, params);
    return r.empty() || r[0][0].is_null() ? "<null>" : r[0][0].as<std::string>();
  }

  PluginBench bench{"eligibility-sync"};
  FakeChain chain;
  std::int64_t now_ms = 1764000000000;
};

TEST_F(EligibilitySync, RanksTo100DroppingBurnersAndZeroBalancesWithTiesByAddress) {
  for (int n = 1; n <= 104; ++n) chain.hold(n, 1200 - 10 * n);  // #1 1190 ... #104 160
  chain.hold(150, 700);                                          // ties wallet 50
  chain.hold(300, 5000);                                         // the biggest balance, but burned
  chain.burn(300, kHead - 10'000);
  chain.hold(301, 0);  // received BGT once, holds none now
  sync();

  const auto ranks = ranking();
  ASSERT_EQ(ranks.size(), 100u) << "ranks 1-100 are stored (D2), no more";
  EXPECT_EQ(ranks.begin()->first, 1);
  EXPECT_EQ(ranks.rbegin()->first, 100);
  EXPECT_EQ(ranks.at(1), std::make_pair(wallet_address(1), std::string("1190")));
  // Equal balances: the lower address first, deterministic.
  EXPECT_EQ(ranks.at(50), std::make_pair(wallet_address(50), std::string("700")));
  EXPECT_EQ(ranks.at(51), std::make_pair(wallet_address(150), std::string("700")));
  EXPECT_EQ(ranks.at(52).first, wallet_address(51));
  EXPECT_EQ(ranks.at(100).first, wallet_address(99));
  for (const auto& [rank, w] : ranks) {
    EXPECT_NE(w.first, wallet_address(300)) << "a burner is never ranked";
    EXPECT_NE(w.first, wallet_address(301)) << "a zero balance is never ranked";
  }
  EXPECT_EQ(role_at(7), "naib");
  EXPECT_EQ(role_at(8), "fedaykin");
  EXPECT_EQ(role_at(69), "fedaykin");
  EXPECT_EQ(role_at(70), "none");

  // The scan: the last 50,000 blocks in windows of 10,000; one balanceOf per candidate that never burned.
  const auto logs = chain.calls_of("eth_getLogs");
  ASSERT_EQ(logs.size(), 5u);
  EXPECT_EQ(logs.front()["params"][0]["fromBlock"], "0x" + hex(kHead - 50'000 + 1, 1));
  EXPECT_EQ(logs.back()["params"][0]["toBlock"], "0x" + hex(kHead, 1));
  EXPECT_EQ(chain.calls_of("eth_call").size(), 106u);

  const auto snap = latest_snapshot();
  EXPECT_EQ(snap["block"], kHead);
  EXPECT_EQ(snap["ranking"].size(), 100u);
  EXPECT_EQ(snap["diff"]["baseline"], true);
  EXPECT_EQ(scalar("SELECT consecutive_failures::text || ' ' || in_grace_period::text || ' ' || last_synced_block::text "
                   "FROM eligibility_health_status"),
            "0 false " + std::to_string(kHead));
  EXPECT_EQ(scalar("SELECT (extract(epoch FROM last_successful_query) * 1000)::bigint::text FROM eligibility_health_status"),
            std::to_string(now_ms));

  // The next sync scans only the new blocks, and a burn found there drops the wallet for good.
  chain.head += 500;
  chain.burn(10, kHead + 100);
  chain.calls.clear();
  sync();
  const auto later = chain.calls_of("eth_getLogs");
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["params"][0]["fromBlock"], "0x" + hex(kHead + 1, 1));
  const auto after = ranking();
  EXPECT_EQ(after.at(10).first, wallet_address(11));
  EXPECT_EQ(after.at(100).first, wallet_address(100));
  const auto diff = latest_snapshot()["diff"];
  ASSERT_EQ(diff["removed"].size(), 1u) << diff.dump();
  EXPECT_EQ(diff["removed"][0]["address"], wallet_address(10));
  EXPECT_EQ(diff["removed"][0]["reason"], "redemption");
  ASSERT_EQ(diff["added"].size(), 1u) << diff.dump();
  EXPECT_EQ(diff["added"][0]["address"], wallet_address(69)) << "#70 moved up into the Sietch";
  EXPECT_TRUE(diff["promoted"].empty() && diff["demoted"].empty()) << diff.dump();
}

TEST_F(EligibilitySync, AdminOverridesRemoveAWalletAndAddOneAtZero) {
  for (int n = 1; n <= 60; ++n) chain.hold(n, 1000 - n);
  bench.admin_exec("INSERT INTO eligibility_admin_overrides (address, action, reason, created_by) VALUES "
                   "($1, 'remove', 'test', 'admin'), ($2, 'add', 'test', 'admin'), "
                   "($3, 'add', 'expired', 'admin')",
                   {wallet_address(2), wallet_address(400), wallet_address(401)});
  bench.admin_exec("UPDATE eligibility_admin_overrides SET expires_at = to_timestamp(1700000000) WHERE address = $1",
                   {wallet_address(401)});
  sync();
  const auto ranks = ranking();
  ASSERT_EQ(ranks.size(), 60u);
  EXPECT_EQ(ranks.at(2).first, wallet_address(3)) << "the removed wallet is skipped";
  EXPECT_EQ(ranks.at(59).first, wallet_address(60));
  EXPECT_EQ(ranks.at(60), std::make_pair(wallet_address(400), std::string("0"))) << "an added wallet ranks last with 0";
}

// A small community on a controlled ranking: wallets 1-80 hold 2000 - 12n BGT (#70-74 usul,
// #75-80 sayyadina). Members: 5 (Naib seat), 8, 65, 66, 75, 90 (no BGT), and a waitlist
// registration of a non-member for wallet 76.
class EligibilitySyncCommunity : public EligibilitySync {
 protected:
  void SetUp() override {
    EligibilitySync::SetUp();
    for (int n = 1; n <= 80; ++n) chain.hold(n, 2000 - 12 * n);
    bench.admin_exec("INSERT INTO community_config (community_id, the_door_channel_id, census_channel_id) "
                     "VALUES ($1::uuid, $2, $3) ON CONFLICT (community_id) DO UPDATE "
                     "SET the_door_channel_id = EXCLUDED.the_door_channel_id, census_channel_id = EXCLUDED.census_channel_id",
                     {bench.community_id(), kDoor, kCensus});
    const std::map<int, std::string> tiers = {{5, "naib"}, {8, "fedaykin"}, {65, "fedaykin"},
                                              {66, "fedaykin"}, {75, "sayyadina"}, {90, "hajra"}};
    for (const auto& [n, tier] : tiers) {
      profile[n] = add_member(bench, {user(n), "Member-" + std::to_string(n), n});
      bench.admin_exec("UPDATE profiles SET tier = $2 WHERE id = $1::uuid", {profile[n], tier});
    }
    add_seat(bench, 1, profile[5], "2025-06-01T00:00:00Z");
    bench.admin_exec("INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, "
                     "position_at_registration, bgt_at_registration) VALUES ($1::uuid, $2, $3, 76, 0)",
                     {bench.community_id(), kWaitlister, wallet_address(76)});
  }
  static std::string user(int n) { return "7100000000000000" + std::to_string(100 + n); }
  const std::string kWaitlister = "7200000000000000001";
  std::map<int, std::string> profile;
};

TEST_F(EligibilitySyncCommunity, FirstRankingIsABaselineThenASecondSyncAppliesExactlyItsChanges) {
  sync();
  auto first = apply();
  // The first ranking ever announces no joins or departures; the tiers were right already.
  EXPECT_EQ(published(first), (std::map<std::string, int>{{"alert:at_risk_warning", 2}})) << first.effects.dump(1);
  EXPECT_TRUE(posts_to(first, kDoor).empty());
  EXPECT_EQ(posts_to(first, kCensus), std::vector<std::string>{"📜 BGT Census"});
  EXPECT_TRUE(of_kind(first, "guild.send_dm").empty());
  const auto census = of_kind(first, "guild.post_message")[0]["message"]["embeds"][0];
  EXPECT_EQ(census["footer"]["text"], "Total Eligible: 69/69");
  EXPECT_NE(census["fields"][0]["value"].get<std::string>().find("Member-5"), std::string::npos) << census.dump();

  // The chain moves: 5 <-> 76 (a Naib falls out, the waitlisted wallet rises to #5), 7 <-> 8,
  // 50 <-> 65, and wallet 75 reaches usul without changing rank.
  chain.hold(5, 2000 - 12 * 76);
  chain.hold(76, 2000 - 12 * 5);
  chain.hold(7, 2000 - 12 * 8);
  chain.hold(8, 2000 - 12 * 7);
  chain.hold(50, 2000 - 12 * 65);
  chain.hold(65, 2000 - 12 * 50);
  chain.hold(75, 1111);
  sync();
  const auto diff = latest_snapshot()["diff"];
  EXPECT_EQ(diff["removed"].size(), 1u);
  EXPECT_EQ(diff["promoted"].size(), 2u);
  EXPECT_EQ(diff["demoted"].size(), 1u);
  EXPECT_EQ(diff["added"].size(), 0u);

  auto second = apply();
  EXPECT_EQ(published(second), (std::map<std::string, int>{{"alert:tier_promotion", 2},
                                                            {"alert:badge_award", 1},
                                                            {"alert:waitlist_eligible", 1},
                                                            {"alert:position_update", 1},
                                                            {"alert:at_risk_warning", 1},
                                                            {"internal.sietch.roles.resync", 3}}))
      << second.effects.dump(1);
  std::map<std::string, json> alert_for;  // "<type>:<discordId>" -> data
  std::set<std::string> resynced;
  for (const auto& e : of_kind(second, "event.publish")) {
    if (e["type"] == "internal.sietch.alert") {
      alert_for[e["data"]["type"].get<std::string>() + ":" + e["data"]["discordId"].get<std::string>()] = e["data"];
    } else {
      resynced.insert(e["data"]["profileId"].get<std::string>());
      EXPECT_EQ(e["data"]["reason"], "eligibility_sync");
    }
  }
  EXPECT_EQ(alert_for["tier_promotion:" + user(8)]["data"]["newTier"], "naib");
  EXPECT_EQ(alert_for["tier_promotion:" + user(75)]["data"]["newTier"], "usul");
  EXPECT_EQ(alert_for["tier_promotion:" + user(75)]["data"]["bgt"], "1111000000000000000000");
  EXPECT_EQ(alert_for["badge_award:" + user(75)]["data"]["badgeId"], "usul-ascended");
  EXPECT_EQ(alert_for["waitlist_eligible:" + kWaitlister]["data"]["position"], 5);
  EXPECT_EQ(alert_for["waitlist_eligible:" + kWaitlister]["profileId"], "");
  EXPECT_EQ(alert_for["position_update:" + user(65)]["data"]["position"], 50);
  EXPECT_EQ(alert_for["position_update:" + user(65)]["data"]["previousPosition"], 65);
  EXPECT_EQ(alert_for["at_risk_warning:" + user(66)]["data"]["positionsAtRisk"], 4);
  EXPECT_EQ(resynced, (std::set<std::string>{profile[5], profile[8], profile[75]}));

  // The DMs and posts of the table, and nothing else.
  std::map<std::string, std::string> dms;
  for (const auto& e : of_kind(second, "guild.send_dm")) {
    dms[e["user"].get<std::string>()] = e["message"]["embeds"][0]["title"].get<std::string>();
  }
  EXPECT_EQ(dms, (std::map<std::string, std::string>{{user(5), "Sietch Access Update"},
                                                      {user(8), "Welcome to the Naib Council!"}}));
  EXPECT_EQ(posts_to(second, kDoor), (std::vector<std::string>{"(story)", "🚪 Departure", "⚖️ Naib Council Change",
                                                              "👑 New Naib Council Member", "👑 New Naib Council Member"}));
  EXPECT_EQ(posts_to(second, kCensus), std::vector<std::string>{"📜 BGT Census"});
  const auto posts = of_kind(second, "guild.post_message");
  EXPECT_NE(posts[1]["message"]["embeds"][0]["description"].get<std::string>().find("**Member-5**"), std::string::npos);
  // A wallet that is no member here is named by its shortened address, never in full.
  const std::string change = posts[2]["message"]["embeds"][0]["description"];
  EXPECT_NE(change.find("0x0000...0007"), std::string::npos) << change;
  EXPECT_EQ(change.find(wallet_address(7)), std::string::npos);
  EXPECT_EQ(of_kind(second, "guild.add_role").size() + of_kind(second, "guild.remove_role").size(), 0u)
      << "roles change through the re-sync requests only";

  // The database: the seat, the tiers and their history, the badge, the waitlist, the threshold.
  EXPECT_EQ(scalar("SELECT unseat_reason || ' ' || trunc(bgt_at_unseating / 1e18)::text FROM naib_seats WHERE profile_id = $1::uuid",
                   {profile[5]}),
            "ineligible 1088");
  EXPECT_EQ(scalar("SELECT string_agg(tier, ',' ORDER BY nym) FROM profiles WHERE community_id = $1::uuid", {bench.community_id()}),
            "sayyadina,fedaykin,fedaykin,usul,naib,hajra");  // by nym: Member-5 fell to its BGT tier
  EXPECT_EQ(scalar("SELECT string_agg(old_tier || '>' || new_tier, ',' ORDER BY new_tier) FROM tier_history "
                   "WHERE community_id = $1::uuid", {bench.community_id()}),
            "fedaykin>naib,naib>sayyadina,sayyadina>usul");
  EXPECT_EQ(scalar("SELECT count(*)::text FROM member_badges WHERE profile_id = $1::uuid AND badge_id = 'usul-ascended' "
                   "AND NOT revoked", {profile[75]}),
            "1");
  EXPECT_EQ(scalar("SELECT notified::text FROM waitlist_registrations WHERE discord_user_id = $1", {kWaitlister}), "true");
  EXPECT_EQ(scalar("SELECT string_agg(current_rank::text, ',' ORDER BY nym) FROM profiles WHERE community_id = $1::uuid",
                   {bench.community_id()}),
            "76,50,66,75,7");  // by nym; Member-90 has no rank (NULL is skipped)
  EXPECT_EQ(scalar("SELECT count(*)::text FROM threshold_snapshots WHERE community_id = $1::uuid", {bench.community_id()}), "2");
  EXPECT_EQ(scalar("SELECT trunc(entry_threshold_bgt / 1e18)::text || ' ' || eligible_count || ' ' || waitlist_count || ' ' || "
                   "trunc(gap_to_entry / 1e18)::text FROM threshold_snapshots WHERE community_id = $1::uuid "
                   "ORDER BY id DESC LIMIT 1", {bench.community_id()}),
            "1172 69 11 12");
  EXPECT_EQ(scalar("SELECT story.usage_count::text FROM story_fragments story WHERE community_id = $1::uuid "
                   "AND category = 'naib_join' ORDER BY usage_count DESC LIMIT 1", {bench.community_id()}),
            "1");

  // Applying again (the item redelivered, the next firing before a new sync): nothing at all.
  auto again = apply();
  EXPECT_TRUE(of_kind(again, "event.publish").empty()) << again.effects.dump(1);
  EXPECT_TRUE(of_kind(again, "guild.post_message").empty());
  EXPECT_TRUE(of_kind(again, "guild.send_dm").empty());
  EXPECT_TRUE(of_kind(again, "sql.exec").empty()) << "nothing is written either";
}

TEST_F(EligibilitySyncCommunity, ACommunityThatMissedSyncsAppliesOnlyTheNewestAgainstWhatItSaw) {
  sync();
  apply();
  chain.hold(7, 2000 - 12 * 8);
  chain.hold(8, 2000 - 12 * 7);
  sync();
  chain.hold(7, 2000 - 12 * 7);  // and back: the community never saw the swap
  chain.hold(8, 2000 - 12 * 8);
  sync();
  auto run = apply();
  EXPECT_EQ(published(run), (std::map<std::string, int>{{"alert:at_risk_warning", 2}})) << run.effects.dump(1);
  EXPECT_EQ(posts_to(run, kDoor), std::vector<std::string>{});
  EXPECT_EQ(scalar("SELECT count(*)::text FROM tier_history WHERE community_id = $1::uuid", {bench.community_id()}), "0");
}

TEST_F(EligibilitySync, ARepeatedOrStaleFiringChangesNothing) {
  for (int n = 1; n <= 10; ++n) chain.hold(n, 100 + n);
  sync(7);
  chain.hold(1, 5000);
  sync(7);  // the same firing again
  sync(6);  // an older firing arriving late
  EXPECT_EQ(snapshots(), 1);
  EXPECT_EQ(ranking().at(1).first, wallet_address(10)) << "the ranking of firing 7 stays";
  sync(8);
  EXPECT_EQ(snapshots(), 2);
  EXPECT_EQ(ranking().at(1).first, wallet_address(1));
}

TEST_F(EligibilitySync, FailuresAreCountedAndTheGracePeriodStartsAfter24HoursWithoutSuccess) {
  for (int n = 1; n <= 10; ++n) chain.hold(n, 100 + n);
  sync();
  const auto health = [this] {
    return scalar("SELECT consecutive_failures::text || ' ' || in_grace_period::text FROM eligibility_health_status");
  };
  ASSERT_EQ(health(), "0 false");

  chain.down = true;
  advance(6 * kHour);
  auto failed = sync();
  EXPECT_EQ(failed.status, ARRAKIS_OK) << "a failed fetch is recorded, not retried at once";
  EXPECT_EQ(health(), "1 false");
  EXPECT_EQ(ranking().size(), 10u) << "the last ranking stays";
  EXPECT_EQ(snapshots(), 1);
  EXPECT_EQ(scalar("SELECT count(*)::text FROM chain_claim_events"), "10");

  advance(12 * kHour);
  sync();
  EXPECT_EQ(health(), "2 false");
  advance(6 * kHour);  // 24 hours since the last success
  sync();
  EXPECT_EQ(health(), "3 true");

  chain.down = false;
  advance(6 * kHour);
  sync();
  EXPECT_EQ(health(), "0 false");
  EXPECT_EQ(snapshots(), 2);
}

}  // namespace
