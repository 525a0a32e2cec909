// Issue 12's interaction flows through the full path: discord-sim delivers each interaction over
// its gateway, the real arrakis-ingestor publishes it to RabbitMQ, the real arrakis-worker runs the
// flows fixture and answers discord-sim, whose record is asserted on. Every interaction is scripted
// through the simulator's control API (POST /control/scenario), so a click is on a message the bot
// really sent and a submit on a modal it really opened.
#include <gtest/gtest.h>

#include <memory>

#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "full_path_stack.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

class FullPath : public ::testing::Test {
 protected:
  // One stack for the suite: starting the worker and the ingestor is most of the cost.
  static void SetUpTestSuite() {
    stack_ = std::make_unique<FullPathStack>(std::vector<std::filesystem::path>{
        std::filesystem::path(ARRAKIS_TEST_PLUGINS) / "libflows.so"});
  }
  static void TearDownTestSuite() { stack_.reset(); }
  void SetUp() override { ASSERT_TRUE(stack_->error().empty()) << stack_->error(); }

  WorkerHarness& h() { return stack_->harness(); }
  std::string logs() { return stack_->logs(); }
  std::string guild_id() { return stack_->guild_id(); }
  std::string member() { return stack_->member(); }
  SimInteraction act(const json& line) { return stack_->act(line); }
  SimInteraction command(const std::string& name, const std::string& user, json options = json::array()) {
    return stack_->command(name, user, std::move(options));
  }
  std::string callback_path(const SimInteraction& i) { return FullPathStack::callback_path(i); }
  json first_response(const SimInteraction& i) { return stack_->first_response(i); }
  json answer(const std::string& needle) { return stack_->answer(needle); }
  std::string community_of(const std::string&) { return stack_->community_id(); }

 private:
  static inline std::unique_ptr<FullPathStack> stack_;
};

TEST_F(FullPath, ADmButtonClickReachesItsPluginInTheCommunityThatSentTheDm) {
  const auto user = member();
  // The plugin DMs the member a button through the host; discord-sim offers it to the member.
  const auto send = command("flows-dm", user);
  const auto click = act({{"kind", "component"}, {"custom_id", "flows:dm"}, {"user", user}, {"dm", true}});
  const auto first = first_response(click);
  EXPECT_EQ(first["type"], 5);
  EXPECT_EQ(first["data"]["flags"], 64) << "flows:dm is declared ephemeral";
  const auto reply = answer(click.token + "/messages/@original");
  EXPECT_EQ(reply["content"], "community " + community_of(guild_id()) + " guild " + guild_id()) << logs();
  EXPECT_EQ(answer(send.token + "/messages/@original")["content"], "check your DMs");
}

TEST_F(FullPath, ADmButtonOpensAModalWhoseSubmitIsAnsweredInTheDm) {
  const auto user = member();
  command("flows-dm", user);
  const auto open = act({{"kind", "component"}, {"custom_id", "flows:open:3"}, {"user", user}, {"dm", true}});
  const auto modal = first_response(open);
  EXPECT_EQ(modal["type"], 9);
  EXPECT_EQ(modal["data"]["custom_id"], "flows:modal:3");
  const auto submit = act({{"kind", "modal_submit"}, {"custom_id", "flows:modal:3"}, {"user", user}, {"dm", true},
                           {"fields", {{"answer", "from my DMs"}}}});
  EXPECT_EQ(first_response(submit)["type"], 6) << "opened from the DM's message: a silent update";
  EXPECT_EQ(answer(submit.token + "?wait=true")["content"], "chain complete: from my DMs");
}

TEST_F(FullPath, AButtonOpensAModalAndAChainOfThreeModalsCompletes) {
  const auto user = member();
  const auto open = command("flows-modal", user);
  const auto first_modal = first_response(open);
  EXPECT_EQ(first_modal["type"], 9);
  EXPECT_EQ(first_modal["data"]["custom_id"], "flows:modal:1");
  const auto submit1 = act({{"kind", "modal_submit"}, {"custom_id", "flows:modal:1"}, {"user", user}, {"fields", {{"answer", "a1"}}}});
  EXPECT_EQ(first_response(submit1)["type"], 5) << "a command's modal has no message to update";
  const auto edit = answer(submit1.token + "/messages/@original");
  EXPECT_EQ(edit["components"][0]["components"][0]["custom_id"], "flows:open:2");

  for (int step = 2; step <= 3; ++step) {
    const auto n = std::to_string(step);
    const auto click = act({{"kind", "component"}, {"custom_id", "flows:open:" + n}, {"user", user}});
    const auto modal = first_response(click);
    EXPECT_EQ(modal["type"], 9) << "the button opens its modal, not deferred first";
    EXPECT_EQ(modal["data"]["custom_id"], "flows:modal:" + n);
    const auto submit = act({{"kind", "modal_submit"}, {"custom_id", "flows:modal:" + n}, {"user", user},
                             {"fields", {{"answer", "a" + n}}}});
    EXPECT_EQ(first_response(submit)["type"], 6) << "a component's modal updates its message";
    const auto reply = answer(submit.token + "?wait=true");
    if (step < 3) {
      EXPECT_EQ(reply["components"][0]["components"][0]["custom_id"], "flows:open:3");
    } else {
      EXPECT_EQ(reply["content"], "chain complete: a3");
    }
  }
  EXPECT_TRUE(h().drain_dlq().empty());
}

TEST_F(FullPath, OwnProfileIsEphemeralAndSomeoneElsesPublic) {
  const auto user = member();
  const auto own = command("flows-profile", user);
  const auto other = command("flows-profile", user, json::array({{{"name", "user"}, {"type", 6}, {"value", "777"}}}));
  const auto own_first = first_response(own);
  EXPECT_EQ(own_first["type"], 5);
  EXPECT_EQ(own_first["data"]["flags"], 64);
  const auto other_first = first_response(other);
  EXPECT_EQ(other_first["type"], 5);
  EXPECT_FALSE(other_first.contains("data")) << "someone else's profile is public";
  EXPECT_EQ(answer(own.token + "/messages/@original")["content"], "your profile");
  EXPECT_EQ(answer(other.token + "/messages/@original")["content"], "profile of 777");
}

TEST_F(FullPath, ARefusalOnAPublicCommandIsSeenByTheUserOnly) {
  const auto user = member();
  const auto i = command("flows-naib", user, json::array({{{"name", "onboarded"}, {"type", 5}, {"value", false}}}));
  EXPECT_FALSE(first_response(i).contains("data")) << "/flows-naib is deferred publicly";
  ASSERT_TRUE(h().wait_for_calls(i.token, 3, 20s)) << logs() << h().rest_calls(i.token).dump(1);
  bool deleted = false, private_followup = false, public_edit = false;
  for (const auto& c : h().rest_calls(i.token)) {
    const std::string path = c.value("path", "");
    EXPECT_LT(c.value("status", 0), 300) << c.dump();
    if (c["method"] == "DELETE" && path.find("@original") != std::string::npos) deleted = true;
    if (c["method"] == "POST" && path.find("/webhooks/") != std::string::npos) {
      private_followup = body_of(c)["flags"] == 64 && body_of(c)["content"] == "You need to complete onboarding first.";
    }
    if (c["method"] == "PATCH" && path.find("@original") != std::string::npos) public_edit = true;
  }
  EXPECT_TRUE(deleted) << "the public placeholder is removed";
  EXPECT_TRUE(private_followup);
  EXPECT_FALSE(public_edit) << "the refusal never lands in the public response";
}
