// /onboard and /resume (the community-setup wizard) on the seeded Sietch: real PostgreSQL with
// row-level security, Discord effects recorded. The guild's roles and channels are answered by the
// recorder (answer_reads) from lists the test keeps, so a DEPLOY can be followed by what Discord would
// now list; the wizard's sessions live in the recorder's state (the bench's Redis), on a fixed clock.
#include <gtest/gtest.h>

#include <algorithm>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kAdmin = "900000000000000001";
const std::string kOtherAdmin = "900000000000000002";
const std::string kExpired = "Session expired. Please start a new wizard with /onboard.";
const std::string kNotYours = "This wizard session belongs to another user.";
const std::string kCancelled = "Wizard cancelled. Use /onboard to start again.";
const std::string kNoActive = "No active wizard session found. Use /onboard to start one.";
const std::string kUnknown =
    "That wizard control isn't recognised. Use /resume to bring your setup back, or /onboard to start one.";
const std::string kStale = "⚠️ That control belonged to an earlier view of this wizard; this is where your setup is now.";
constexpr std::int64_t kMinute = 60'000;

const std::vector<std::string> kRoleColumns = {
    "naib_role_id",  "fedaykin_role_id", "former_naib_role_id", "taqwa_role_id", "trusted_role_id",
    "veteran_role_id", "engaged_role_id", "onboarded_role_id",  "usul_role_id",  "sayyadina_role_id",
    "mushtamal_role_id", "sihaya_role_id", "qanat_role_id",     "ichwan_role_id", "hajra_role_id"};
const std::vector<std::string> kChannelColumns = {
    "the_door_channel_id",      "census_channel_id",      "announcements_channel_id", "sietch_lounge_channel_id",
    "naib_council_channel_id", "introductions_channel_id", "cave_entrance_channel_id", "oasis_channel_id"};

json effects_of(const PluginRun& run, const std::string& kind) {
  json out = json::array();
  for (const auto& e : run.effects) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}

// The refusal or answer text of a run (its last reply's content).
std::string said(const PluginRun& run) {
  const auto m = run.reply();
  return m.is_object() ? m.value("content", "") : "";
}

json embed(const PluginRun& run) {
  const auto m = run.reply();
  if (!m.is_object() || !m.contains("embeds") || m["embeds"].empty()) return json::object();
  return m["embeds"][0];
}

std::string field(const json& e, const std::string& name) {
  if (!e.contains("fields")) return "<no fields>";
  for (const auto& f : e["fields"]) {
    if (f.value("name", "") == name) return f.value("value", "");
  }
  return "<no field " + name + ">";
}

// Every custom id on a message, in order.
std::vector<std::string> controls(const PluginRun& run) {
  std::vector<std::string> ids;
  const auto m = run.reply();
  if (!m.is_object() || !m.contains("components")) return ids;
  for (const auto& row : m["components"]) {
    for (const auto& c : row["components"]) ids.push_back(c.value("custom_id", ""));
  }
  return ids;
}

