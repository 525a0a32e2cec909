// /water-share on the seeded Sietch (real PostgreSQL, row-level security on), Discord effects
// recorded. Seeded members hold no Water Sharer badge: each test gives the badges and grants it
// needs as the admin role.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr std::uint32_t kEphemeral = 64;
const std::string kOnboardingRequired =
    "You need to complete onboarding before using this command. Check your DMs from the Sietch bot to finish "
    "setting up your profile.";

class WaterShare : public ::testing::Test {
 protected:
  void SetUp() override { seeded = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  std::string profile(int n) const { return seeded.profile_id(n); }
  static std::string mention(int n) { return "<@" + member_discord_id(n) + ">"; }

  // An admin-awarded Water Sharer badge for member n.
  void give_badge(int n) {
    bench.admin_exec(
        "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, award_reason, source) "
        "VALUES ($1::uuid, $2::uuid, 'water-sharer', '900000000000000009', 'Founding water', 'admin')",
        {bench.community_id(), profile(n)});
  }
  // A grant from member g to member r on `day`, with the badge it gave; returns the grant id.
  std::string add_grant(int g, int r, const std::string& day = "2026-01-15") {
    const std::string id =
        bench
            .admin_exec(
                "INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id, granted_at) "
                "VALUES ($1::uuid, $2::uuid, $3::uuid, ($4::date + time '10:00') AT TIME ZONE 'UTC') RETURNING id::text",
                {bench.community_id(), profile(g), profile(r), day})[0][0]
            .c_str();
    bench.admin_exec(
        "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, award_reason, source, grant_id) "
        "VALUES ($1::uuid, $2::uuid, 'water-sharer', $3, 'Shared', 'water_sharer', $4::uuid)",
        {bench.community_id(), profile(r), member_discord_id(g), id});
    return id;
  }
  // Revokes a grant and the badge it gave, as an admin's cascade would.
  void revoke_grant(const std::string& id) {
    bench.admin_exec("UPDATE water_sharer_grants SET revoked_at = now(), revoked_by = '1' WHERE id = $1::uuid", {id});
    bench.admin_exec("UPDATE member_badges SET revoked = true, revoked_at = now() WHERE grant_id = $1::uuid", {id});
  }

  PluginRun share(int granter, const std::string& recipient_discord_id) {
    return bench.command("water-share", {{"member", recipient_discord_id}}, member_discord_id(granter), "share");
  }
  PluginRun share(int granter, int recipient) { return share(granter, member_discord_id(recipient)); }

  // The reply's content, after checking it is an ephemeral answer of a successful call.
  static std::string ephemeral_text(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    if (!reply.is_object()) return "";
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << reply.dump();
    return reply.value("content", "");
  }

  long long count(const std::string& sql, const std::vector<std::string>& params = {}) {
    return bench.admin_exec(sql, params)[0][0].as<long long>();
  }
  long long grants_to(int n) {
    return count("SELECT count(*) FROM water_sharer_grants WHERE recipient_profile_id = $1::uuid", {profile(n)});
  }
  long long grants_from(int n) {
    return count("SELECT count(*) FROM water_sharer_grants WHERE granter_profile_id = $1::uuid", {profile(n)});
  }
  bool holds_badge(int n) {
    return count("SELECT count(*) FROM member_badges WHERE profile_id = $1::uuid AND badge_id = 'water-sharer' "
                 "AND NOT revoked",
                 {profile(n)}) == 1;
  }

  PluginBench bench{"water-share"};
  SeededSietch seeded;
};

json published(const PluginRun& run) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == "event.publish") out.push_back({{"type", e["type"]}, {"data", e["data"]}});
  }
  return out;
}

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing>"}};
  return missing;
}

}  // namespace

