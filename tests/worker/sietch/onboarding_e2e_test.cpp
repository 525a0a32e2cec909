// The member onboarding wizard through the full path, in a DM: the start request (as member-events
// publishes it) → the welcome DM discord-sim receives → Start → nym form → a generated picture →
// bio form → the welcome to the Sietch, and the profile row it wrote. The worker is restarted
// between two steps: the wizard lives in Redis, so the member carries on where they were.
#include "arrakis/testing/http_client.hpp"
#include "sietch_full_path.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

using namespace std::chrono_literals;
using namespace arrakis::testing;
using nlohmann::json;

namespace {

// The message a component interaction is on, as discord-sim holds it now, once `ready` says so.
json message_when(FullPathStack& stack, const SimInteraction& i, const std::function<bool(const json&)>& ready) {
  const auto urls = json::parse(http_request("127.0.0.1", stack.harness().sim().rest_port(), "GET", "/control/urls").body);
  const std::string path = "/api/v10/webhooks/" + urls["application_id"].get<std::string>() + "/" + i.token +
                           "/messages/@original";
  json message;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = http_request("127.0.0.1", stack.harness().sim().rest_port(), "GET", path);
    message = json::parse(r.body, nullptr, false);
    if (r.status == 200 && message.is_object() && ready(message)) return message;
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "the message never got there: " << message.dump() << stack.logs();
  return json::object();
}

std::function<bool(const json&)> titled(const std::string& title) {
  return [title](const json& m) {
    return m.contains("embeds") && !m["embeds"].empty() && m["embeds"][0].value("title", "") == title;
  };
}

}  // namespace

TEST_F(SietchFullPath, OnboardingWizardInADmCreatesTheProfile) {
  const std::string user = user_as_member(41);  // a profile that never finished onboarding, rank 41
  // A fresh event id per run: the worker runs an event id once, across runs on the same database.
  char event_id[40];
  std::snprintf(event_id, sizeof event_id, "7e0b2f4a-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()) &
                    0xffffffffffffULL);
  const json start = {{"eventId", event_id},
                      {"eventType", "internal.sietch.onboarding.start"},
                      {"timestamp", 0},
                      {"guildId", stack().guild_id()},
                      {"communityId", stack().community_id()},
                      {"source", {{"plugin", "member-events"}, {"version", "1.0.0"}}},
                      {"data", {{"discordId", user}, {"reason", "join"}}}};
  stack().harness().publish("internal.sietch.onboarding.start", start.dump(), 5, start["eventId"]);

  // The welcome DM, with the member's own Start button.
  const std::string start_id = "onboarding_start:" + user;
  bool welcomed = false;
  for (int tries = 0; tries < 400 && !welcomed; ++tries) {
    for (const auto& call : stack().harness().rest_calls("/messages")) {
      welcomed = welcomed || (call.value("body", std::string()).find(start_id) != std::string::npos &&
                              call.value("status", 0) < 300);
    }
    if (!welcomed) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(welcomed) << "the welcome DM" << stack().logs();

  stack().act({{"kind", "component"}, {"custom_id", start_id}, {"user", user}, {"dm", true}});
  const auto nym = stack().act({{"kind", "modal_submit"}, {"custom_id", "modal_nym_input"}, {"user", user},
                                {"dm", true}, {"fields", {{"nym", "Sandwalker"}}}});
  message_when(stack(), nym, titled("🖼️ Profile Picture"));

  // A deploy between two steps: the session is in Redis, not in the worker.
  stack().harness().stop_worker();
  stack().harness().start_worker();
  ASSERT_TRUE(stack().harness().wait_for_health(200, 30s)) << stack().logs();

  const auto generate = stack().act(
      {{"kind", "component"}, {"custom_id", "onboarding_pfp_generate:" + user}, {"user", user}, {"dm", true}});
  const auto bio_step = message_when(stack(), generate, titled("📝 Bio"));
  ASSERT_TRUE(bio_step.contains("attachments")) << bio_step.dump();
  ASSERT_EQ(bio_step["attachments"].size(), 1u) << bio_step.dump();
  EXPECT_EQ(bio_step["attachments"][0]["filename"], "avatar.png");

  stack().act({{"kind", "component"}, {"custom_id", "onboarding_bio_add:" + user}, {"user", user}, {"dm", true}});
  const auto bio = stack().act({{"kind", "modal_submit"}, {"custom_id", "modal_bio_input"}, {"user", user},
                                {"dm", true}, {"fields", {{"bio", "Walks without rhythm."}}}});
  const auto done = message_when(stack(), bio, titled("🎉 Welcome to Sietch!"));
  EXPECT_TRUE(done.value("components", json::array()).empty()) << done.dump();

  const auto row = admin_exec(
      "SELECT nym, bio, pfp_type, tier, onboarding_complete FROM profiles WHERE id = $1::uuid", {sietch().profile_id(41)});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), "Sandwalker");
  EXPECT_EQ(row[0][1].as<std::string>(), "Walks without rhythm.");
  EXPECT_EQ(row[0][2].as<std::string>(), "generated");
  EXPECT_EQ(row[0][3].as<std::string>(), "fedaykin");
  EXPECT_TRUE(row[0][4].as<bool>());
}
