// The onboarding and profile-edit wizards on the seeded Sietch (real PostgreSQL, row-level security
// on; Discord effects, sessions and internal events recorded). Seeded facts used here
// (community.hpp): members 41 and 42 hold profiles that never finished onboarding, with wallets
// ranked 41 and 42 (2000 - 15r BGT); members 1-7 hold the seven Naib seats, member 7 with the least
// BGT (1895) and seated last; member 20 is onboarded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

constexpr std::int64_t kMinute = 60'000;
const std::string kWizardMessage = "500000000000000001";

json effects_of(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}

// The one effect of `kind` (null, and a test failure, when there is not exactly one).
json only(const PluginRun& run, const std::string& kind) {
  const json all = effects_of(run, kind);
  EXPECT_EQ(all.size(), 1u) << kind << " in " << run.effects.dump();
  return all.size() == 1 ? all[0] : json();
}

std::string content_of(const json& effect) {
  return effect.is_object() ? effect["message"].value("content", std::string()) : std::string();
}
std::string title_of(const json& effect) {
  if (!effect.is_object() || !effect["message"].contains("embeds")) return {};
  return effect["message"]["embeds"][0].value("title", std::string());
}

// Custom ids of every button of a recorded message effect.
std::vector<std::string> buttons(const json& effect) {
  std::vector<std::string> ids;
  if (!effect.is_object() || !effect["message"].contains("components")) return ids;
  for (const auto& row : effect["message"]["components"]) {
    for (const auto& c : row["components"]) ids.push_back(c.value("custom_id", ""));
  }
  return ids;
}

class Onboarding : public ::testing::Test {
 protected:
  void SetUp() override {
    sietch = seed_sietch(bench);
    bench.advance_clock(0);  // the bench's fixed clock: session expiry follows advance_clock
  }
  void TearDown() override { clear_ranking(bench); }

  PluginRun start_event(const std::string& discord_id, const std::string& reason = "join") {
    return bench.run({{"eventId", "00000000-0000-4000-8000-0000000001" + std::to_string(10 + ++runs)},
                      {"eventType", "internal.sietch.onboarding.start"},
                      {"timestamp", 1764000000000},
                      {"communityId", bench.community_id()},
                      {"source", {{"plugin", "member-events"}, {"version", "1.0.0"}}},
                      {"data", {{"discordId", discord_id}, {"reason", reason}}}});
  }
  PluginRun click(const std::string& custom_id, const std::string& user) {
    return bench.interaction("interaction.button", user,
                             {{"type", 3}, {"customId", custom_id}, {"componentType", 2}, {"messageId", kWizardMessage},
                              {"dm", true}, {"memberPermissions", "0"}});
  }
  PluginRun submit(const std::string& modal, const std::string& field, const std::string& value,
                   const std::string& user) {
    return bench.interaction("interaction.modal", user,
                             {{"type", 5}, {"customId", modal}, {"fields", {{field, value}}},
                              {"messageId", kWizardMessage}, {"dm", true}, {"memberPermissions", "0"}});
  }
  // Member n's own button.
  PluginRun press(const std::string& base, int n) { return click(base + ":" + member_discord_id(n), member_discord_id(n)); }

  // Start → nym → picture choice (skip unless said) : the wizard waiting at the bio step.
  void up_to_bio(int n, const std::string& nym, const std::string& picture = "onboarding_pfp_skip") {
    ASSERT_EQ(only(press("onboarding_start", n), "interaction.modal")["modal"]["custom_id"], "modal_nym_input");
    ASSERT_EQ(title_of(only(submit("modal_nym_input", "nym", nym, member_discord_id(n)), "interaction.update_message")),
              "🖼️ Profile Picture");
    ASSERT_EQ(title_of(only(press(picture, n), "interaction.update_message")), "📝 Bio");
  }

  json profile(int n) {
    const auto r = bench.admin_exec(
        "SELECT row_to_json(p)::text FROM (SELECT nym, bio, pfp_url, pfp_type, tier, onboarding_complete, "
        "onboarding_step, current_rank, is_former_naib, nym_last_changed IS NOT NULL AS nym_changed "
        "FROM profiles WHERE id = $1::uuid) p",
        {sietch.profile_id(n)});
    return json::parse(r[0][0].as<std::string>());
  }
  std::optional<int> seat_of(int n) {
    const auto r = bench.admin_exec("SELECT seat_number FROM naib_seats WHERE profile_id = $1::uuid AND unseated_at IS NULL",
                                    {sietch.profile_id(n)});
    if (r.empty()) return std::nullopt;
    return r[0][0].as<int>();
  }
  void set_bgt(int wallet, int bgt) {
    bench.admin_exec("UPDATE eligibility_current SET bgt_held = ($2 || '000000000000000000')::numeric WHERE address = $1",
                     {wallet_address(wallet), std::to_string(bgt)});
  }
  json published(const PluginRun& run) {
    json out = json::array();
    for (const auto& e : effects_of(run, "event.publish")) out.push_back({e["type"], e["data"]});
    return out;
  }

