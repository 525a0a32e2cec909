// The interaction flows of ABI 1.1 through the real worker, answering discord-sim (which refuses
// a response type Discord would refuse): a plugin's own defer with its chosen visibility, a button
// that opens a modal, a chain of three modals, a refusal on a public command seen by the user
// alone, a modal opened by a slash command, DM clicks placed in their community, admin-only buttons.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "arrakis/discord_sim/community_model.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

class WorkerFlows : public ::testing::Test {
 protected:
  void SetUp() override {
    h.add_plugin("libflows.so");
    h.start_worker();
    ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();
  }
  std::string callback_path(const SimInteraction& i) { return "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback"; }
  SimInteraction command(const std::string& name, json options = json::object(), std::uint64_t user = 42) {
    InteractionSpec s;
    s.type = 2;
    s.event_type = "interaction.command." + name;
    s.name = name;
    s.data = {{"options", options}};
    s.user_id = user;
    return h.interaction(s);
  }
  // Every REST call of one interaction (its callback and its webhook), in order.
  json calls_of(const SimInteraction& i) { return h.rest_calls(i.token); }
  WorkerHarness h;
};

TEST_F(WorkerFlows, OwnProfileIsDeferredEphemerallyAndSomeoneElsesPublicly) {
  const auto own = command("flows-profile");
  const auto other = command("flows-profile", {{"user", "777"}});
  ASSERT_TRUE(h.wait_for_calls(own.token + "/messages/@original", 1, 20s)) << h.worker().log();
  ASSERT_TRUE(h.wait_for_calls(other.token + "/messages/@original", 1, 20s)) << h.worker().log();

  const auto own_callbacks = h.rest_calls(callback_path(own));
  ASSERT_EQ(own_callbacks.size(), 1u) << "the plugin's own defer is the only first response: " << own_callbacks.dump(1);
  EXPECT_EQ(body_of(own_callbacks[0])["type"], 5);
  EXPECT_EQ(body_of(own_callbacks[0])["data"]["flags"], 64);
  const auto other_callbacks = h.rest_calls(callback_path(other));
  ASSERT_EQ(other_callbacks.size(), 1u);
  EXPECT_EQ(body_of(other_callbacks[0])["type"], 5);
  EXPECT_FALSE(body_of(other_callbacks[0]).contains("data")) << "someone else's profile is public";
  // The reply after the plugin's defer edits the deferred response (not a second callback: 40060).
  const auto edit = h.rest_calls(own.token + "/messages/@original");
  EXPECT_EQ(edit[0]["method"], "PATCH");
  EXPECT_EQ(body_of(edit[0])["content"], "your profile");
  EXPECT_EQ(body_of(h.rest_calls(other.token + "/messages/@original")[0])["content"], "profile of 777");
  for (const auto& c : calls_of(own)) EXPECT_LT(c.value("status", 200), 300) << c.dump();
}

TEST_F(WorkerFlows, RefusalOnAPublicCommandReachesOnlyTheUser) {
  const auto i = command("flows-naib", {{"onboarded", false}});
  ASSERT_TRUE(h.wait_for_calls("/webhooks/", 2, 20s)) << h.worker().log() << h.rest_calls("/").dump(1);
  const auto callbacks = h.rest_calls(callback_path(i));
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_FALSE(body_of(callbacks[0]).contains("data")) << "/flows-naib is deferred publicly";
  const auto calls = calls_of(i);
  bool deleted = false, private_followup = false, public_edit = false;
  for (const auto& c : calls) {
    const std::string path = c.value("path", "");
    if (c["method"] == "DELETE" && path.find("@original") != std::string::npos) deleted = true;
    if (c["method"] == "POST" && path.find("/webhooks/") != std::string::npos) {
      private_followup = body_of(c)["flags"] == 64 && body_of(c)["content"] == "You need to complete onboarding first.";
    }
    if (c["method"] == "PATCH" && path.find("@original") != std::string::npos) public_edit = true;
  }
  EXPECT_TRUE(deleted) << "the public placeholder is removed: " << calls.dump(1);
  EXPECT_TRUE(private_followup) << calls.dump(1);
  EXPECT_FALSE(public_edit) << "the refusal never lands in the public response";
}

TEST_F(WorkerFlows, AButtonOpensAModalAndAChainOfThreeModalsCompletes) {
  const json message = {{"id", "5001"}, {"channel_id", "1"}};
  for (int step = 1; step <= 3; ++step) {
    InteractionSpec click;
    click.type = 3;
    click.event_type = "interaction.button";
    click.name = "flows:open:" + std::to_string(step);
    click.data = {{"componentType", 2}};
    click.source_message = message;
    const auto c = h.interaction(click);
    ASSERT_TRUE(h.wait_for_calls(callback_path(c), 1, 20s)) << h.worker().log();
    const auto cb = h.rest_calls(callback_path(c));
    ASSERT_EQ(cb.size(), 1u) << "a button that opens a modal is not deferred first";
    EXPECT_EQ(body_of(cb[0])["type"], 9);
    EXPECT_EQ(body_of(cb[0])["data"]["custom_id"], "flows:modal:" + std::to_string(step));
    EXPECT_LT(cb[0].value("status", 0), 300) << cb[0].dump();

    InteractionSpec submit;
    submit.type = 5;
    submit.event_type = "interaction.modal";
    submit.name = "flows:modal:" + std::to_string(step);
    submit.data = {{"fields", {{"answer", "a" + std::to_string(step)}}}};
    submit.source_message = message;  // opened from the button's message
    const auto s = h.interaction(submit);
    ASSERT_TRUE(h.wait_for_calls(s.token + "?wait=true", 1, 20s)) << h.worker().log() << calls_of(s).dump(1);
    const auto reply = body_of(h.rest_calls(s.token + "?wait=true")[0]);
    if (step < 3) {
      EXPECT_EQ(reply["components"][0]["components"][0]["custom_id"], "flows:open:" + std::to_string(step + 1));
    } else {
      EXPECT_EQ(reply["content"], "chain complete: a3");
    }
    EXPECT_EQ(body_of(h.rest_calls(callback_path(s))[0])["type"], 6) << "a component's modal updates its message";
  }
  EXPECT_TRUE(h.drain_dlq().empty());
}

