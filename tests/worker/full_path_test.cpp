// Issue 12's interaction flows through the full path: discord-sim delivers each interaction over
// its gateway, the real arrakis-ingestor publishes it to RabbitMQ, the real arrakis-worker runs the
// flows fixture and answers discord-sim, whose record is asserted on. Every interaction is scripted
// through the simulator's control API (POST /control/scenario), so a click is on a message the bot
// really sent and a submit on a modal it really opened.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "ingestor_process.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;
using nlohmann::json;

class FullPath : public ::testing::Test {
 protected:
  // One worker and one ingestor for the suite: starting them is most of the cost.
  static void SetUpTestSuite() {
    harness_ = std::make_unique<WorkerHarness>();
    harness_->add_plugin("libflows.so");
    harness_->start_worker();
    if (!harness_->wait_for_health(200, 30s)) {
      setup_error_ = "the worker did not become healthy:\n" + harness_->worker().log();
      return;
    }
    try {
      ingestor_ = std::make_unique<IngestorProcess>(harness_->sim(), (harness_->root() / "ingestor.log").string());
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    ingestor_.reset();
    harness_.reset();
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  WorkerHarness& h() { return *harness_; }
  std::string logs() { return "\nworker:\n" + h().worker().log() + "\ningestor:\n" + ingestor_->log(); }
  std::string guild_id() { return std::to_string(h().sim().model().guild_ids().at(0)); }

  // A human of the simulated guild who accepts DMs (Discord answers 50007 for one who does not).
  std::string member() {
    const json model = h().sim().model().to_json();
    for (const auto& m : model["guilds"][0]["members"]) {
      if (!m.value("bot", false) && !m.value("blocks_dms", false)) return m["id"];
    }
    ADD_FAILURE() << "no simulated member accepts DMs";
    return "0";
  }

  // Plays one scenario line that dispatches one interaction over the gateway. A click or submit is
  // retried until what it acts on is offered (the worker's answer offering it may be in flight).
  SimInteraction act(const json& line) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    json result;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto r = http_request("127.0.0.1", h().sim().rest_port(), "POST", "/control/scenario", line.dump() + "\n");
      result = json::parse(r.body, nullptr, false);
      if (r.status == 200 && result.is_object() && result.value("interactions", json::array()).size() == 1) {
        return {std::stoull(result["interactions"][0]["id"].get<std::string>()),
                result["interactions"][0]["token"].get<std::string>()};
      }
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "discord-sim could not play " << line.dump() << ": " << result.dump() << logs();
    return {};
  }
  SimInteraction command(const std::string& name, const std::string& user, json options = json::array()) {
    return act({{"kind", "command"}, {"guild", 0}, {"name", name}, {"user", user}, {"options", options}});
  }

  std::string callback_path(const SimInteraction& i) { return "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback"; }
  // The one first response of an interaction, once it was recorded.
  json first_response(const SimInteraction& i) {
    EXPECT_TRUE(h().wait_for_calls(callback_path(i), 1, 20s)) << logs();
    const auto callbacks = h().rest_calls(callback_path(i));
    EXPECT_EQ(callbacks.size(), 1u) << callbacks.dump(1);
    if (callbacks.empty()) return json::object();
    EXPECT_LT(callbacks[0].value("status", 0), 300) << callbacks[0].dump();
    return body_of(callbacks[0]);
  }
  // The body of the first recorded call whose path contains `needle`, once there is one.
  json answer(const std::string& needle) {
    EXPECT_TRUE(h().wait_for_calls(needle, 1, 20s)) << logs();
    const auto calls = h().rest_calls(needle);
    if (calls.empty()) return json::object();
    EXPECT_LT(calls[0].value("status", 0), 300) << calls[0].dump();
    return body_of(calls[0]);
  }
  std::string community_of(const std::string& guild) {
    arrakis::db::Pool admin(database_admin_url(), 1);
    return admin.transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT id::text FROM communities WHERE discord_guild_id = $1", guild)[0].as<std::string>();
    });
  }

 private:
  static inline std::unique_ptr<WorkerHarness> harness_;
  static inline std::unique_ptr<IngestorProcess> ingestor_;
  static inline std::string setup_error_;
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