  PluginBench bench{"onboarding"};
  SeededSietch sietch;
  int runs = 0;
};

// ------------------------------------------------------------------ the welcome

TEST_F(Onboarding, StartRequestDmsTheWelcomeOnceWhileTheWizardIsLive) {
  const auto run = start_event(member_discord_id(41));
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto dm = only(run, "guild.send_dm");
  EXPECT_EQ(dm["user"], member_discord_id(41));
  EXPECT_EQ(title_of(dm), "🏜️ Welcome to the Sietch");
  EXPECT_EQ(buttons(dm), std::vector<std::string>{"onboarding_start:" + member_discord_id(41)});

  EXPECT_TRUE(effects_of(start_event(member_discord_id(41), "role_gained"), "guild.send_dm").empty())
      << "a live wizard session: no second welcome";
  bench.advance_clock(16 * kMinute);
  EXPECT_EQ(effects_of(start_event(member_discord_id(41)), "guild.send_dm").size(), 1u) << "the session ended";
}

TEST_F(Onboarding, StartRequestForAFinishedProfileSendsNothing) {
  const auto run = start_event(member_discord_id(20));
  EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(effects_of(run, "guild.send_dm").empty());
}

// ------------------------------------------------------------------ validation

TEST_F(Onboarding, EveryNymRefusalIsAPrivateMessageAndTheStepWaits) {
  const std::string user = member_discord_id(41);
  ASSERT_EQ(press("onboarding_start", 41).status, ARRAKIS_OK);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"ab", "❌ Your nym must be 3-20 characters long (yours has 2)."},
      {"a-very-long-nym-indeed", "❌ Your nym must be 3-20 characters long (yours has 22)."},
      {"no spaces", "❌ Your nym can only use letters, numbers, `_` and `-`."},
      {"-dash", "❌ Your nym must start and end with a letter or a number."},
      {"Muaddib", "❌ The nym `Muaddib` is reserved. Please choose another."},
      {"CHANI-1", "❌ That nym is already taken. Please choose another."},  // member 1's, another case
  };
  for (const auto& [nym, message] : refused) {
    const auto run = submit("modal_nym_input", "nym", nym, user);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = only(run, "interaction.reply");
    EXPECT_EQ(content_of(reply), message) << nym;
    EXPECT_EQ(reply["message"].value("flags", 0), 64) << "private";
    EXPECT_TRUE(effects_of(run, "interaction.update_message").empty()) << "the wizard message stays";
  }
  EXPECT_EQ(title_of(only(submit("modal_nym_input", "nym", "  Sandwalker  ", user), "interaction.update_message")),
            "🖼️ Profile Picture")
      << "blanks around a nym are dropped";
}

TEST_F(Onboarding, PictureLinkAndBioRefusals) {
  const std::string user = member_discord_id(41);
  ASSERT_EQ(press("onboarding_start", 41).status, ARRAKIS_OK);
  ASSERT_EQ(submit("modal_nym_input", "nym", "Sandwalker", user).status, ARRAKIS_OK);
  EXPECT_EQ(only(press("onboarding_pfp_upload", 41), "interaction.modal")["modal"]["custom_id"], "modal_pfp_url_input");
  EXPECT_EQ(content_of(only(submit("modal_pfp_url_input", "pfp_url", "https://evil.example/a.png", user),
                            "interaction.reply")),
            "❌ Pictures must be hosted on Discord (cdn.discordapp.com, media.discordapp.net) or Imgur (i.imgur.com). "
            "Upload the image to Discord, copy its link, and try again.");
  EXPECT_EQ(content_of(only(submit("modal_pfp_url_input", "pfp_url", "not a link", user), "interaction.reply")),
            "❌ That is not an image link. Paste a link that starts with `https://`, for example one you get with "
            "**Copy Link** on an image in Discord.");
  const auto bio_step =
      only(submit("modal_pfp_url_input", "pfp_url", "https://media.discordapp.net/a/b.png", user), "interaction.update_message");
  EXPECT_EQ(title_of(bio_step), "📝 Bio");

  EXPECT_EQ(only(press("onboarding_bio_add", 41), "interaction.modal")["modal"]["custom_id"], "modal_bio_input");
  EXPECT_EQ(content_of(only(submit("modal_bio_input", "bio", std::string(161, 'x'), user), "interaction.reply")),
            "❌ Your bio must be at most 160 characters (yours has 161, counting each removed link as \"[link "
            "removed]\").");
  EXPECT_FALSE(profile(41)["onboarding_complete"].get<bool>()) << "nothing completed on a refusal";
}

