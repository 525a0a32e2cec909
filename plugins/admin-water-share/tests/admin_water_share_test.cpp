// /admin-water-share on the seeded Sietch (real PostgreSQL, row-level security on), Discord effects
// recorded. Grants and badges are added as the admin role; commands and autocompletes are sent
// as full payloads so the member's permission bits can be chosen ("8" = Administrator).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr std::uint32_t kEphemeral = 64;
const std::string kAdmin = "900000000000000001";
const std::string kRefusal = "🔒 You need the Administrator permission to use /admin-water-share.";

class AdminWaterShare : public ::testing::Test {
 protected:
  void SetUp() override { seeded = seed_sietch(bench); }
  void TearDown() override { clear_ranking(bench); }

  std::string profile(int n) const { return seeded.profile_id(n); }

  json payload(const std::string& type, json data, const std::string& permissions) {
    data["commandName"] = "admin-water-share";
    data["memberPermissions"] = permissions;
    return {{"eventId", "00000000-0000-4000-8000-00000000000" + std::to_string(++events % 10)},
            {"eventType", type},
            {"timestamp", 1764000000000},
            {"shardId", 0},
            {"userId", kAdmin},
            {"channelId", "300000000000000001"},
            {"interactionId", "400000000000000001"},
            {"data", data}};
  }
  PluginRun command(const std::string& sub, const json& options = json::object(), const std::string& permissions = "8") {
    return bench.run(payload("interaction.command.admin-water-share",
                             {{"type", 2}, {"subcommand", sub}, {"options", options}}, permissions));
  }
  PluginRun autocomplete(const std::string& sub, const std::string& option, const std::string& typed,
                         const std::string& permissions = "8") {
    return bench.run(payload("interaction.autocomplete",
                             {{"type", 4},
                              {"subcommand", sub},
                              {"options", {{option, typed}}},
                              {"focusedOption", option},
                              {"focusedValue", typed}},
                             permissions));
  }
  static json choices(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    for (const auto& e : run.effects) {
      if (e.value("kind", "") == "interaction.autocomplete") return e["choices"];
    }
    ADD_FAILURE() << "no autocomplete answer: " << run.effects.dump();
    return json::array();
  }
  static std::string ephemeral_text(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = run.reply();
    EXPECT_TRUE(reply.is_object()) << run.effects.dump(2);
    if (!reply.is_object()) return "";
    EXPECT_EQ(reply.value("flags", 0u) & kEphemeral, kEphemeral) << reply.dump();
    return reply.value("content", "");
  }

  // A Water Sharer badge for member n awarded by an admin.
  void give_badge(int n) {
    bench.admin_exec(
        "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, source) "
        "VALUES ($1::uuid, $2::uuid, 'water-sharer', '900000000000000009', 'admin')",
        {bench.community_id(), profile(n)});
  }
  // A grant from g to r at `at` (UTC) with the badge it gave; returns the grant id.
  std::string add_grant(int g, int r, const std::string& at = "2026-01-15 10:00") {
    const std::string id =
        bench
            .admin_exec(
                "INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id, granted_at) "
                "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::timestamp AT TIME ZONE 'UTC') RETURNING id::text",
                {bench.community_id(), profile(g), profile(r), at})[0][0]
            .c_str();
    bench.admin_exec(
        "INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_by, award_reason, source, grant_id) "
        "VALUES ($1::uuid, $2::uuid, 'water-sharer', $3, 'Shared', 'water_sharer', $4::uuid)",
        {bench.community_id(), profile(r), member_discord_id(g), id});
    return id;
  }
  long long count(const std::string& sql, const std::vector<std::string>& params = {}) {
    return bench.admin_exec(sql, params)[0][0].as<long long>();
  }
  bool grant_active(const std::string& id) {
    return count("SELECT count(*) FROM water_sharer_grants WHERE id = $1::uuid AND revoked_at IS NULL", {id}) == 1;
  }
  // Held (not revoked) badges of member n: "badge:source" sorted.
  std::string held(int n) {
    std::string out;
    for (const auto& row : bench.admin_exec("SELECT badge_id || ':' || source FROM member_badges WHERE profile_id = "
                                            "$1::uuid AND NOT revoked ORDER BY 1",
                                            {profile(n)})) {
      out += std::string(row[0].c_str()) + " ";
    }
    return out;
  }

  PluginBench bench{"admin-water-share"};
  SeededSietch seeded;
  int events = 0;
};

}  // namespace

TEST_F(AdminWaterShare, ListWithoutGrants) {
  EXPECT_EQ(ephemeral_text(command("list")), "💧 No active Water Sharer grants found.");
}