bool has_control(const PluginRun& run, const std::string& id) {
  const auto ids = controls(run);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class CommunitySetup : public ::testing::Test {
 protected:
  void SetUp() override {
    bench.advance_clock(0);  // a fixed clock: sessions expire when a test moves it on
    seed_sietch(bench);
    roles = json::array({{{"id", bench.guild_id()}, {"name", "@everyone"}, {"managed", false}},
                         {{"id", "880000000000000001"}, {"name", "Arrakis"}, {"managed", true}}});
    channels = json::array({{{"id", "870000000000000001"}, {"name", "general"}, {"type", 0}}});
    bench.recorder().answer_reads([this](const std::string& kind, const json&) -> std::optional<std::string> {
      if (!guild_readable) return std::nullopt;  // answered "not found", as for an unknown guild
      if (kind == "guild.list_roles") return roles.dump();
      if (kind == "guild.list_channels") return channels.dump();
      return std::nullopt;
    });
    clear_config();
  }
  void TearDown() override { clear_ranking(bench); }

  void clear_config() {
    std::string sql = "UPDATE community_config SET updated_by = NULL";
    for (const auto* cols : {&kRoleColumns, &kChannelColumns}) {
      for (const auto& c : *cols) sql += ", " + c + " = NULL";
    }
    bench.admin_exec(sql + " WHERE community_id = $1::uuid", {bench.community_id()});
  }
  json config() {
    const auto r = bench.admin_exec("SELECT to_jsonb(c) AS j FROM community_config c WHERE community_id = $1::uuid",
                                    {bench.community_id()});
    return json::parse(r[0][0].c_str());
  }

  PluginRun command(const std::string& name, json options = json::object(), const std::string& user = kAdmin,
                    const std::string& permissions = "8") {
    return bench.interaction("interaction.command." + name, user,
                             {{"type", 2}, {"commandName", name}, {"options", std::move(options)},
                              {"memberPermissions", permissions}});
  }
  PluginRun click(const std::string& custom_id, const std::string& user = kAdmin, const std::string& permissions = "8") {
    return bench.interaction("interaction.button", user,
                             {{"type", 3}, {"customId", custom_id}, {"componentType", 2},
                              {"messageId", "500000000000000001"}, {"memberPermissions", permissions}});
  }
  PluginRun select(const std::string& custom_id, const json& values, const std::string& user = kAdmin) {
    return bench.interaction("interaction.select", user,
                             {{"type", 3}, {"customId", custom_id}, {"componentType", 3}, {"values", values},
                              {"messageId", "500000000000000001"}, {"memberPermissions", "8"}});
  }

  // /onboard from a fresh start: the session id, from the Start button.
  std::string open() {
    const auto run = command("onboard");
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto ids = controls(run);
    EXPECT_FALSE(ids.empty()) << run.effects.dump(1);
    if (ids.empty()) return "";
    EXPECT_EQ(ids[0].rfind("wizard:start:", 0), 0u) << ids[0];
    return ids[0].substr(std::string("wizard:start:").size());
  }
  PluginRun next(const std::string& id, const std::string& from) { return click("wizard:next:" + id + ":" + from); }
  PluginRun back(const std::string& id, const std::string& from) { return click("wizard:back:" + id + ":" + from); }
  // From INIT to REVIEW with the default choices (every optional role and channel, tier roles on).
  PluginRun to_review(const std::string& id) {
    click("wizard:start:" + id);
    for (const char* s : {"CHAIN_SELECT", "ASSET_CONFIG", "ELIGIBILITY_RULES", "ROLE_MAPPING"}) next(id, s);
    return next(id, "CHANNEL_STRUCTURE");
  }
  // What Discord would list after a DEPLOY: the created roles and channels, by the ids stored.
  void absorb_deployed() {
    const auto c = config();
    for (const auto* cols : {&kRoleColumns, &kChannelColumns}) {
      for (const auto& col : *cols) {
        if (!c[col].is_string()) continue;
        auto& list = cols == &kRoleColumns ? roles : channels;
        bool known = false;
        for (const auto& e : list) known = known || e["id"] == c[col];
        if (known) continue;
        std::string name = col.substr(0, col.rfind('_', col.size() - 4));  // naib_role_id -> naib
        list.push_back({{"id", c[col]}, {"name", name}, {"type", 0}, {"managed", false}});
      }
    }
  }

  PluginBench bench{"community-setup"};
  json roles, channels;
  bool guild_readable = true;
};

TEST_F(CommunitySetup, OnboardOpensTheWizardAtInit) {
  const auto run = command("onboard");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(embed(run)["title"], "🏜️ Sietch Setup");
  EXPECT_EQ(field(embed(run), "Progress"), "▱▱▱▱▱▱▱▱▱▱ 0%");
  const auto ids = controls(run);
  ASSERT_EQ(ids.size(), 2u);
  const std::string id = ids[0].substr(std::string("wizard:start:").size());
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(ids[1], "wizard:cancel:" + id);
  EXPECT_NE(std::string(embed(run)["footer"]["text"]).find(id), std::string::npos);
  EXPECT_TRUE(effects_of(run, "guild.create_role").empty()) << "nothing changes before Deploy";
}

TEST_F(CommunitySetup, WalksForwardThroughEveryStepAndBackUpToReview) {
  const auto id = open();
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"⛓️ Step 1 of 6: Chain", "▰▱▱▱▱▱▱▱▱▱ 12%"},         {"🪙 Step 2 of 6: Asset", "▰▰▰▱▱▱▱▱▱▱ 25%"},
      {"📜 Step 3 of 6: Eligibility Rules", "▰▰▰▰▱▱▱▱▱▱ 37%"}, {"🎭 Step 4 of 6: Roles", "▰▰▰▰▰▱▱▱▱▱ 50%"},
      {"📺 Step 5 of 6: Channels", "▰▰▰▰▰▰▱▱▱▱ 62%"},        {"🔍 Step 6 of 6: Review", "▰▰▰▰▰▰▰▰▱▱ 75%"}};
  const std::vector<std::string> names = {"CHAIN_SELECT", "ASSET_CONFIG", "ELIGIBILITY_RULES", "ROLE_MAPPING",
                                          "CHANNEL_STRUCTURE", "REVIEW"};
  auto run = click("wizard:start:" + id);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    ASSERT_EQ(effects_of(run, "interaction.update_message").size(), 1u) << "the wizard's message is edited in place";
    EXPECT_EQ(embed(run)["title"], steps[i].first);
    EXPECT_EQ(field(embed(run), "Progress"), steps[i].second);
    EXPECT_TRUE(has_control(run, "wizard:back:" + id + ":" + names[i]));
    EXPECT_TRUE(has_control(run, "wizard:cancel:" + id));
    if (i + 1 < steps.size()) run = next(id, names[i]);
  }
  EXPECT_TRUE(has_control(run, "wizard:deploy:" + id));
  EXPECT_NE(field(embed(run), "Roles").find("**Naib** → *new*"), std::string::npos) << field(embed(run), "Roles");
  EXPECT_NE(field(embed(run), "Channels").find("**#the-door** → *new*"), std::string::npos);

  // Back from REVIEW, then from CHANNEL_STRUCTURE; a stale Next (of REVIEW) changes nothing.
  run = back(id, "REVIEW");
  EXPECT_EQ(embed(run)["title"], "📺 Step 5 of 6: Channels");
  run = back(id, "CHANNEL_STRUCTURE");
  EXPECT_EQ(embed(run)["title"], "🎭 Step 4 of 6: Roles");
  run = next(id, "CHANNEL_STRUCTURE");
  EXPECT_EQ(said(run), kStale);
  EXPECT_EQ(embed(run)["title"], "🎭 Step 4 of 6: Roles");
  // Back all the way: CHAIN_SELECT goes back to INIT, which has no Back.
  for (const char* s : {"ROLE_MAPPING", "ELIGIBILITY_RULES", "ASSET_CONFIG"}) back(id, s);
  run = back(id, "CHAIN_SELECT");
  EXPECT_EQ(embed(run)["title"], "🏜️ Sietch Setup");
  EXPECT_EQ(controls(run), (std::vector<std::string>{"wizard:start:" + id, "wizard:cancel:" + id}));
  EXPECT_EQ(said(back(id, "INIT")), kStale);
}

