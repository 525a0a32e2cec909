// The per-community consequences of a new ranking (schedule `apply`, one item per community, the
// community's SQL under row-level security). Domain 2.5 steps 6-12; docs/events/eligibility-sync.md.
//
// The global sync cannot publish events or reach a guild, so each community catches up on its
// own: the item compares the newest snapshot with the one this community applied last
// (eligibility_sync_progress; a community that never applied one starts from the snapshot before
// the newest, and the very first snapshot is a baseline with no joins or departures to announce).
// Nothing new: nothing to do. The progress row is written in the same transaction as everything
// else, so a snapshot is applied once per community, however often the item runs.
//
// Order: every database change and every internal event first (they commit together), the
// Discord posts and DMs last. A post or DM Discord refuses is logged and counted, never retried:
// retrying the item would repeat the ones already sent.
#include <arrakis/sietch/alerts.hpp>
#include <arrakis/sietch/bgt.hpp>

#include <map>
#include <set>

#include "eligibility_sync.hpp"

namespace arrakis::eligibility_sync {

namespace {

constexpr const char* kAlertEvent = "internal.sietch.alert";
constexpr const char* kResyncEvent = "internal.sietch.roles.resync";
constexpr const char* kResyncReason = "eligibility_sync";
constexpr int kFirstAtRiskRank = 63;
constexpr std::size_t kUsulTier = 6;

struct Member {
  std::string id;
  std::string discord_id;
  std::string nym;
  std::string tier;
  bool onboarded = false;
  std::string wallet;  // "" when none is linked
};

struct Ranked {
  int rank = 0;
  std::string wei = "0";
};

// A Discord message to send once the transaction's work is done.
struct Outgoing {
  bool dm = false;
  std::string target;  // user or channel id
  sdk::Message message;
  std::string what;  // for the log
};

class Apply {
 public:
  Apply(sdk::Host& host, std::vector<sietch::RankedWallet> previous, std::vector<sietch::RankedWallet> current,
        bool baseline)
      : host_(host), previous_(std::move(previous)), current_(std::move(current)), baseline_(baseline) {
    for (const auto& w : previous_) before_[w.address] = {w.rank, w.wei};
    for (const auto& w : current_) after_[w.address] = {w.rank, w.wei};
  }

  void run(long long snapshot_id) {
    read_config();
    read_members();
    unseat_ineligible();
    update_tiers_and_ranks();
    threshold_snapshot();
    waitlist_alerts();
    position_alerts();
    if (!baseline_) announce_diff();
    census();
    for (const auto& profile : resync_) {
      host_.publish(kResyncEvent, {{"discordId", by_id_.at(profile)->discord_id}, {"profileId", profile},
                                   {"reason", kResyncReason}});
    }
    summary_["snapshotId"] = snapshot_id;
    host_.exec("INSERT INTO audit_log (community_id, event_type, event_data) VALUES (app.current_community_id(), "
               "'eligibility_update', $1::jsonb)",
               nlohmann::json::array({summary_}));
    host_.exec("INSERT INTO eligibility_sync_progress (community_id, snapshot_id) VALUES (app.current_community_id(), $1) "
               "ON CONFLICT (community_id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id, applied_at = now()",
               nlohmann::json::array({snapshot_id}));
    send_all();
  }

 private:
  Ranked rank_now(const std::string& wallet) const {
    const auto it = after_.find(wallet);
    return it == after_.end() ? Ranked{} : it->second;
  }
  Ranked rank_before(const std::string& wallet) const {
    const auto it = before_.find(wallet);
    return it == before_.end() ? Ranked{} : it->second;
  }
  const Member* member_by_wallet(const std::string& wallet) const {
    const auto it = by_wallet_.find(wallet);
    return it == by_wallet_.end() ? nullptr : it->second;
  }
  // The name a public post uses: an onboarded member's nym, else the shortened address.
  std::string who(const std::string& wallet) const {
    const auto* m = member_by_wallet(wallet);
    if (m && m->onboarded && !m->nym.empty()) return m->nym;
    return sietch::short_address(wallet);
  }