TEST_F(Onboarding, MembersWithoutAnEligibleWalletCannotStart) {
  const auto no_wallet = click("onboarding_start:700000000000000001", "700000000000000001");
  EXPECT_EQ(content_of(only(no_wallet, "interaction.reply")),
            "❌ You need a verified wallet to join the Sietch, and none is linked to your Discord account yet.");
  EXPECT_TRUE(effects_of(no_wallet, "interaction.modal").empty());

  add_member(bench, {"700000000000000080", "Outsider-80", 80, false});
  EXPECT_EQ(content_of(only(click("onboarding_start:700000000000000080", "700000000000000080"), "interaction.reply")),
            "❌ Only wallets ranked in the top 69 BGT holders can join the Sietch; your wallet is ranked #80.");

  EXPECT_EQ(content_of(only(press("onboarding_start", 20), "interaction.reply")),
            "✅ You have already completed onboarding. Use /profile edit to change your profile.");
}

// ------------------------------------------------------------------ completion and seats

TEST_F(Onboarding, CompletionWithAllSeatsHeldAndLessBgtCreatesTheProfileWithoutASeat) {
  const std::string user = member_discord_id(41);
  ASSERT_EQ(press("onboarding_start", 41).status, ARRAKIS_OK);
  ASSERT_EQ(submit("modal_nym_input", "nym", "Sandwalker", user).status, ARRAKIS_OK);
  const auto generated = only(press("onboarding_pfp_generate", 41), "interaction.update_message");
  ASSERT_EQ(generated["files"].size(), 1u) << generated.dump();
  EXPECT_EQ(generated["files"][0]["filename"], "avatar.png");
  EXPECT_EQ(generated["files"][0]["contentType"], "image/png");
  EXPECT_EQ(generated["message"]["embeds"][0]["thumbnail"]["url"], "attachment://avatar.png");

  const auto run = submit("modal_bio_input", "bio", "Spice trader. Find me at https://spam.example now", user);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto done = only(run, "interaction.update_message");
  EXPECT_EQ(title_of(done), "🎉 Welcome to Sietch!");
  EXPECT_TRUE(done["message"]["components"].empty()) << "no buttons left";

  const auto p = profile(41);
  EXPECT_EQ(p["nym"], "Sandwalker");
  EXPECT_EQ(p["bio"], "Spice trader. Find me at [link removed] now");
  EXPECT_EQ(p["pfp_type"], "generated");
  EXPECT_EQ(p["pfp_url"].get<std::string>().rfind("data:image/png;base64,", 0), 0u);
  EXPECT_EQ(p["tier"], "fedaykin");
  EXPECT_EQ(p["current_rank"], 41);
  EXPECT_TRUE(p["onboarding_complete"].get<bool>());
  EXPECT_EQ(p["onboarding_step"], 3);
  EXPECT_EQ(seat_of(41), std::nullopt) << "1385 BGT does not beat the lowest Naib's 1895";
  EXPECT_EQ(published(run),
            json::array({json::array({"internal.sietch.roles.resync",
                                      {{"discordId", user}, {"profileId", sietch.profile_id(41)},
                                       {"reason", "onboarding_complete"}}})}));
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM tier_history WHERE profile_id = $1::uuid AND old_tier IS NULL "
                             "AND new_tier = 'fedaykin'",
                             {sietch.profile_id(41)})[0][0].as<int>(), 1);
  EXPECT_EQ(content_of(only(press("onboarding_start", 41), "interaction.reply")),
            "✅ You have already completed onboarding. Use /profile edit to change your profile.");
}

TEST_F(Onboarding, CompletionTakesTheLowestFreeSeat) {
  for (int n : {5, 3}) {
    bench.admin_exec("UPDATE naib_seats SET unseated_at = now(), unseat_reason = 'manual' "
                     "WHERE profile_id = $1::uuid AND unseated_at IS NULL",
                     {sietch.profile_id(n)});
  }
  up_to_bio(41, "Sandwalker");
  const auto run = press("onboarding_bio_skip", 41);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(title_of(only(run, "interaction.update_message")), "👑 Welcome to the Naib Council!");
  EXPECT_EQ(seat_of(41), 3);
  const auto events = published(run);
  ASSERT_EQ(events.size(), 2u) << events.dump();
  EXPECT_EQ(events[1][0], "internal.sietch.alert");
  EXPECT_EQ(events[1][1]["type"], "naib_seated");
  EXPECT_EQ(events[1][1]["discordId"], member_discord_id(41));
  EXPECT_EQ(events[1][1]["data"]["seatNumber"], 3);
  EXPECT_EQ(profile(41)["bio"], nullptr) << "a skipped bio stays empty";
}