TEST_F(AdminWaterShare, ListShowsActiveGrantsNewestFirstWithTheTotal) {
  give_badge(1);
  const auto a = add_grant(1, 2, "2026-01-15 10:00");
  const auto b = add_grant(2, 3, "2026-02-20 23:30");
  const auto c = add_grant(11, 12, "2026-03-01 00:10");
  bench.admin_exec("UPDATE water_sharer_grants SET revoked_at = now() WHERE id = $1::uuid", {c});
  const auto run = command("list");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply.value("flags", 0u), kEphemeral);
  const auto& embed = reply["embeds"][0];
  EXPECT_EQ(embed["title"], "💧 Active Water Sharer Grants");
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"], "**" + nym(2) + "** → **" + nym(3) + "** `" + b.substr(0, 8) + "...` (2026-02-20)\n**" +
                                      nym(1) + "** → **" + nym(2) + "** `" + a.substr(0, 8) + "...` (2026-01-15)");
  EXPECT_EQ(embed["footer"]["text"], "Total active grants: 2");
}

TEST_F(AdminWaterShare, ListShowsAtMost25AndSaysHowManyMore) {
  const auto members = onboarded_members();
  for (int i = 0; i < 30; ++i) add_grant(members[i], members[30 + i], "2026-01-01 00:00");
  const auto embed = command("list").reply()["embeds"][0];
  const std::string text = embed["description"];
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 25) << "25 grant lines and the '…and 5 more' line";
  EXPECT_NE(text.find("\n…and 5 more"), std::string::npos) << text;
  EXPECT_EQ(embed["footer"]["text"], "Total active grants: 30");
}

// Acceptance: a cascade revoke of a 5-deep lineage revokes exactly 5 grants and the 5 badges
// they gave, in one transaction; the root's admin-awarded badge and an unrelated lineage stay.
TEST_F(AdminWaterShare, RevokeCascadesDownAFiveDeepLineageWithTheBadgesItGave) {
  give_badge(1);
  std::vector<std::string> chain;
  for (int n = 1; n <= 5; ++n) chain.push_back(add_grant(n, n + 1, "2026-01-0" + std::to_string(n) + " 12:00"));
  give_badge(20);
  const auto other = add_grant(20, 21);
  const std::string before_4 = held(4);  // member 4 holds admin and automatic badges of the seed too

  const auto run = command("revoke", {{"grant_id", chain[0]}});
  json resyncs = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == "event.publish") resyncs.push_back({{"type", e["type"]}, {"data", e["data"]}});
  }
  json expected = json::array();
  for (int n = 2; n <= 6; ++n) {
    expected.push_back({{"type", "internal.sietch.roles.resync"},
                        {"data", {{"discordId", member_discord_id(n)}, {"profileId", profile(n)}, {"reason", "water_share_revoke"}}}});
  }
  EXPECT_EQ(resyncs, expected) << "one role re-sync request per member who lost the badge";
  const auto text = ephemeral_text(run);
  EXPECT_EQ(text, "✅ Revoked Water Sharer grant.\n\n**Granter:** " + nym(1) + "\n**Recipient:** " + nym(2) +
                      "\n**Grant ID:** `" + chain[0] +
                      "`\n\n⚠️ **4 downstream grant(s)** also revoked via cascade.\n💧 **5 Water Sharer badge(s)** "
                      "given by these grants were revoked; badges awarded by an admin are kept.");
  EXPECT_EQ(count("SELECT count(*) FROM water_sharer_grants WHERE id = ANY ($1::uuid[]) AND revoked_at IS NOT NULL "
                  "AND revoked_by = $2",
                  {"{" + chain[0] + "," + chain[1] + "," + chain[2] + "," + chain[3] + "," + chain[4] + "}", kAdmin}),
            5);
  EXPECT_EQ(count("SELECT count(*) FROM member_badges WHERE community_id = $1::uuid AND badge_id = 'water-sharer' "
                  "AND revoked AND revoked_by = $2",
                  {bench.community_id(), kAdmin}),
            5);
  for (int n = 2; n <= 6; ++n) EXPECT_EQ(held(n).find("water-sharer"), std::string::npos) << "member " << n;
  EXPECT_NE(held(1).find("water-sharer:admin"), std::string::npos) << "the root's admin award is never touched";
  EXPECT_EQ(held(4), std::string(before_4).replace(before_4.find("water-sharer:water_sharer "), 26, ""))
      << "member 4 keeps every badge but the shared one";
  EXPECT_TRUE(grant_active(other));
  EXPECT_NE(held(21).find("water-sharer:water_sharer"), std::string::npos);
  // One statement in the call's one transaction: every revocation carries the same time.
  EXPECT_EQ(count("SELECT count(DISTINCT t) FROM (SELECT revoked_at AS t FROM water_sharer_grants WHERE community_id = "
                  "$1::uuid AND revoked_at IS NOT NULL UNION ALL SELECT revoked_at FROM member_badges WHERE community_id "
                  "= $1::uuid AND badge_id = 'water-sharer' AND revoked) x",
                  {bench.community_id()}),
            1);
  const auto audit = bench.admin_exec(
      "SELECT actor, event_data->>'grantsRevoked', event_data->>'badgesRevoked' FROM audit_log "
      "WHERE community_id = $1::uuid AND event_type = 'water_sharer_revoke'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), kAdmin);
  EXPECT_EQ(audit[0][1].as<std::string>(), "5");
  EXPECT_EQ(audit[0][2].as<std::string>(), "5");
}

