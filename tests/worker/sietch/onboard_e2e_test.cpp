// /onboard (the community-setup wizard) through the full path: an administrator walks the wizard to
// DEPLOY in discord-sim, whose guild already has most of the Sietch's roles and every channel; two of
// its roles were renamed first, so DEPLOY creates those two and reuses the rest, and discord-sim then
// has them. A second setup, resumed with /resume across a worker restart, deploys again without
// creating anything. The community configuration is put back afterwards for the other tests.
#include <chrono>
#include <functional>
#include <thread>

#include "arrakis/discord_sim/community_model.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

const std::vector<std::string> kConfigColumns = {
    "naib_role_id",        "fedaykin_role_id",       "onboarded_role_id",        "engaged_role_id",
    "veteran_role_id",     "trusted_role_id",        "former_naib_role_id",      "taqwa_role_id",
    "hajra_role_id",       "ichwan_role_id",         "qanat_role_id",            "sihaya_role_id",
    "mushtamal_role_id",   "sayyadina_role_id",      "usul_role_id",             "the_door_channel_id",
    "census_channel_id",   "sietch_lounge_channel_id", "naib_council_channel_id", "introductions_channel_id",
    "cave_entrance_channel_id", "oasis_channel_id",  "announcements_channel_id", "updated_by"};

std::string column_list() {
  std::string cols;
  for (const auto& c : kConfigColumns) cols += (cols.empty() ? "" : ", ") + c;
  return cols;
}

json config_of(const std::string& community) {
  return json::parse(
      admin_exec("SELECT to_jsonb(c) FROM community_config c WHERE community_id = $1::uuid", {community})[0][0].c_str());
}

void restore_config(const std::string& community, const json& saved) {
  admin_exec("UPDATE community_config SET (" + column_list() + ") = (SELECT " + column_list() +
                 " FROM jsonb_populate_record(NULL::community_config, $2::jsonb)) WHERE community_id = $1::uuid",
             {community, saved.dump()});
}

// The simulated guild's roles (or channels) with this name.
std::vector<std::string> sim_ids(arrakis::testing::FullPathStack& stack, const char* list, const std::string& name) {
  std::vector<std::string> ids;
  const json model = stack.harness().sim().model().to_json();
  for (const auto& r : model["guilds"][0][list]) {
    if (r["name"] == name) ids.push_back(r["id"]);
  }
  return ids;
}

std::string sim_role_id(arrakis::testing::FullPathStack& stack, const std::string& key) {
  const json model = stack.harness().sim().model().to_json();
  for (const auto& r : model["guilds"][0]["roles"]) {
    if (r["key"] == key) return r["id"];
  }
  return "";
}

std::size_t sim_count(arrakis::testing::FullPathStack& stack, const char* list) {
  const json model = stack.harness().sim().model().to_json();
  return model["guilds"][0][list].size();
}

// The worker edits the message before its call commits: wait for DEPLOY's audit row number `n`.
bool deployed(const std::string& community, int n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (admin_exec("SELECT count(*) FROM audit_log WHERE community_id = $1::uuid AND "
                   "event_type = 'community_setup_deployed'", {community})[0][0].as<int>() >= n) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string title(const json& message) {
  return message.contains("embeds") && !message["embeds"].empty() ? message["embeds"][0].value("title", "") : "";
}

}  // namespace