TEST_F(CommunitySetup, DeployCreatesTheRolesAndChannelsAndStoresTheConfiguration) {
  const auto id = open();
  to_review(id);
  const auto run = click("wizard:deploy:" + id);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto made_roles = effects_of(run, "guild.create_role");
  const auto made_channels = effects_of(run, "guild.create_channel");
  ASSERT_EQ(made_roles.size(), 15u);
  ASSERT_EQ(made_channels.size(), 8u);
  EXPECT_EQ(made_roles[0]["role"]["name"], "Naib") << "the most important role first, so it ends up on top";
  EXPECT_EQ(made_roles[0]["role"]["color"], 0xFFD700);
  EXPECT_EQ(made_roles[0]["role"]["hoist"], true);
  EXPECT_EQ(made_roles[0]["role"]["permissions"], "0");
  EXPECT_EQ(made_roles[14]["role"]["name"], "Hajra");
  EXPECT_NE(std::string(made_roles[0]["reason"]).find(kAdmin), std::string::npos);
  EXPECT_EQ(made_channels[0]["channel"]["name"], "the-door");
  EXPECT_EQ(made_channels[0]["channel"]["type"], 0);
  json council;
  for (const auto& c : made_channels) {
    if (c["channel"]["name"] == "naib-council") council = c["channel"];
  }
  ASSERT_TRUE(council.is_object());
  const auto c = config();
  ASSERT_EQ(council["permission_overwrites"].size(), 2u) << council.dump();
  EXPECT_EQ(council["permission_overwrites"][0]["id"], bench.guild_id()) << "@everyone may not view it";
  EXPECT_EQ(council["permission_overwrites"][0]["deny"], "1024");
  EXPECT_EQ(council["permission_overwrites"][1]["id"], c["naib_role_id"]) << "the Naib may";
  EXPECT_EQ(council["permission_overwrites"][1]["allow"], "1024");

  for (const auto* cols : {&kRoleColumns, &kChannelColumns}) {
    for (const auto& col : *cols) EXPECT_TRUE(c[col].is_string()) << col << " is stored";
  }
  EXPECT_EQ(c["complete"], true);
  EXPECT_EQ(c["updated_by"], kAdmin);
  EXPECT_EQ(bench.admin_exec("SELECT count(*) FROM audit_log WHERE community_id = $1::uuid AND "
                             "event_type = 'community_setup_deployed' AND actor = $2",
                             {bench.community_id(), kAdmin})[0][0].as<int>(),
            1);

  EXPECT_EQ(embed(run)["title"], "✅ Setup Complete");
  EXPECT_EQ(field(embed(run), "Progress"), "▰▰▰▰▰▰▰▰▰▰ 100%");
  EXPECT_NE(field(embed(run), "Roles").find("<@&" + c["naib_role_id"].get<std::string>() + "> created"),
            std::string::npos);
  EXPECT_TRUE(controls(run).empty()) << "a finished setup has no controls";
  // COMPLETE is reported by /resume.
  const auto resumed = command("resume");
  EXPECT_EQ(embed(resumed)["title"], "✅ Setup Complete");
  EXPECT_EQ(embed(resumed)["author"]["name"], "🔄 Session Resumed");
}