TEST_F(AdminWaterShare, RevokeInTheMiddleKeepsTheUpstreamGrants) {
  give_badge(1);
  const auto a = add_grant(1, 2);
  const auto b = add_grant(2, 3);
  const auto c = add_grant(3, 4);
  const auto text = ephemeral_text(command("revoke", {{"grant_id", b}}));
  EXPECT_NE(text.find("**1 downstream grant(s)** also revoked via cascade.\n💧 **2 Water Sharer badge(s)**"),
            std::string::npos)
      << text;
  EXPECT_TRUE(grant_active(a));
  EXPECT_FALSE(grant_active(b));
  EXPECT_FALSE(grant_active(c));
  EXPECT_NE(held(2).find("water-sharer:water_sharer"), std::string::npos);
}

// Badges awarded by an admin or automatically are never touched by a cascade, even the Water
// Sharer badge of a member in the lineage when an admin awarded it again.
TEST_F(AdminWaterShare, RevokeNeverTouchesAdminOrAutomaticBadges) {
  give_badge(7);
  const auto root = add_grant(7, 9);  // member 9 also holds helper, builder, teacher (admin), consistent (automatic)
  add_grant(9, 14);                  // member 14 likewise
  bench.admin_exec(
      "UPDATE member_badges SET source = 'admin', grant_id = NULL, awarded_by = '900000000000000009' "
      "WHERE profile_id = $1::uuid AND badge_id = 'water-sharer'",
      {profile(14)});
  const std::string before_9 = held(9);
  const std::string before_14 = held(14);
  ASSERT_EQ(before_9, "builder:admin consistent:automatic helper:admin teacher:admin water-sharer:water_sharer ");

  const auto run = command("revoke", {{"grant_id", root}});
  std::vector<std::string> resynced;
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == "event.publish") resynced.push_back(e["data"]["discordId"]);
  }
  EXPECT_EQ(resynced, std::vector<std::string>{member_discord_id(9)}) << "member 14 lost nothing";
  const auto text = ephemeral_text(run);
  EXPECT_NE(text.find("**1 downstream grant(s)** also revoked via cascade.\n💧 **1 Water Sharer badge(s)**"),
            std::string::npos)
      << text;
  EXPECT_EQ(held(9), "builder:admin consistent:automatic helper:admin teacher:admin ");
  EXPECT_EQ(held(14), before_14) << "an admin's award survives the cascade";
  EXPECT_NE(held(14).find("water-sharer:admin"), std::string::npos);
}

