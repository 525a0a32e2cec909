// /directory against the real database (migrated, RLS on) on the seeded Sietch: 72 onboarded
// members, 7 of the Naib tier and 43 of the Fedaykin tier. Clicks are component payloads as the
// worker delivers them; the bench keeps the member's session between calls, as the worker does.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const std::string kNotYours = "This directory belongs to someone else — run /directory to get your own.";
const std::string kUnknownControl = "That directory control isn't recognised — run /directory to open a fresh one.";
const std::string kExpired =
    "⏳ Your directory view expired after 5 minutes without use, so it starts again from page 1.";
const std::string kOnboarding =
    "You need to complete onboarding before using this command. "
    "Check your DMs from the Sietch bot to finish setting up your profile.";

// A button (no values) or select (values) click on the directory message.
PluginRun click(PluginBench& bench, const std::string& user, const std::string& custom_id,
                const json& values = nullptr) {
  json data = {{"type", 3},
               {"customId", custom_id},
               {"componentType", values.is_null() ? 2 : 3},
               {"messageId", "500000000000000001"},
               {"memberPermissions", "0"}};
  if (!values.is_null()) data["values"] = values;
  return bench.interaction(values.is_null() ? "interaction.button" : "interaction.select", user, data);
}

// The one effect of `kind` in a run (null when there is none, a failure when there are several).
json only(const PluginRun& run, const std::string& kind) {
  json found = nullptr;
  for (const auto& e : run.effects) {
    if (e.value("kind", "") != kind) continue;
    EXPECT_TRUE(found.is_null()) << "more than one " << kind << ": " << run.effects.dump(1);
    found = e;
  }
  return found;
}

json updated(const PluginRun& run) {
  const auto e = only(run, "interaction.update_message");
  return e.is_null() ? e : e["message"];
}

json replied(const PluginRun& run) {
  const auto e = only(run, "interaction.reply");
  return e.is_null() ? e : e["message"];
}

std::string description(const json& message) { return message["embeds"][0].value("description", ""); }
std::string footer(const json& message) { return message["embeds"][0]["footer"].value("text", ""); }
const json& component(const json& message, std::size_t row, std::size_t index = 0) {
  return message["components"][row]["components"][index];
}
bool disabled(const json& button) { return button.value("disabled", false); }

// The value of the select option marked default.
std::string chosen(const json& select) {
  std::string value;
  for (const auto& o : select["options"]) {
    if (o.value("default", false)) value += o["value"].get<std::string>();
  }
  return value;
}

// The nyms of a page, in order, from its lines.
std::vector<std::string> nyms(const json& message) {
  std::vector<std::string> out;
  const std::string text = description(message);
  for (std::size_t at = text.find("**"); at != std::string::npos; at = text.find("**", at)) {
    const auto end = text.find("**", at + 2);
    out.push_back(text.substr(at + 2, end - at - 2));
    at = end + 2;
  }
  return out;
}

class DirectoryPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    bench_.advance_clock(0);  // a fixed clock: sessions and the cache expire when a test moves it on
    seeded_ = seed_sietch(bench_);
  }
  void TearDown() override { clear_ranking(bench_); }

  PluginRun open(int member) { return bench_.command("directory", json::object(), member_discord_id(member)); }
  PluginRun press(int member, const std::string& control, int owner = 0, const json& values = nullptr) {
    return click(bench_, member_discord_id(member),
                 "directory_" + control + ":" + member_discord_id(owner ? owner : member), values);
  }

  PluginBench bench_{"directory"};
  SeededSietch seeded_;
};