TEST_F(CommunitySetup, ChoicesDecideWhatIsDeployed) {
  const auto id = open();
  click("wizard:start:" + id);
  next(id, "CHAIN_SELECT");
  next(id, "ASSET_CONFIG");
  auto run = select("wizard:tiers:" + id, json::array({"ranks"}));
  EXPECT_EQ(embed(run)["title"], "📜 Step 3 of 6: Eligibility Rules") << "a choice stays on its step";
  next(id, "ELIGIBILITY_RULES");
  run = select("wizard:roles:" + id, json::array({"taqwa"}));
  EXPECT_EQ(field(embed(run), "Roles"), "**Naib** → *new*\n**Fedaykin** → *new*\n**Taqwa** → *new*");
  // A forged value changes nothing.
  EXPECT_EQ(said(select("wizard:roles:" + id, json::array({"taqwa", "emperor"}))), kUnknown);
  next(id, "ROLE_MAPPING");
  select("wizard:channels:" + id, json::array());
  run = next(id, "CHANNEL_STRUCTURE");
  EXPECT_EQ(field(embed(run), "Channels"), "**#the-door** → *new*\n**#census** → *new*");
  run = click("wizard:deploy:" + id);
  const auto made = effects_of(run, "guild.create_role");
  ASSERT_EQ(made.size(), 3u);
  EXPECT_EQ(made[2]["role"]["name"], "Taqwa");
  EXPECT_EQ(effects_of(run, "guild.create_channel").size(), 2u);
  const auto c = config();
  EXPECT_TRUE(c["taqwa_role_id"].is_string());
  EXPECT_TRUE(c["hajra_role_id"].is_null()) << "no tier roles were chosen";
  EXPECT_TRUE(c["oasis_channel_id"].is_null());
  EXPECT_EQ(c["complete"], true);
}