TEST_F(Onboarding, StrictlyMoreBgtBumpsTheLowestMostRecentlySeatedNaib) {
  set_bgt(41, 1900);
  set_bgt(6, 1895);  // members 6 and 7 now tie for the least BGT; 7 was seated later
  up_to_bio(41, "Sandwalker");
  const auto run = press("onboarding_bio_skip", 41);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(title_of(only(run, "interaction.update_message")), "👑 Welcome to the Naib Council!");
  EXPECT_EQ(seat_of(41), 7);
  EXPECT_EQ(seat_of(7), std::nullopt);
  EXPECT_EQ(seat_of(6), 6);
  const auto closed = bench.admin_exec(
      "SELECT unseat_reason, bumped_by_profile_id::text, bgt_at_unseating::text FROM naib_seats "
      "WHERE profile_id = $1::uuid AND unseated_at IS NOT NULL ORDER BY unseated_at DESC LIMIT 1",
      {sietch.profile_id(7)});
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0][0].as<std::string>(), "bumped");
  EXPECT_EQ(closed[0][1].as<std::string>(), sietch.profile_id(41));
  EXPECT_EQ(closed[0][2].as<std::string>(), "1895000000000000000000");
  EXPECT_TRUE(profile(7)["is_former_naib"].get<bool>());

  const auto events = published(run);
  const json bumped_resync = {"internal.sietch.roles.resync",
                              {{"discordId", member_discord_id(7)}, {"profileId", sietch.profile_id(7)}, {"reason", "naib_bumped"}}};
  EXPECT_NE(std::find(events.begin(), events.end(), bumped_resync), events.end()) << events.dump();
  bool bump_alert = false, seated_alert = false;
  for (const auto& e : events) {
    if (e[0] != "internal.sietch.alert") continue;
    if (e[1]["type"] == "naib_bump") {
      bump_alert = e[1]["discordId"] == member_discord_id(7) && e[1]["data"]["bgtAtUnseating"] == "1895000000000000000000" &&
                   e[1]["data"]["seatNumber"] == 7;
    }
    if (e[1]["type"] == "naib_seated") seated_alert = e[1]["discordId"] == member_discord_id(41);
  }
  EXPECT_TRUE(bump_alert) << events.dump();
  EXPECT_TRUE(seated_alert) << events.dump();
}

TEST_F(Onboarding, EqualBgtKeepsTheIncumbent) {
  set_bgt(41, 1895);
  up_to_bio(41, "Sandwalker");
  const auto run = press("onboarding_bio_skip", 41);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(title_of(only(run, "interaction.update_message")), "🎉 Welcome to Sietch!");
  EXPECT_EQ(seat_of(41), std::nullopt);
  EXPECT_EQ(seat_of(7), 7);
  EXPECT_FALSE(profile(7)["is_former_naib"].get<bool>());
  EXPECT_EQ(published(run).size(), 1u) << "only the member's role re-sync";
}

// ------------------------------------------------------------------ sessions

TEST_F(Onboarding, AClickAfterFifteenQuietMinutesSaysTheSessionExpired) {
  ASSERT_EQ(press("onboarding_start", 41).status, ARRAKIS_OK);
  bench.advance_clock(14 * kMinute);
  ASSERT_EQ(title_of(only(submit("modal_nym_input", "nym", "Sandwalker", member_discord_id(41)),
                          "interaction.update_message")),
            "🖼️ Profile Picture");
  bench.advance_clock(14 * kMinute);  // 28 minutes since Start, 14 since the last step: still live
  ASSERT_EQ(title_of(only(press("onboarding_pfp_skip", 41), "interaction.update_message")), "📝 Bio");
  bench.advance_clock(15 * kMinute + 1000);
  const auto late = only(press("onboarding_bio_skip", 41), "interaction.update_message");
  EXPECT_EQ(content_of(late),
            "⏰ Your onboarding session expired (15 minutes without a step). Press **Start** to set up your profile "
            "again.");
  EXPECT_EQ(buttons(late), std::vector<std::string>{"onboarding_start:" + member_discord_id(41)});
  EXPECT_FALSE(profile(41)["onboarding_complete"].get<bool>());
}