TEST_F(DirectoryPlugin, OpensOnPageOneByNameWithItsControls) {
  const std::string user = member_discord_id(20);
  const auto run = open(20);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto message = replied(run);
  ASSERT_TRUE(message.is_object()) << run.effects.dump(1);
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "📖 Member Directory");
  EXPECT_EQ(embed["color"], 0x4169E1);
  EXPECT_EQ(description(message),
            "1. 👑 **chani-1** 🆕 (1 badge)\n"
            "2. 🤝 **chani-121** 🆕 (1 badge)\n"
            "3. ⚔️ **chani-13** 🆕 (3 badges)\n"
            "4. ⚔️ **chani-25** ⭐ (0 badges)\n"
            "5. ⚔️ **chani-37** ⭐ (2 badges)\n"
            "6. ⚔️ **chani-61** ✨ (1 badge)\n"
            "7. 🌸 **chani-97** ✨ (2 badges)\n"
            "8. 🌸 **Farok-104** ✨ (4 badges)\n"
            "9. ⚔️ **Farok-20** 👑 (0 badges)\n"
            "10. ⚔️ **Farok-32** ✨ (2 badges)");
  EXPECT_EQ(footer(message), "Page 1/8 • 72 total members");

  ASSERT_EQ(message["components"].size(), 3u);
  const auto& tier = component(message, 0);
  EXPECT_EQ(tier["custom_id"], "directory_tier:" + user);
  EXPECT_EQ(chosen(tier), "all");
  ASSERT_EQ(tier["options"].size(), 3u);
  EXPECT_EQ(tier["options"][0]["label"], "👥 All Members");
  EXPECT_EQ(tier["options"][1]["label"], "👑 Naib (Top 7)");
  EXPECT_EQ(tier["options"][1]["value"], "naib");
  EXPECT_EQ(tier["options"][2]["label"], "⚔️ Fedaykin");
  const auto& sort = component(message, 1);
  EXPECT_EQ(sort["custom_id"], "directory_sort:" + user);
  EXPECT_EQ(chosen(sort), "nym");
  EXPECT_EQ(sort["options"][0]["label"], "Name (A-Z)");
  EXPECT_EQ(sort["options"][1]["label"], "Tenure (Oldest first)");
  EXPECT_EQ(sort["options"][2]["value"], "badgeCount");
  const auto& prev = component(message, 2, 0);
  const auto& refresh = component(message, 2, 1);
  const auto& next = component(message, 2, 2);
  EXPECT_EQ(prev["custom_id"], "directory_prev:" + user);
  EXPECT_EQ(refresh["custom_id"], "directory_refresh:" + user);
  EXPECT_EQ(next["custom_id"], "directory_next:" + user);
  for (const auto* b : {&prev, &refresh, &next}) EXPECT_EQ((*b)["style"], 2) << "Secondary buttons";
  EXPECT_TRUE(disabled(prev)) << "no page before the first";
  EXPECT_FALSE(disabled(refresh));
  EXPECT_FALSE(disabled(next));

  const auto session = only(run, "session.put");
  ASSERT_TRUE(session.is_object());
  EXPECT_EQ(session["type"], "directory");
  EXPECT_EQ(session["user"], user);
  EXPECT_EQ(session["data"], json({{"tier", "all"}, {"sort", "nym"}, {"page", 1}}));
  EXPECT_EQ(session["ttlMs"], 300000);
}

TEST_F(DirectoryPlugin, PagesToTheLastPageAndStaysThere) {
  open(20);
  json message;
  for (int page = 2; page <= 8; ++page) {
    const auto run = press(20, "next");
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    message = updated(run);
    ASSERT_TRUE(message.is_object()) << "edits the message in place: " << run.effects.dump(1);
    EXPECT_TRUE(replied(run).is_null()) << "no new message";
    EXPECT_EQ(footer(message), "Page " + std::to_string(page) + "/8 • 72 total members");
    EXPECT_EQ(message.value("content", "?"), "");
    EXPECT_FALSE(disabled(component(message, 2, 0))) << "page " << page;
    EXPECT_EQ(disabled(component(message, 2, 2)), page == 8) << "page " << page;
  }
  EXPECT_EQ(description(message),
            "71. 🌱 **Turok-502** ⭐ (2 badges)\n"
            "72. 🔮 **Turok-70** 👑 (0 badges)");
  EXPECT_EQ(description(updated(press(20, "next"))), description(message)) << "clamped to the last page";
  const auto after = updated(press(20, "next"));
  EXPECT_EQ(footer(after), "Page 8/8 • 72 total members");

  const auto back = updated(press(20, "prev"));
  EXPECT_EQ(footer(back), "Page 7/8 • 72 total members");
  EXPECT_EQ(nyms(back).front(), "Stilgar-72");
  EXPECT_EQ(description(back).rfind("61. ", 0), 0u);
  const auto refreshed = updated(press(20, "refresh"));
  EXPECT_EQ(footer(refreshed), "Page 7/8 • 72 total members") << "refresh keeps the page";
}

TEST_F(DirectoryPlugin, PreviousOnPageOneStaysOnPageOne) {
  open(20);
  const auto message = updated(press(20, "prev"));
  EXPECT_EQ(footer(message), "Page 1/8 • 72 total members");
  EXPECT_TRUE(disabled(component(message, 2, 0)));
}