  void read_config() {
    const auto rows = host_.query("SELECT the_door_channel_id, census_channel_id FROM community_config");
    if (rows.empty()) return;
    if (rows[0]["the_door_channel_id"].is_string()) door_ = rows[0]["the_door_channel_id"].get<std::string>();
    if (rows[0]["census_channel_id"].is_string()) census_ = rows[0]["census_channel_id"].get<std::string>();
  }

  void read_members() {
    const auto rows = host_.query(
        "SELECT p.id::text AS id, p.discord_id, coalesce(p.nym, '') AS nym, p.tier, p.onboarding_complete, "
        "  coalesce(w.wallet_address, '') AS wallet "
        "FROM profiles p LEFT JOIN member_wallets w ON w.profile_id = p.id WHERE p.departed_at IS NULL ORDER BY p.id");
    members_.reserve(rows.size());
    for (const auto& r : rows) {
      members_.push_back({r["id"].get<std::string>(), r["discord_id"].get<std::string>(), r["nym"].get<std::string>(),
                          r["tier"].get<std::string>(), r["onboarding_complete"].get<bool>(), r["wallet"].get<std::string>()});
    }
    for (const auto& m : members_) {
      by_id_[m.id] = &m;
      if (!m.wallet.empty()) by_wallet_[m.wallet] = &m;
    }
  }

  void alert(const Member& m, const std::string& type, nlohmann::json data) {
    host_.publish(kAlertEvent, {{"discordId", m.discord_id}, {"profileId", m.id}, {"type", type}, {"data", std::move(data)}});
    summary_["alerts"][type] = summary_["alerts"].value(type, 0) + 1;
  }
  // BGT in alert data is wei as decimal text: alert-delivery formats it (docs/events/alert-delivery.md).
  static nlohmann::json bgt_fields(const std::string& wei) { return {{"bgt", wei}}; }
  void queue_dm(const Member& m, sdk::Message message, const std::string& what) {
    outgoing_.push_back({true, m.discord_id, std::move(message), what});
  }
  void queue_post(const std::string& channel, sdk::Message message, const std::string& what) {
    if (channel.empty()) return;  // the channel is not configured: nothing to post
    outgoing_.push_back({false, channel, std::move(message), what});
  }

  // Step 7: a seat holder whose wallet is no longer ranked 1-69 loses the seat.
  void unseat_ineligible() {
    const auto seats = host_.query("SELECT s.id, s.profile_id::text AS profile_id FROM naib_seats s "
                                   "WHERE s.unseated_at IS NULL ORDER BY s.seat_number");
    int unseated = 0;
    for (const auto& s : seats) {
      const auto profile = s["profile_id"].get<std::string>();
      const auto it = by_id_.find(profile);
      const std::string wallet = it == by_id_.end() ? "" : it->second->wallet;
      const Ranked now = wallet.empty() ? Ranked{} : rank_now(wallet);
      if (sietch::is_eligible_rank(now.rank) && sietch::compare_wei(now.wei, "0") > 0) continue;
      host_.exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = 'ineligible', bgt_at_unseating = $2::numeric "
                 "WHERE id = $1 AND unseated_at IS NULL",
                 nlohmann::json::array({s["id"], now.wei}));
      ++unseated;
      if (it != by_id_.end()) resync_.insert(profile);
    }
    summary_["unseated"] = unseated;
  }