TEST_F(CommunitySetup, DeployAgainReusesWhatExistsInsteadOfDuplicating) {
  const auto first = open();
  to_review(first);
  ASSERT_EQ(effects_of(click("wizard:deploy:" + first), "guild.create_role").size(), 15u);
  const auto before = config();
  absorb_deployed();

  // A finished setup does not block a new one; the second DEPLOY finds everything by its stored id.
  const auto second = open();
  EXPECT_NE(second, first);
  const auto review = to_review(second);
  EXPECT_NE(field(embed(review), "Roles").find("(configured)"), std::string::npos);
  EXPECT_EQ(field(embed(review), "Roles").find("*new*"), std::string::npos) << field(embed(review), "Roles");
  const auto run = click("wizard:deploy:" + second);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_TRUE(effects_of(run, "guild.create_role").empty());
  EXPECT_TRUE(effects_of(run, "guild.create_channel").empty());
  auto after = config();
  EXPECT_EQ(after["updated_by"], kAdmin);
  for (const auto* cols : {&kRoleColumns, &kChannelColumns}) {
    for (const auto& col : *cols) EXPECT_EQ(after[col], before[col]) << col;
  }
  EXPECT_NE(field(embed(run), "Roles").find("reused"), std::string::npos);
  EXPECT_EQ(field(embed(run), "Roles").find("created"), std::string::npos);
}

TEST_F(CommunitySetup, DeployReusesRolesAndChannelsByStoredIdOrByName) {
  // The configured Naib role was renamed; a "fedaykin" role and a "The-Door" channel exist unconfigured.
  bench.admin_exec("UPDATE community_config SET naib_role_id = '860000000000000001' WHERE community_id = $1::uuid",
                   {bench.community_id()});
  roles.push_back({{"id", "860000000000000001"}, {"name", "Council of Seven"}, {"managed", false}});
  roles.push_back({{"id", "860000000000000002"}, {"name", "fedaykin"}, {"managed", false}});
  roles.push_back({{"id", "860000000000000003"}, {"name", "Naib"}, {"managed", false}});
  channels.push_back({{"id", "860000000000000004"}, {"name", "The-Door"}, {"type", 0}});
  channels.push_back({{"id", "860000000000000005"}, {"name", "census"}, {"type", 2}});  // a voice channel
  const auto id = open();
  const auto review = to_review(id);
  EXPECT_NE(field(embed(review), "Roles").find("**Naib** → <@&860000000000000001> (configured)"), std::string::npos);
  EXPECT_NE(field(embed(review), "Roles").find("**Fedaykin** → <@&860000000000000002> (existing)"), std::string::npos);
  const auto run = click("wizard:deploy:" + id);
  for (const auto& e : effects_of(run, "guild.create_role")) {
    EXPECT_NE(e["role"]["name"], "Naib");
    EXPECT_NE(e["role"]["name"], "Fedaykin");
  }
  EXPECT_EQ(effects_of(run, "guild.create_role").size(), 13u);
  EXPECT_EQ(effects_of(run, "guild.create_channel").size(), 7u) << "the-door reused; a voice 'census' is no text channel";
  const auto c = config();
  EXPECT_EQ(c["naib_role_id"], "860000000000000001");
  EXPECT_EQ(c["fedaykin_role_id"], "860000000000000002");
  EXPECT_EQ(c["the_door_channel_id"], "860000000000000004");
  EXPECT_NE(c["census_channel_id"], "860000000000000005");
}