TEST_F(DirectoryPlugin, TierFiltersResetToPageOne) {
  open(20);
  press(20, "next");
  press(20, "next");
  const auto naib = updated(press(20, "tier", 0, json::array({"naib"})));
  ASSERT_TRUE(naib.is_object());
  EXPECT_EQ(footer(naib), "Page 1/1 • 7 total members");
  EXPECT_EQ(nyms(naib), (std::vector<std::string>{"chani-1", "harah-3", "Jamis-2", "Korba-6", "liet-5", "Otheym-4",
                                                  "tharthar-7"}));
  EXPECT_EQ(description(naib).rfind("1. 👑 **chani-1** 🆕 (1 badge)\n", 0), 0u);
  EXPECT_EQ(chosen(component(naib, 0)), "naib");
  EXPECT_TRUE(disabled(component(naib, 2, 0)));
  EXPECT_TRUE(disabled(component(naib, 2, 2))) << "one page only";

  const auto fedaykin = updated(press(20, "tier", 0, json::array({"fedaykin"})));
  EXPECT_EQ(footer(fedaykin), "Page 1/5 • 43 total members");
  EXPECT_EQ(nyms(fedaykin).front(), "chani-13");
  const auto last = updated(press(20, "next"));
  EXPECT_EQ(footer(last), "Page 2/5 • 43 total members");
  EXPECT_EQ(chosen(component(last, 0)), "fedaykin") << "the filter is kept while paging";
  const auto session = only(press(20, "refresh"), "session.put");
  EXPECT_EQ(session["data"], json({{"tier", "fedaykin"}, {"sort", "nym"}, {"page", 2}}));

  const auto all = updated(press(20, "tier", 0, json::array({"all"})));
  EXPECT_EQ(footer(all), "Page 1/8 • 72 total members");
}

TEST_F(DirectoryPlugin, AnEmptyTierShowsAFriendlyEmptyPage) {
  bench_.admin_exec("UPDATE profiles SET tier = 'fedaykin' WHERE community_id = $1::uuid AND tier = 'naib'",
                    {bench_.community_id()});
  open(20);
  const auto message = updated(press(20, "tier", 0, json::array({"naib"})));
  ASSERT_TRUE(message.is_object());
  EXPECT_EQ(description(message), "👑 No members hold the Naib tier right now. Pick another tier above.");
  EXPECT_EQ(footer(message), "Page 1/1 • 0 total members");
  EXPECT_TRUE(disabled(component(message, 2, 0)));
  EXPECT_TRUE(disabled(component(message, 2, 2)));
  EXPECT_EQ(footer(updated(press(20, "next"))), "Page 1/1 • 0 total members");
}

TEST_F(DirectoryPlugin, SortsByTenureOldestFirstAndByBadges) {
  open(20);
  press(20, "next");
  const auto tenure = updated(press(20, "sort", 0, json::array({"tenure"})));
  ASSERT_TRUE(tenure.is_object());
  EXPECT_EQ(footer(tenure), "Page 1/8 • 72 total members") << "a new sort goes back to page 1";
  EXPECT_EQ(chosen(component(tenure, 1)), "tenure");
  // The members who joined in the OG window come first, earliest first, then by days since joining.
  EXPECT_EQ(nyms(tenure), (std::vector<std::string>{"Turok-10", "Farok-20", "Korba-30", "Otheym-40", "Stilgar-60",
                                                    "Turok-70", "Otheym-100", "Stilgar-120", "chani-97", "Farok-32"}));
  EXPECT_EQ(description(tenure).rfind("1. ⚔️ **Turok-10** 👑 (0 badges)\n", 0), 0u);
  const auto newest = updated(press(20, "next"));  // page 2 keeps the order
  EXPECT_EQ(nyms(newest).front(), "shishakli-21");

  const auto badges = updated(press(20, "sort", 0, json::array({"badgeCount"})));
  EXPECT_EQ(footer(badges), "Page 1/8 • 72 total members");
  // Ties on the count go by name; Jamis-14's revoked badge does not count.
  EXPECT_EQ(nyms(badges), (std::vector<std::string>{"Farok-104", "harah-39", "harah-99", "Jamis-14", "liet-29",
                                                    "Otheym-124", "Otheym-4", "Otheym-64", "shishakli-69",
                                                    "shishakli-9"}));
  EXPECT_NE(description(badges).find("4. ⚔️ **Jamis-14** ⭐ (4 badges)"), std::string::npos) << description(badges);
}