TEST_F(WaterShare, ShareWritesTheGrantTheBadgeWithItsProvenanceAndTheAuditRow) {
  give_badge(10);
  const auto run = share(10, 11);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply.value("flags", 0u), kEphemeral) << reply.dump();
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "💧 Water Sharer Badge Shared!");
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"],
            "You have shared your **Water Sharer** badge with **" + nym(11) +
                "**!\n\nThey now have access to The Oasis and can share the badge with one other member.");
  EXPECT_EQ(field(embed, "Recipient")["value"], nym(11));
  EXPECT_EQ(field(embed, "Your Status")["value"], "Badge shared (cannot share again)");
  EXPECT_EQ(published(run), json::array({{{"type", "internal.sietch.roles.resync"},
                                          {"data",
                                           {{"discordId", member_discord_id(11)},
                                            {"profileId", profile(11)},
                                            {"reason", "water_share"}}}}}))
      << "the recipient's dynamic roles are re-synced";

  const auto grant = bench.admin_exec(
      "SELECT id::text, revoked_at IS NULL FROM water_sharer_grants WHERE granter_profile_id = $1::uuid "
      "AND recipient_profile_id = $2::uuid",
      {profile(10), profile(11)});
  ASSERT_EQ(grant.size(), 1u);
  EXPECT_TRUE(grant[0][1].as<bool>());
  const std::string grant_id = grant[0][0].c_str();
  const auto badge = bench.admin_exec(
      "SELECT source, grant_id::text, awarded_by, award_reason, revoked FROM member_badges "
      "WHERE profile_id = $1::uuid AND badge_id = 'water-sharer'",
      {profile(11)});
  ASSERT_EQ(badge.size(), 1u);
  EXPECT_EQ(badge[0][0].as<std::string>(), "water_sharer");
  EXPECT_EQ(badge[0][1].as<std::string>(), grant_id);
  EXPECT_EQ(badge[0][2].as<std::string>(), member_discord_id(10));
  EXPECT_EQ(badge[0][3].as<std::string>(), "Shared by " + nym(10) + " via Water Sharer badge");
  EXPECT_FALSE(badge[0][4].as<bool>());
  const auto audit = bench.admin_exec(
      "SELECT actor, event_data->>'grantId', event_data->>'recipientNym' FROM audit_log "
      "WHERE community_id = $1::uuid AND event_type = 'water_sharer_grant'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), member_discord_id(10));
  EXPECT_EQ(audit[0][1].as<std::string>(), grant_id);
  EXPECT_EQ(audit[0][2].as<std::string>(), nym(11));
}

TEST_F(WaterShare, TheRecipientCanShareOnceInTurn) {
  give_badge(10);
  ASSERT_EQ(share(10, 11).status, ARRAKIS_OK);
  const auto run = share(11, 12);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["embeds"][0]["title"], "💧 Water Sharer Badge Shared!");
  EXPECT_TRUE(holds_badge(12));
  EXPECT_EQ(grants_from(11), 1);
}

TEST_F(WaterShare, CallerMustHaveFinishedOnboardingAndIsNotSentToACommandThatDoesNotExist) {
  give_badge(41);  // a profile that never finished onboarding, holding the badge all the same
  for (const auto& caller : {member_discord_id(41), std::string("777000000000000001")}) {
    const auto run = bench.command("water-share", {{"member", member_discord_id(11)}}, caller, "share");
    const auto text = ephemeral_text(run);
    EXPECT_EQ(text, kOnboardingRequired);
    EXPECT_EQ(text.find("/register"), std::string::npos);
  }
  EXPECT_EQ(grants_to(11), 0);
}

// Rule 1: the granter must hold the badge — checked before anything about the recipient.
TEST_F(WaterShare, GranterWithoutTheBadgeIsRefusedFirst) {
  EXPECT_EQ(ephemeral_text(share(12, 13)), "❌ You do not have the Water Sharer badge, so there is nothing to share.");
  give_badge(14);
  EXPECT_EQ(ephemeral_text(share(12, 14)), "❌ You do not have the Water Sharer badge, so there is nothing to share.")
      << "the granter's missing badge comes before the recipient's badge";
  // A badge the granter once held but lost does not count.
  bench.admin_exec("UPDATE member_badges SET revoked = true, revoked_at = now() WHERE profile_id = $1::uuid "
                   "AND badge_id = 'water-sharer'",
                   {profile(14)});
  EXPECT_EQ(ephemeral_text(share(14, 13)), "❌ You do not have the Water Sharer badge, so there is nothing to share.");
  EXPECT_EQ(grants_to(13), 0);
}