  // Step 8: tiers (with tier_history), promotion alerts, usul-ascended, story fragments; and every
  // present member's current_rank.
  void update_tiers_and_ranks() {
    auto ranks = nlohmann::json::array();
    int changed = 0;
    for (const auto& m : members_) {
      const Ranked now = m.wallet.empty() ? Ranked{} : rank_now(m.wallet);
      ranks.push_back({{"id", m.id}, {"rank", now.rank > 0 ? nlohmann::json(now.rank) : nlohmann::json(nullptr)}});
      if (!m.onboarded) continue;
      const std::size_t old_index = sietch::tier_by_name(m.tier).value_or(0);
      const std::size_t new_index = sietch::tier_index_wei(now.rank, now.wei);
      if (old_index == new_index) continue;
      const std::string new_tier(sietch::kTiers[new_index].name);
      host_.exec("UPDATE profiles SET tier = $2, tier_updated_at = now() WHERE id = $1::uuid",
                 nlohmann::json::array({m.id, new_tier}));
      host_.exec("INSERT INTO tier_history (community_id, profile_id, old_tier, new_tier, bgt_at_change, rank_at_change) "
                 "VALUES (app.current_community_id(), $1::uuid, $2, $3, $4::numeric, $5)",
                 nlohmann::json::array({m.id, m.tier, new_tier, now.wei,
                                        now.rank > 0 ? nlohmann::json(now.rank) : nlohmann::json(nullptr)}));
      ++changed;
      resync_.insert(m.id);
      if (new_index < old_index) continue;  // a demotion: the roles follow, nobody is told
      nlohmann::json data = {{"oldTier", m.tier}, {"newTier", new_tier}, {"rank", now.rank}};
      data.update(bgt_fields(now.wei));
      alert(m, "tier_promotion", std::move(data));
      promoted_.insert(m.id);
      if (new_index == kUsulTier) award_usul_ascended(m);
      if (new_index == sietch::kFedaykinTier || new_index == sietch::kNaibTier) {
        story_fragment(new_index == sietch::kNaibTier);
      }
    }
    host_.exec("UPDATE profiles p SET current_rank = x.rank FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, rank integer) "
               "WHERE p.id = x.id AND p.current_rank IS DISTINCT FROM x.rank",
               nlohmann::json::array({ranks}));
    summary_["tierChanges"] = changed;
  }

  void award_usul_ascended(const Member& m) {
    const auto r = host_.query("SELECT app.award_badge($1::uuid, 'usul-ascended', 'automatic', NULL, 'reached usul') AS outcome",
                               nlohmann::json::array({m.id}));
    if (r.empty() || r[0]["outcome"] == "held") return;
    alert(m, "badge_award", {{"badgeId", "usul-ascended"}, {"badgeName", "Usul Ascended"}, {"emoji", "🏜️"}});
  }

  void story_fragment(bool naib) {
    const auto r = host_.query(
        "UPDATE story_fragments SET usage_count = usage_count + 1, last_used_at = now() WHERE id = ("
        "  SELECT id FROM story_fragments WHERE category = $1 "
        "  ORDER BY usage_count, last_used_at NULLS FIRST, id LIMIT 1) RETURNING text",
        nlohmann::json::array({naib ? "naib_join" : "fedaykin_join"}));
    if (r.empty()) return;
    queue_post(door_, story_post(r[0]["text"].get<std::string>(), naib), "story fragment");
  }

  // Step 9.
  void threshold_snapshot() {
    std::string entry = "0", top, bottom;
    int eligible = 0, waiting = 0;
    std::string at69, at70;
    for (const auto& w : current_) {
      if (sietch::is_eligible_rank(w.rank)) ++eligible;
      if (sietch::is_waitlist_rank(w.rank)) {
        ++waiting;
        if (top.empty()) top = w.wei;
        bottom = w.wei;
      }
      if (w.rank == sietch::kLastEligibleRank) at69 = w.wei;
      if (w.rank == sietch::kFirstWaitlistRank) at70 = w.wei;
    }
    if (!at69.empty()) entry = at69;
    const bool gap = !at69.empty() && !at70.empty();
    host_.exec("INSERT INTO threshold_snapshots (community_id, entry_threshold_bgt, eligible_count, waitlist_count, "
               "  waitlist_top_bgt, waitlist_bottom_bgt, gap_to_entry) "
               "VALUES (app.current_community_id(), $1::numeric, $2, $3, $4::numeric, $5::numeric, "
               "  CASE WHEN $6::boolean THEN $1::numeric - $4::numeric END)",
               nlohmann::json::array({entry, eligible, waiting, top.empty() ? nlohmann::json(nullptr) : nlohmann::json(top),
                                      bottom.empty() ? nlohmann::json(nullptr) : nlohmann::json(bottom), gap}));
    eligible_ = eligible;
    waiting_ = waiting;
    entry_wei_ = at69;
  }