TEST_F(DirectoryPlugin, SomeoneElsesButtonIsRefusedPrivately) {
  open(20);
  for (const char* control : {"next", "prev", "refresh"}) {
    const auto run = press(21, control, 20);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    const auto reply = replied(run);
    ASSERT_TRUE(reply.is_object()) << run.effects.dump(1);
    EXPECT_EQ(reply["content"], kNotYours);
    EXPECT_EQ(reply["flags"], 64);
    EXPECT_TRUE(updated(run).is_null()) << "the owner's message is left alone";
    EXPECT_TRUE(only(run, "session.put").is_null());
  }
  const auto select = press(21, "tier", 20, json::array({"naib"}));
  EXPECT_EQ(replied(select)["content"], kNotYours);
  EXPECT_TRUE(updated(select).is_null());
  EXPECT_EQ(footer(updated(press(20, "next"))), "Page 2/8 • 72 total members") << "the owner's view is untouched";
}

TEST_F(DirectoryPlugin, AnExpiredSessionStartsAgainFromPageOneWithANote) {
  open(20);
  press(20, "next");
  press(20, "next");
  bench_.advance_clock(4 * 60 * 1000);
  EXPECT_EQ(footer(updated(press(20, "refresh"))), "Page 3/8 • 72 total members") << "4 minutes: still there";
  bench_.advance_clock(4 * 60 * 1000);
  EXPECT_EQ(footer(updated(press(20, "refresh"))), "Page 3/8 • 72 total members")
      << "8 minutes after opening but 4 after the last use: the 5 minutes count from the last use";
  bench_.advance_clock(5 * 60 * 1000);  // 5 minutes without use: the session has expired
  const auto run = press(20, "next");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto message = updated(run);
  ASSERT_TRUE(message.is_object()) << run.effects.dump(1);
  EXPECT_EQ(message["content"], kExpired);
  EXPECT_EQ(footer(message), "Page 1/8 • 72 total members");
  EXPECT_EQ(nyms(message).front(), "chani-1");
  EXPECT_EQ(only(run, "session.put")["data"], json({{"tier", "all"}, {"sort", "nym"}, {"page", 1}}));
  const auto later = updated(press(20, "next"));
  EXPECT_EQ(later["content"], "") << "the note goes with the next update";
  EXPECT_EQ(footer(later), "Page 2/8 • 72 total members");

  bench_.advance_clock(5 * 60 * 1000);
  const auto select = updated(press(20, "sort", 0, json::array({"tenure"})));
  EXPECT_EQ(select["content"], kExpired);
  EXPECT_EQ(nyms(select).front(), "Turok-10") << "the choice made is applied to the fresh view";
}

TEST_F(DirectoryPlugin, ForgedControlsAreRefusedPrivately) {
  open(20);
  const std::string user = member_discord_id(20);
  for (const std::string& id : std::vector<std::string>{"directory_next", "directory_next:", "directory_jump:" + user,
                         "directory_next:" + user + "x", "directory_:" + user, "directory_next:abc"}) {
    const auto run = click(bench_, user, id);
    ASSERT_EQ(run.status, ARRAKIS_OK) << id << ": " << run.error;
    EXPECT_EQ(replied(run)["content"], kUnknownControl) << id;
    EXPECT_EQ(replied(run)["flags"], 64) << id;
    EXPECT_TRUE(updated(run).is_null()) << id;
  }
  for (const auto& [control, values] : {std::pair{"tier", json::array({"everyone"})},
                                       std::pair{"sort", json::array({"wealth"})},
                                       std::pair{"tier", json::array()},
                                       std::pair{"sort", json::array({"nym", "tenure"})}}) {
    const auto run = press(20, control, 0, values);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(replied(run)["content"], kUnknownControl) << values.dump();
    EXPECT_TRUE(updated(run).is_null());
  }
  EXPECT_EQ(footer(updated(press(20, "refresh"))), "Page 1/8 • 72 total members");
}

TEST_F(DirectoryPlugin, OnlyOnboardedMembersMayBrowse) {
  for (int member : {41, 43}) {  // never finished onboarding; left the server
    const auto run = open(member);
    ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(replied(run)["content"], kOnboarding);
    EXPECT_EQ(replied(run)["flags"], 64);
    EXPECT_TRUE(only(run, "session.put").is_null());
    const auto button = press(member, "next");
    EXPECT_EQ(replied(button)["content"], kOnboarding);
    EXPECT_TRUE(updated(button).is_null());
  }
}

TEST_F(DirectoryPlugin, DepartedAndUnfinishedMembersAreNotListed) {
  open(20);
  std::string all;
  for (int page = 1; page <= 8; ++page) {
    const auto run = page == 1 ? press(20, "refresh") : press(20, "next");
    all += description(updated(run)) + "\n";
  }
  for (int member : {41, 42, 43}) EXPECT_EQ(all.find("**" + nym(member) + "**"), std::string::npos) << member;
  EXPECT_NE(all.find("**Turok-502**"), std::string::npos) << "a member with no wallet is still a member";
}

}  // namespace