// Rule 2 (acceptance): a granter sharing twice.
TEST_F(WaterShare, GranterWhoAlreadySharedCannotShareAgain) {
  give_badge(10);
  ASSERT_EQ(share(10, 11).reply()["embeds"][0]["title"], "💧 Water Sharer Badge Shared!");
  const std::string already =
      "❌ You have already shared your badge with someone. Each Water Sharer can only share once.";
  const auto twice = share(10, 12);
  EXPECT_EQ(ephemeral_text(twice), already);
  EXPECT_EQ(published(twice), json::array()) << "a refused share requests no role re-sync";
  EXPECT_EQ(ephemeral_text(share(10, 41)), already) << "the granter's share comes before the recipient's onboarding";
  EXPECT_EQ(grants_from(10), 1);
  EXPECT_FALSE(holds_badge(12));
}

TEST_F(WaterShare, AGranterWhoseGrantWasRevokedMayShareAgain) {
  give_badge(10);
  revoke_grant(add_grant(10, 11));
  const auto run = share(10, 12);
  EXPECT_EQ(run.reply()["embeds"][0]["title"], "💧 Water Sharer Badge Shared!") << run.effects.dump();
  EXPECT_TRUE(holds_badge(12));
}

TEST_F(WaterShare, RecipientWithoutAPresentProfileIsRefused) {
  give_badge(10);
  EXPECT_EQ(ephemeral_text(share(10, "777000000000000002")),
            "❌ <@777000000000000002> has not completed onboarding yet. They must be an existing member of the Sietch.");
  EXPECT_EQ(ephemeral_text(share(10, 43)),
            "❌ " + mention(43) + " has not completed onboarding yet. They must be an existing member of the Sietch.")
      << "a member who left the server";
  EXPECT_EQ(grants_from(10), 0);
}

TEST_F(WaterShare, NobodySharesWithThemselves) {
  give_badge(10);
  EXPECT_EQ(ephemeral_text(share(10, 10)), "❌ You cannot share the badge with yourself.");
  EXPECT_EQ(grants_from(10), 0);
}

// Rule 3: the recipient finished onboarding — before their badge is looked at.
TEST_F(WaterShare, RecipientWhoDidNotFinishOnboardingIsRefused) {
  give_badge(10);
  EXPECT_EQ(ephemeral_text(share(10, 41)), "❌ " + mention(41) + " has not completed onboarding yet.");
  give_badge(42);
  EXPECT_EQ(ephemeral_text(share(10, 42)), "❌ " + mention(42) + " has not completed onboarding yet.");
  EXPECT_EQ(grants_from(10), 0);
}

// Rule 4: the recipient does not hold the badge — before their grant history is looked at.
TEST_F(WaterShare, RecipientWhoHoldsTheBadgeIsRefused) {
  give_badge(10);
  give_badge(14);  // awarded by an admin
  EXPECT_EQ(ephemeral_text(share(10, 14)), "❌ " + mention(14) + " already has the Water Sharer badge.");
  give_badge(16);
  add_grant(16, 15);  // holds it from a grant, and so also received it once
  EXPECT_EQ(ephemeral_text(share(10, 15)), "❌ " + mention(15) + " already has the Water Sharer badge.");
  EXPECT_EQ(grants_from(10), 0);
}

// Rule 5 (acceptance): a recipient who ever received the badge, revoked included.
TEST_F(WaterShare, RecipientWhoEverReceivedIsRefusedEvenAfterARevoke) {
  give_badge(10);
  give_badge(18);
  revoke_grant(add_grant(18, 17));
  ASSERT_FALSE(holds_badge(17));
  EXPECT_EQ(ephemeral_text(share(10, 17)),
            "❌ " + mention(17) +
                " has already received the Water Sharer badge once. A member can receive it only once, even if it was "
                "later revoked.");
  EXPECT_EQ(grants_to(17), 1) << "only the old, revoked grant";
  EXPECT_FALSE(holds_badge(17));
  EXPECT_EQ(grants_from(10), 0);
}