  // Step 10: a waitlist registration whose wallet now ranks 1-69 is told once.
  void waitlist_alerts() {
    const auto rows = host_.query("SELECT id, discord_user_id, wallet_address FROM waitlist_registrations "
                                  "WHERE active AND NOT notified ORDER BY id");
    for (const auto& r : rows) {
      const Ranked now = rank_now(r["wallet_address"].get<std::string>());
      if (!sietch::is_eligible_rank(now.rank)) continue;
      const auto user = r["discord_user_id"].get<std::string>();
      std::string profile;
      for (const auto& m : members_) {
        if (m.discord_id == user) profile = m.id;
      }
      nlohmann::json data = {{"position", now.rank}};
      data.update(bgt_fields(now.wei));
      host_.publish(kAlertEvent, {{"discordId", user}, {"profileId", profile}, {"type", "waitlist_eligible"}, {"data", data}});
      summary_["alerts"]["waitlist_eligible"] = summary_["alerts"].value("waitlist_eligible", 0) + 1;
      host_.exec("UPDATE waitlist_registrations SET notified = true, notified_at = now() WHERE id = $1",
                 nlohmann::json::array({r["id"]}));
    }
  }

  // Step 11: onboarded members at ranks 63-69 are warned; other eligible members whose rank moved
  // hear where they are now. One of these per member and sync, none for a member just promoted
  // (the promotion says more), none outside ranks 1-69 (the waitlist has its own alert).
  void position_alerts() {
    for (const auto& m : members_) {
      if (!m.onboarded || m.wallet.empty() || promoted_.count(m.id)) continue;
      const Ranked now = rank_now(m.wallet);
      if (!sietch::is_eligible_rank(now.rank)) continue;
      if (now.rank >= kFirstAtRiskRank && now.rank <= sietch::kLastEligibleRank) {
        nlohmann::json data = {{"position", now.rank}, {"positionsAtRisk", sietch::kLastEligibleRank - now.rank + 1}};
        data.update(bgt_fields(now.wei));
        alert(m, "at_risk_warning", std::move(data));
        continue;
      }
      if (baseline_) continue;
      const Ranked was = rank_before(m.wallet);
      if (was.rank == now.rank) continue;
      nlohmann::json data = {{"position", now.rank},
                             {"previousPosition", was.rank > 0 ? nlohmann::json(was.rank) : nlohmann::json(nullptr)}};
      data.update(bgt_fields(now.wei));
      alert(m, "position_update", std::move(data));
    }
  }

  // Step 12: the DMs and #the-door posts of the diff.
  void announce_diff() {
    const auto diff = sietch::diff_rankings(previous_, current_);
    std::set<std::string> redeemed;
    if (!diff.removed.empty()) {
      auto addresses = nlohmann::json::array();
      for (const auto& c : diff.removed) addresses.push_back(c.address);
      for (const auto& r : host_.query("SELECT DISTINCT address FROM chain_burn_events WHERE address = ANY "
                                       "(SELECT jsonb_array_elements_text($1::jsonb))",
                                       nlohmann::json::array({addresses}))) {
        redeemed.insert(r["address"].get<std::string>());
      }
    }
    auto member_of = [&](const std::string& wallet) -> const Member* {
      const auto* m = member_by_wallet(wallet);
      return m && m->onboarded ? m : nullptr;
    };
    for (const auto& c : diff.removed) {
      const bool burned = redeemed.count(c.address) > 0;
      if (const auto* m = member_of(c.address)) {
        queue_dm(*m, access_lost_dm(c, burned), "access lost DM");
        resync_.insert(m->id);
      }
      queue_post(door_, departure_post(who(c.address), c, burned), "departure");
    }
    for (const auto& c : diff.demoted) {
      if (const auto* m = member_of(c.address)) {
        queue_dm(*m, naib_demoted_dm(c), "Naib demotion DM");
        resync_.insert(m->id);
      }
      queue_post(door_, naib_change_post(who(c.address), c), "Naib council change");
    }
    for (const auto& c : diff.promoted) {
      if (const auto* m = member_of(c.address)) {
        queue_dm(*m, naib_promoted_dm(c), "Naib promotion DM");
        resync_.insert(m->id);
      }
      queue_post(door_, new_naib_post(who(c.address), c), "new Naib");
    }
    for (const auto& c : diff.added) {
      if (const auto* m = member_of(c.address)) resync_.insert(m->id);
      queue_post(door_, new_eligible_post(who(c.address), c), "new eligible member");
    }
    summary_["added"] = diff.added.size();
    summary_["removed"] = diff.removed.size();
    summary_["promoted"] = diff.promoted.size();
    summary_["demoted"] = diff.demoted.size();
  }