TEST_F(AdminWaterShare, RevokeOfAnUnknownMalformedOrRevokedGrant) {
  EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", "0b7c6f4e-1111-4222-8333-944445555666"}})),
            "❌ Grant `0b7c6f4e-1111-4222-8333-944445555666` not found or already revoked.");
  EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", "not-a-uuid`"}})),
            "❌ Grant `not-a-uuid` not found or already revoked.");
  EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", std::string(45, 'x')}})),
            "❌ Grant `" + std::string(40, 'x') + "…` not found or already revoked.");
  EXPECT_EQ(ephemeral_text(command("revoke")), "❌ Grant `` not found or already revoked.");
  give_badge(1);
  const auto id = add_grant(1, 2);
  ASSERT_NE(ephemeral_text(command("revoke", {{"grant_id", id}})).find("✅ Revoked"), std::string::npos);
  EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", id}})), "❌ Grant `" + id + "` not found or already revoked.");
  // A grant of another community is unknown here, and stays active.
  PluginBench other("admin-water-share");
  const auto there = seed_sietch(other);
  const auto theirs = other
                          .admin_exec("INSERT INTO water_sharer_grants (community_id, granter_profile_id, "
                                      "recipient_profile_id) VALUES ($1::uuid, $2::uuid, $3::uuid) RETURNING id::text",
                                      {other.community_id(), there.profile_id(1), there.profile_id(2)})[0][0]
                          .as<std::string>();
  EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", theirs}})),
            "❌ Grant `" + theirs + "` not found or already revoked.");
  EXPECT_TRUE(grant_active(theirs));
}

TEST_F(AdminWaterShare, LineageShowsBothLinksWithDates) {
  give_badge(30);
  add_grant(30, 31, "2026-01-15 10:00");
  add_grant(31, 32, "2026-02-02 08:00");
  std::string shouted = nym(31);
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto run = command("lineage", {{"nym", shouted}});  // nyms match in any case
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply().value("flags", 0u), kEphemeral);
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "💧 Water Sharer Lineage: " + nym(31));
  EXPECT_EQ(embed["color"], 0x3498DB);
  EXPECT_EQ(embed["description"], "**Received from:** " + nym(30) + " (2026-01-15)\n**Shared to:** " + nym(32) +
                                      " (2026-02-02)");
}

TEST_F(AdminWaterShare, LineageOfAMemberOutsideAnyGrant) {
  const auto embed = command("lineage", {{"nym", nym(33)}}).reply()["embeds"][0];
  EXPECT_EQ(embed["description"], "**Received from:** _(Admin awarded or not received)_\n**Shared to:** _(Not yet shared)_");
  EXPECT_EQ(ephemeral_text(command("lineage", {{"nym", "nobody-here"}})), "No member found with nym `nobody-here`.");
  EXPECT_EQ(ephemeral_text(command("lineage")), "No member found with that nym.");
}

TEST_F(AdminWaterShare, GrantAutocompleteMatchesTheIdOrEitherNym) {
  give_badge(1);
  const auto a = add_grant(1, 2, "2026-01-01 00:00");
  const auto b = add_grant(2, 3, "2026-01-02 00:00");
  const auto by_recipient = choices(autocomplete("revoke", "grant_id", nym(3)));
  ASSERT_EQ(by_recipient.size(), 1u) << by_recipient.dump();
  EXPECT_EQ(by_recipient[0]["name"], nym(2) + " → " + nym(3) + " (" + b.substr(0, 8) + "...)");
  EXPECT_EQ(by_recipient[0]["value"], b);
  const auto by_granter = choices(autocomplete("revoke", "grant_id", nym(2)));
  EXPECT_EQ(by_granter.size(), 2u) << "granter of one, recipient of the other: " << by_granter.dump();
  const auto by_id = choices(autocomplete("revoke", "grant_id", a.substr(0, 6)));
  ASSERT_GE(by_id.size(), 1u);
  EXPECT_EQ(by_id[0]["value"], a);
}

TEST_F(AdminWaterShare, AutocompleteOffersAtMost25) {
  const auto members = onboarded_members();
  for (int i = 0; i < 30; ++i) add_grant(members[i], members[30 + i]);
  EXPECT_EQ(choices(autocomplete("revoke", "grant_id", "")).size(), 25u);
  const auto nyms = choices(autocomplete("lineage", "nym", "chani-1"));
  ASSERT_EQ(nyms.size(), 3u) << nyms.dump();
  EXPECT_EQ(nyms[0]["value"], nym(1));  // by nym: chani-1, chani-121, chani-13
  EXPECT_EQ(nyms[1]["value"], nym(121));
  EXPECT_EQ(nyms[2]["value"], nym(13));
  EXPECT_EQ(nyms[0]["name"], nym(1) + " (👑)") << "labelled with the tier emoji (member 1 is Naib)";
}

TEST_F(AdminWaterShare, ANonAdminIsRefusedForTheCommandAndTheAutocomplete) {
  give_badge(1);
  const auto id = add_grant(1, 2);
  for (const auto* perms : {"0", "32"}) {  // nothing; Manage Server without Administrator
    EXPECT_EQ(ephemeral_text(command("revoke", {{"grant_id", id}}, perms)), kRefusal);
    EXPECT_EQ(ephemeral_text(command("list", json::object(), perms)), kRefusal);
    EXPECT_EQ(ephemeral_text(command("lineage", {{"nym", nym(2)}}, perms)), kRefusal);
    EXPECT_EQ(choices(autocomplete("revoke", "grant_id", nym(2), perms)),
              json::array({{{"name", kRefusal}, {"value", "-"}}}))
        << "no grant is offered, only the refusal";
  }
  EXPECT_TRUE(grant_active(id)) << "a refused revoke changes nothing";
  EXPECT_EQ(choices(autocomplete("revoke", "grant_id", nym(2), "8")).size(), 1u);
}