TEST_F(WaterShare, AFailedAwardRollsTheGrantBack) {
  give_badge(10);
  // The award of the badge to member 19 fails inside the database.
  const std::string fn = "test_refuse_award_" + bench.community_id().substr(0, 8);
  bench.admin_exec("CREATE FUNCTION public." + fn +
                   "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'award refused by the test'; END $$");
  bench.admin_exec("CREATE TRIGGER " + fn + " BEFORE INSERT OR UPDATE ON member_badges FOR EACH ROW WHEN (NEW.profile_id = '" +
                   profile(19) + "'::uuid) EXECUTE FUNCTION public." + fn + "()");
  const auto run = share(10, 19);
  EXPECT_EQ(published(run), json::array());
  bench.admin_exec("DROP TRIGGER " + fn + " ON member_badges");
  bench.admin_exec("DROP FUNCTION public." + fn + "()");

  EXPECT_EQ(ephemeral_text(run), "❌ The Water Sharer badge could not be given to " + mention(19) +
                                     ", so nothing was shared. Please try again in a moment.");
  EXPECT_EQ(grants_to(19), 0) << "the grant was rolled back with the failed award";
  EXPECT_FALSE(holds_badge(19));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE community_id = $1::uuid AND event_type = 'water_sharer_grant'",
                  {bench.community_id()}),
            0);
  // Nothing is left half-done: the same share succeeds once the award works.
  EXPECT_EQ(share(10, 19).reply()["embeds"][0]["title"], "💧 Water Sharer Badge Shared!");
  EXPECT_EQ(grants_to(19), 1);
}

TEST_F(WaterShare, AMissingOrForgedMemberOptionGetsAHelpfulAnswer) {
  give_badge(10);
  EXPECT_EQ(ephemeral_text(bench.command("water-share", json::object(), member_discord_id(10), "share")),
            "❌ Choose the member to share your badge with.");
  EXPECT_EQ(ephemeral_text(bench.command("water-share", {{"member", "'; DROP TABLE x"}}, member_discord_id(10), "share")),
            "❌ Choose the member to share your badge with.");
  EXPECT_EQ(ephemeral_text(bench.command("water-share", json::object(), member_discord_id(10), "give")),
            "❌ Unknown subcommand. Use `/water-share share` or `/water-share status`.");
}

TEST_F(WaterShare, StatusWithoutTheBadgeIsGrey) {
  const auto run = bench.command("water-share", json::object(), member_discord_id(20), "status");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply().value("flags", 0u), kEphemeral);
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "💧 Water Sharer Status");
  EXPECT_EQ(embed["color"], 0x95A5A6);
  EXPECT_EQ(embed["description"],
            "You do not have the Water Sharer badge.\n\nThis badge is awarded by admins or shared by other Water Sharers.");
  EXPECT_FALSE(embed.contains("fields"));
}

TEST_F(WaterShare, StatusOfAHolderWhoCanStillShare) {
  give_badge(20);
  const auto run = bench.command("water-share", json::object(), member_discord_id(20), "status");
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"],
            "You have the **Water Sharer** badge!\n\n✅ **You can share your badge** with one other member.\n"
            "Use `/water-share share` to share it.");
  ASSERT_EQ(embed["fields"].size(), 1u);
  EXPECT_EQ(field(embed, "Can Share")["value"], "✅ Yes");
}

TEST_F(WaterShare, StatusShowsWhoTheBadgeCameFromAndWentTo) {
  give_badge(21);
  add_grant(21, 22, "2026-01-15");
  add_grant(22, 23, "2026-02-01");
  const auto run = bench.command("water-share", json::object(), member_discord_id(22), "status");
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"], "You have the **Water Sharer** badge!\n\nYou have already shared your badge with **" +
                                      nym(23) + "**.\n\n_Badge received from **" + nym(21) + "**_");
  EXPECT_EQ(field(embed, "Can Share")["value"], "❌ No");
  EXPECT_EQ(field(embed, "Shared With")["value"], nym(23) + " (2026-02-01)");
  EXPECT_EQ(field(embed, "Received From")["value"], nym(21) + " (2026-01-15)");
  EXPECT_EQ(embed["footer"]["text"], "The water of life flows through the Sietch");
}

TEST_F(WaterShare, StatusNeedsOnboarding) {
  EXPECT_EQ(ephemeral_text(bench.command("water-share", json::object(), member_discord_id(42), "status")),
            kOnboardingRequired);
}