  void census() {
    std::vector<CensusLine> council;
    for (const auto& w : current_) {
      if (w.rank <= sietch::kNaibSeats) council.push_back({w.rank, who(w.address), w.wei});
    }
    queue_post(census_, census_post(council, eligible_, waiting_, entry_wei_), "census");
  }

  void send_all() {
    int failed = 0;
    for (const auto& o : outgoing_) {
      try {
        if (o.dm) {
          host_.send_dm(o.target, o.message);
        } else {
          host_.post_message(o.target, o.message);
        }
      } catch (const sdk::Error& e) {
        ++failed;
        host_.warn("eligibility sync: " + o.what + " not sent to " + (o.dm ? "user " : "channel ") + o.target + ": " + e.what());
      }
    }
    if (failed > 0) host_.count("eligibility_sync_messages_failed_total", failed);
    host_.info("eligibility sync applied: " + summary_.dump() + ", " + std::to_string(outgoing_.size() - failed) +
               " Discord message(s) sent");
  }

  sdk::Host& host_;
  std::vector<sietch::RankedWallet> previous_, current_;
  bool baseline_;
  std::map<std::string, Ranked> before_, after_;
  std::vector<Member> members_;
  std::map<std::string, const Member*> by_id_, by_wallet_;
  std::string door_, census_;
  std::set<std::string> resync_;    // profile ids whose roles may have changed
  std::set<std::string> promoted_;  // profile ids told of a tier promotion in this run
  std::vector<Outgoing> outgoing_;
  int eligible_ = 0, waiting_ = 0;
  std::string entry_wei_;
  nlohmann::json summary_ = {{"alerts", nlohmann::json::object()}};
};

}  // namespace

void run_apply(sdk::Host& host, const sdk::Event&) {
  const auto latest = host.query("SELECT id, data FROM eligibility_snapshots ORDER BY id DESC LIMIT 1");
  if (latest.empty()) return;  // no ranking yet
  const long long latest_id = latest[0]["id"].get<long long>();
  const auto progress = host.query("SELECT snapshot_id FROM eligibility_sync_progress");
  const long long applied = progress.empty() ? 0 : progress[0]["snapshot_id"].get<long long>();
  if (applied >= latest_id) return;  // nothing new

  // What this community saw last; a newcomer (or one whose snapshot was pruned) starts from the
  // snapshot before the newest.
  nlohmann::json previous;
  if (applied > 0) {
    previous = host.query("SELECT data FROM eligibility_snapshots WHERE id = $1", nlohmann::json::array({applied}));
  }
  if (!previous.is_array() || previous.empty()) {
    previous = host.query("SELECT data FROM eligibility_snapshots WHERE id < $1 ORDER BY id DESC LIMIT 1",
                          nlohmann::json::array({latest_id}));
  }
  const bool baseline = previous.empty();
  Apply apply(host, baseline ? std::vector<sietch::RankedWallet>{} : ranking_from_json(previous[0]["data"]),
              ranking_from_json(latest[0]["data"]), baseline);
  apply.run(latest_id);
}

}  // namespace arrakis::eligibility_sync