TEST_F(Onboarding, AnotherMembersButtonIsRefused) {
  ASSERT_EQ(press("onboarding_start", 41).status, ARRAKIS_OK);
  const auto run = click("onboarding_pfp_skip:" + member_discord_id(41), member_discord_id(42));
  EXPECT_EQ(content_of(only(run, "interaction.reply")),
            "❌ This button belongs to another member's profile setup. Only they can use it.");
  EXPECT_TRUE(effects_of(run, "interaction.update_message").empty());
}

// ------------------------------------------------------------------ the edit wizard

TEST_F(Onboarding, EditWizardChangesNymOncePerThirtyDaysPictureAndBio) {
  const std::string user = member_discord_id(20);
  const auto menu = only(click("profile-edit:start", user), "interaction.update_message");
  EXPECT_EQ(title_of(menu), "✏️ Edit Your Profile");
  EXPECT_EQ(buttons(menu), (std::vector<std::string>{"edit_nym:" + user, "edit_pfp:" + user, "edit_bio:" + user,
                                                     "edit_cancel:" + user}));

  const auto nym_form = only(press("edit_nym", 20), "interaction.modal");
  EXPECT_EQ(nym_form["modal"]["components"][0]["component"]["value"], "Farok-20") << "pre-filled";
  EXPECT_EQ(content_of(only(submit("modal_nym_input", "nym", "jamis-2", user), "interaction.reply")),
            "❌ That nym is already taken. Please choose another.");
  const auto renamed = only(submit("modal_nym_input", "nym", "Farok-Twenty", user), "interaction.update_message");
  EXPECT_EQ(renamed["message"]["embeds"][0]["description"], "✅ Your nym is now **Farok-Twenty**.");
  EXPECT_EQ(profile(20)["nym"], "Farok-Twenty");
  EXPECT_TRUE(profile(20)["nym_changed"].get<bool>());
  EXPECT_EQ(content_of(only(press("edit_nym", 20), "interaction.reply")),
            "⏳ You can change your nym in 30 days. A nym can be changed once every 30 days.");
  bench.admin_exec("UPDATE profiles SET nym_last_changed = now() - interval '29 days 1 hour' WHERE id = $1::uuid",
                   {sietch.profile_id(20)});
  EXPECT_EQ(content_of(only(submit("modal_nym_input", "nym", "Farok-Again", user), "interaction.reply")),
            "⏳ You can change your nym in 1 day. A nym can be changed once every 30 days.")
      << "the form's answer checks the rule too";

  bench.admin_exec("UPDATE profiles SET bio = 'Old words' WHERE id = $1::uuid", {sietch.profile_id(20)});
  const auto bio_form = only(press("edit_bio", 20), "interaction.modal");
  EXPECT_EQ(bio_form["modal"]["components"][0]["component"]["value"], "Old words");
  EXPECT_FALSE(bio_form["modal"]["components"][0]["component"]["required"].get<bool>()) << "may be emptied";
  EXPECT_EQ(only(submit("modal_bio_input", "bio", "", user), "interaction.update_message")["message"]["embeds"][0]
                ["description"],
            "✅ Your bio is now empty.");
  EXPECT_EQ(profile(20)["bio"], nullptr);

  EXPECT_EQ(title_of(only(press("edit_pfp", 20), "interaction.update_message")), "🖼️ Profile Picture");
  const auto generated = only(press("onboarding_pfp_generate", 20), "interaction.update_message");
  EXPECT_EQ(generated["files"][0]["filename"], "avatar.png");
  EXPECT_EQ(profile(20)["pfp_type"], "generated");

  EXPECT_EQ(content_of(only(press("edit_cancel", 20), "interaction.update_message")),
            "✅ Done. Your profile is saved; see it with /profile view.");
  const auto after = only(press("edit_bio", 20), "interaction.update_message");
  EXPECT_EQ(content_of(after),
            "⏰ Your profile editing session expired (15 minutes without a step). Nothing else was changed. Press "
            "**Start editing** to continue.")
      << "Done ends the session";
  EXPECT_EQ(buttons(after), std::vector<std::string>{"profile-edit:start"});
}

TEST_F(Onboarding, EditWizardNeedsAFinishedProfile) {
  const auto run = click("profile-edit:start", member_discord_id(41));
  EXPECT_EQ(content_of(only(run, "interaction.reply")),
            "❌ You have not completed onboarding yet, so there is no profile to edit. Finish the setup from the "
            "welcome message first.");
}

}  // namespace