TEST_F(SietchFullPath, OnboardDeploysIntoDiscordAndASecondDeployAfterResumeDuplicatesNothing) {
  const auto community = stack().community_id();
  const auto saved = config_of(community);
  admin_exec("UPDATE community_config SET (" + column_list() + ") = (SELECT " + column_list() +
                 " FROM jsonb_populate_record(NULL::community_config, '{}'::jsonb)) WHERE community_id = $1::uuid",
             {community});
  auto& model = stack().harness().sim().model();
  const auto guild = std::stoull(stack().guild_id());
  const auto old_taqwa = sim_role_id(stack(), "taqwa");
  const auto old_usul = sim_role_id(stack(), "usul");
  ASSERT_TRUE(model.modify_role(guild, std::stoull(old_taqwa), {{"name", "Taqwa (old)"}}).ok());
  ASSERT_TRUE(model.modify_role(guild, std::stoull(old_usul), {{"name", "Usul (old)"}}).ok());
  // Put back even when an assertion ends the test early (the suite shares one guild and database).
  struct Restore {
    std::function<void()> undo;
    ~Restore() { undo(); }
  } restore{[&] {
    model.modify_role(guild, std::stoull(old_taqwa), {{"name", "Taqwa"}});
    model.modify_role(guild, std::stoull(old_usul), {{"name", "Usul"}});
    restore_config(community, saved);
  }};
  const auto roles_before = sim_count(stack(), "roles");
  const auto channels_before = sim_count(stack(), "channels");
  const auto admin = sim_member(stack(), true);

  // The message a click is on is its original response, showing the previous step until the worker
  // edits it: wait for the step expected.
  const auto shown = [&](const arrakis::testing::SimInteraction& click, const std::string& expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    json message = stack().original_message(click);
    while (title(message) != expected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      message = stack().original_message(click);
    }
    return message;
  };
  // A walk from /onboard to REVIEW (or ROLE_MAPPING) with the default choices; returns the session id.
  const auto walk = [&](bool to_review) {
    const auto i = stack().command("onboard", admin);
    EXPECT_EQ(stack().first_response(i)["data"].value("flags", 0u) & 64u, 64u) << "the wizard is private";
    const auto first = stack().original_message(i);
    EXPECT_EQ(title(first), "🏜️ Sietch Setup") << first.dump() << stack().logs();
    const auto rows = first.value("components", json::array());
    const std::string start = rows.empty() ? "" : rows[0]["components"][0].value("custom_id", "");
    const std::string id = start.substr(std::string("wizard:start:").size());
    stack().act({{"kind", "component"}, {"custom_id", start}, {"user", admin}});
    std::vector<std::string> steps = {"CHAIN_SELECT", "ASSET_CONFIG", "ELIGIBILITY_RULES"};
    if (to_review) steps.insert(steps.end(), {"ROLE_MAPPING", "CHANNEL_STRUCTURE"});
    arrakis::testing::SimInteraction last;
    for (const auto& s : steps) {
      last = stack().act({{"kind", "component"}, {"custom_id", "wizard:next:" + id + ":" + s}, {"user", admin}});
    }
    EXPECT_EQ(title(shown(last, to_review ? "🔍 Step 6 of 6: Review" : "🎭 Step 4 of 6: Roles")),
              to_review ? "🔍 Step 6 of 6: Review" : "🎭 Step 4 of 6: Roles");
    return id;
  };
  const auto deploy = [&](const std::string& id) {
    return shown(stack().act({{"kind", "component"}, {"custom_id", "wizard:deploy:" + id}, {"user", admin}}),
                 "✅ Setup Complete");
  };

  const auto first = walk(true);
  const auto done = deploy(first);
  EXPECT_EQ(title(done), "✅ Setup Complete") << done.dump() << stack().logs();
  ASSERT_TRUE(deployed(community, 1)) << stack().logs();

  // Discord now has a Taqwa and a Usul role again (created), and nothing else new.
  const auto taqwa = sim_ids(stack(), "roles", "Taqwa");
  const auto usul = sim_ids(stack(), "roles", "Usul");
  ASSERT_EQ(taqwa.size(), 1u);
  ASSERT_EQ(usul.size(), 1u);
  EXPECT_NE(taqwa[0], old_taqwa);
  EXPECT_EQ(sim_count(stack(), "roles"), roles_before + 2);
  EXPECT_EQ(sim_count(stack(), "channels"), channels_before) << "every channel existed and was reused";
  auto config = config_of(community);
  EXPECT_EQ(config["taqwa_role_id"], taqwa[0]);
  EXPECT_EQ(config["usul_role_id"], usul[0]);
  EXPECT_EQ(config["naib_role_id"], sim_role_id(stack(), "naib")) << "reused by name";
  EXPECT_EQ(config["former_naib_role_id"], sim_role_id(stack(), "formerNaib"));
  EXPECT_EQ(config["the_door_channel_id"], sim_ids(stack(), "channels", "the-door").at(0));
  EXPECT_EQ(config["naib_council_channel_id"], sim_ids(stack(), "channels", "naib-council").at(0));
  EXPECT_EQ(config["complete"], true);
  EXPECT_EQ(config["updated_by"], admin);

  // A second setup, half-way when the worker restarts: /resume brings it back, and its DEPLOY
  // reuses everything.
  const auto second = walk(false);
  EXPECT_NE(second, first);
  stack().harness().stop_worker();
  stack().harness().start_worker();
  ASSERT_TRUE(stack().harness().wait_for_health(200, std::chrono::seconds(30))) << stack().logs();
  const auto resumed = stack().original_message(stack().command("resume", admin));
  EXPECT_EQ(resumed["embeds"][0]["author"]["name"], "🔄 Session Resumed") << resumed.dump();
  EXPECT_EQ(title(resumed), "🎭 Step 4 of 6: Roles");
  for (const char* s : {"ROLE_MAPPING", "CHANNEL_STRUCTURE"}) {
    stack().act({{"kind", "component"}, {"custom_id", "wizard:next:" + second + ":" + s}, {"user", admin}});
  }
  const auto again = deploy(second);
  EXPECT_EQ(title(again), "✅ Setup Complete") << again.dump();
  ASSERT_TRUE(deployed(community, 2)) << stack().logs();
  EXPECT_EQ(sim_count(stack(), "roles"), roles_before + 2) << "no role created twice";
  EXPECT_EQ(sim_count(stack(), "channels"), channels_before);
  const auto after = config_of(community);
  for (const auto& c : kConfigColumns) EXPECT_EQ(after[c], config[c]) << c;
  EXPECT_TRUE(stack().harness().drain_dlq().empty());
}