TEST_F(CommunitySetup, AFailedDeployStoresNothingAndCanBeRetriedOrTakenBackToStart) {
  const auto id = open();
  to_review(id);
  guild_readable = false;
  auto run = click("wizard:deploy:" + id);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(embed(run)["title"], "❌ Deployment Failed");
  EXPECT_NE(std::string(embed(run)["description"]).find("Discord refused to list this server's roles and channels"),
            std::string::npos);
  EXPECT_EQ(controls(run), (std::vector<std::string>{"wizard:back:" + id + ":FAILED", "wizard:deploy:" + id,
                                                      "wizard:cancel:" + id}));
  EXPECT_TRUE(config()["naib_role_id"].is_null());

  guild_readable = true;
  run = click("wizard:deploy:" + id);  // Try Again
  EXPECT_EQ(embed(run)["title"], "✅ Setup Complete");
  EXPECT_TRUE(config()["naib_role_id"].is_string());

  // FAILED -> INIT through Back.
  const auto other = open();
  to_review(other);
  guild_readable = false;
  click("wizard:deploy:" + other);
  run = back(other, "FAILED");
  EXPECT_EQ(embed(run)["title"], "🏜️ Sietch Setup");
}

TEST_F(CommunitySetup, CancelEndsTheSession) {
  const auto id = open();
  click("wizard:start:" + id);
  const auto run = click("wizard:cancel:" + id);
  EXPECT_EQ(said(run), kCancelled);
  EXPECT_TRUE(controls(run).empty());
  EXPECT_EQ(said(next(id, "CHAIN_SELECT")), kExpired);
  EXPECT_EQ(said(command("resume")), kNoActive);
  EXPECT_NE(open(), id) << "/onboard starts a new session";
}

TEST_F(CommunitySetup, OnboardWithASetupUnderWayOffersResumeOrStartOver) {
  const auto id = open();
  click("wizard:start:" + id);
  next(id, "CHAIN_SELECT");
  const auto again = command("onboard");
  EXPECT_EQ(embed(again)["title"], "⏳ Setup Already in Progress");
  EXPECT_EQ(controls(again), (std::vector<std::string>{"wizard:resume-existing:" + id, "wizard:restart:" + id}));
  auto run = click("wizard:resume-existing:" + id);
  EXPECT_EQ(embed(run)["title"], "🪙 Step 2 of 6: Asset");
  run = click("wizard:restart:" + id);
  EXPECT_EQ(embed(run)["title"], "🏜️ Sietch Setup");
  const auto fresh = controls(run)[0].substr(std::string("wizard:start:").size());
  EXPECT_NE(fresh, id);
  EXPECT_EQ(said(next(id, "ASSET_CONFIG")), kExpired) << "the old session is gone";
}

TEST_F(CommunitySetup, ResumeShowsTheCurrentStepAfterAWorkerRestart) {
  const auto id = open();
  click("wizard:start:" + id);
  next(id, "CHAIN_SELECT");
  next(id, "ASSET_CONFIG");
  select("wizard:tiers:" + id, json::array({"ranks"}));
  next(id, "ELIGIBILITY_RULES");
  bench.restart_plugin();  // the session lives in the state service, not in the process
  bench.advance_clock(10 * kMinute);

  auto run = command("resume");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(embed(run)["author"]["name"], "🔄 Session Resumed");
  EXPECT_EQ(embed(run)["title"], "🎭 Step 4 of 6: Roles");
  const auto info = field(embed(run), "📋 Session Info");
  EXPECT_NE(info.find("ID `" + id + "`"), std::string::npos) << info;
  EXPECT_NE(info.find("Steps completed: 4 of 8"), std::string::npos) << info;
  EXPECT_TRUE(has_control(run, "wizard:roles:" + id));
  EXPECT_EQ(field(embed(run), "Roles").find("Hajra"), std::string::npos) << "the tier choice survived";

  run = command("resume", {{"session_id", id}});
  EXPECT_EQ(embed(run)["title"], "🎭 Step 4 of 6: Roles");
  run = next(id, "ROLE_MAPPING");
  EXPECT_EQ(embed(run)["title"], "📺 Step 5 of 6: Channels");
}