TEST_F(WorkerFlows, AModalOpenedByASlashCommandIsDeferredAsANewMessage) {
  const auto open = command("flows-modal");
  ASSERT_TRUE(h.wait_for_calls(callback_path(open), 1, 20s)) << h.worker().log();
  EXPECT_EQ(body_of(h.rest_calls(callback_path(open))[0])["type"], 9);
  InteractionSpec submit;
  submit.type = 5;
  submit.event_type = "interaction.modal";
  submit.name = "flows:modal:3";
  submit.data = {{"fields", {{"answer", "x"}}}};  // no message: opened by a slash command
  const auto s = h.interaction(submit);
  ASSERT_TRUE(h.wait_for_calls(s.token + "/messages/@original", 1, 20s)) << h.worker().log() << calls_of(s).dump(1);
  const auto cb = h.rest_calls(callback_path(s));
  ASSERT_EQ(cb.size(), 1u);
  EXPECT_EQ(body_of(cb[0])["type"], 5) << "type 6 is refused for a modal without a message";
  EXPECT_LT(cb[0].value("status", 0), 300);
  EXPECT_EQ(body_of(h.rest_calls(s.token + "/messages/@original")[0])["content"], "chain complete: x");
}

TEST_F(WorkerFlows, ADmButtonReachesItsPluginInTheCommunityThatSentTheDm) {
  // A simulated member who accepts DMs (Discord answers 10013 for a user it does not know).
  std::uint64_t member = 0;
  std::mt19937_64 rng(7);
  for (int tries = 0; tries < 50 && member == 0; ++tries) {
    auto m = h.sim().model().random_member(h.sim().model().guild_ids().at(0), rng);
    if (m && !m->user.blocks_dms) member = m->user.id;
  }
  ASSERT_NE(member, 0u);
  const auto send = command("flows-dm", json::object(), member);
  ASSERT_TRUE(h.wait_for_calls("/channels/", 1, 20s)) << h.worker().log() << h.rest_calls("/").dump(1);
  InteractionSpec click;
  click.type = 3;
  click.event_type = "interaction.button";
  click.name = "flows:dm";
  click.dm = true;
  click.user_id = member;
  click.data = {{"componentType", 2}};
  click.source_message = {{"id", "not-recorded"}};  // falls back to the member's latest DM
  const auto c = h.interaction(click);
  ASSERT_TRUE(h.wait_for_calls(c.token + "/messages/@original", 1, 20s)) << h.worker().log() << calls_of(c).dump(1);
  const auto answer = body_of(h.rest_calls(c.token + "/messages/@original")[0]);
  const std::string content = answer.value("content", "");
  EXPECT_NE(content.find("guild " + h.guild_id()), std::string::npos) << content;
  EXPECT_EQ(content.find("community  "), std::string::npos) << "a community was resolved: " << content;
  (void)send;
}

TEST_F(WorkerFlows, ADmClickWithNoKnownCommunityGetsAClearAnswer) {
  InteractionSpec click;
  click.type = 3;
  click.event_type = "interaction.button";
  click.name = "flows:dm";
  click.dm = true;
  click.user_id = 990000 + static_cast<std::uint64_t>(::getpid() % 1000);  // never sent a DM
  click.data = {{"componentType", 2}};
  const auto c = h.interaction(click);
  ASSERT_TRUE(h.wait_for_calls(c.token, 2, 20s)) << h.worker().log() << calls_of(c).dump(1);
  bool told = false;
  for (const auto& r : calls_of(c)) {
    const auto b = body_of(r);
    const std::string text = b.contains("content") ? b.value("content", "") : b.value("data", json::object()).value("content", "");
    if (text.find("couldn't tell which community") != std::string::npos) told = true;
  }
  EXPECT_TRUE(told) << calls_of(c).dump(1);
  EXPECT_TRUE(h.drain_dlq().empty()) << "an unplaceable DM click is answered, not dead-lettered";
}

TEST_F(WorkerFlows, AnAdminOnlyButtonRefusesOtherMembersBeforeDeferring) {
  InteractionSpec click;
  click.type = 3;
  click.event_type = "interaction.button";
  click.name = "flows:admin";
  click.data = {{"componentType", 2}};
  click.source_message = {{"id", "6001"}};
  const auto refused = h.interaction(click);
  click.permissions = "8";
  const auto allowed = h.interaction(click);
  ASSERT_TRUE(h.wait_for_calls(callback_path(refused), 1, 20s));
  ASSERT_TRUE(h.wait_for_calls(allowed.token + "?wait=true", 1, 20s)) << h.worker().log();
  const auto r = body_of(h.rest_calls(callback_path(refused))[0]);
  EXPECT_EQ(r["type"], 4);
  EXPECT_EQ(r["data"]["flags"], 64);
  EXPECT_NE(r["data"]["content"].get<std::string>().find("Administrator"), std::string::npos);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(calls_of(refused).size(), 1u) << "the plugin never ran for the refused member";
  EXPECT_EQ(body_of(h.rest_calls(allowed.token + "?wait=true")[0])["content"], "admin action done");
}