TEST_F(CommunitySetup, AnotherAdminIsRefusedAndUnknownSessionsAreExplained) {
  const auto id = open();
  click("wizard:start:" + id);
  EXPECT_EQ(said(next(id, "CHAIN_SELECT")).size(), 0u);
  EXPECT_EQ(said(click("wizard:next:" + id + ":ASSET_CONFIG", kOtherAdmin)), kNotYours);
  EXPECT_EQ(said(command("resume", {{"session_id", id}}, kOtherAdmin)), kNotYours);
  EXPECT_EQ(said(command("resume", json::object(), kOtherAdmin)), kNoActive);
  EXPECT_EQ(said(command("resume", {{"session_id", "0123456789abcdef"}})),
            "❌ Session `0123456789abcdef` was not found or has expired (a session lasts 15 minutes after its last "
            "step). Use /onboard to start a new one.");
  EXPECT_NE(said(command("resume", {{"session_id", "nope"}})).find("is not a wizard session id"), std::string::npos);
  EXPECT_EQ(said(click("wizard:next:nope")), kUnknown);
  EXPECT_EQ(said(click("wizard:fly:" + id)), kUnknown);
  // From another server (a payload for another guild naming this session).
  const auto other = bench.run({{"eventType", "interaction.button"},
                                {"guildId", "123456789012345678"},
                                {"userId", kAdmin},
                                {"interactionId", "400000000000000009"},
                                {"data", {{"type", 3}, {"customId", "wizard:next:" + id + ":ASSET_CONFIG"},
                                          {"componentType", 2}, {"memberPermissions", "8"}}}});
  EXPECT_EQ(said(other), "This wizard session belongs to another server. Use /onboard here to start one.");
  // Nothing of that moved the wizard.
  EXPECT_EQ(embed(command("resume"))["title"], "🪙 Step 2 of 6: Asset");
}

TEST_F(CommunitySetup, SessionsExpireFifteenMinutesAfterTheLastStep) {
  const auto id = open();
  bench.advance_clock(14 * kMinute);
  EXPECT_EQ(embed(click("wizard:start:" + id))["title"], "⛓️ Step 1 of 6: Chain");
  bench.advance_clock(14 * kMinute);  // 28 minutes after /onboard, 14 after the last step
  EXPECT_EQ(embed(next(id, "CHAIN_SELECT"))["title"], "🪙 Step 2 of 6: Asset");
  bench.advance_clock(15 * kMinute + 1);
  EXPECT_EQ(said(next(id, "ASSET_CONFIG")), kExpired);
  EXPECT_EQ(said(command("resume")), kNoActive);
  EXPECT_NE(std::string(said(command("resume", {{"session_id", id}}))).find("was not found or has expired"),
            std::string::npos);
}

TEST_F(CommunitySetup, OnlyAdministratorsMayUseTheWizard) {
  const auto refused = command("onboard", json::object(), kAdmin, "0");
  EXPECT_EQ(said(refused), "🔒 You need the Administrator permission to use /onboard.");
  EXPECT_EQ(said(command("resume", json::object(), kAdmin, "0")), "🔒 You need the Administrator permission to use /resume.");
  const auto id = open();
  EXPECT_EQ(said(click("wizard:start:" + id, kAdmin, "0")), "🔒 You need the Administrator permission to do this.");
  EXPECT_EQ(embed(command("resume"))["title"], "🏜️ Sietch Setup") << "the refused click changed nothing";
}

}  // namespace
