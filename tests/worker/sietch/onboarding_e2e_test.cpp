// The member onboarding wizard through the full path, in a DM: the start request (as member-events
// publishes it) → the welcome DM discord-sim receives → Start → nym form → a generated picture →
// bio form → the welcome to the Sietch, and the profile row it wrote. The worker is restarted
// between two steps: the wizard lives in Redis, so the member carries on where they were.
#include "arrakis/testing/http_client.hpp"
#include "member_updates.hpp"
#include "sietch_full_path.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

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

// Publishes internal.sietch.onboarding.start for `user`, as member-events does, and waits for the
// welcome DM carrying the member's own Start button.
void request_onboarding(FullPathStack& stack, const std::string& user) {
  // A fresh event id per run: the worker runs an event id once, across runs on the same database.
  char event_id[40];
  std::snprintf(event_id, sizeof event_id, "7e0b2f4a-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()) &
                    0xffffffffffffULL);
  const json start = {{"eventId", event_id},
                      {"eventType", "internal.sietch.onboarding.start"},
                      {"timestamp", 0},
                      {"guildId", stack.guild_id()},
                      {"communityId", stack.community_id()},
                      {"source", {{"plugin", "member-events"}, {"version", "1.0.0"}}},
                      {"data", {{"discordId", user}, {"reason", "join"}}}};
  stack.harness().publish("internal.sietch.onboarding.start", start.dump(), 5, start["eventId"]);
  const std::string start_id = "onboarding_start:" + user;
  bool welcomed = false;
  for (int tries = 0; tries < 400 && !welcomed; ++tries) {
    for (const auto& call : stack.harness().rest_calls("/messages")) {
      welcomed = welcomed || (call.value("body", std::string()).find(start_id) != std::string::npos &&
                              call.value("status", 0) < 300);
    }
    if (!welcomed) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(welcomed) << "the welcome DM" << stack.logs();
}

}  // namespace

TEST_F(SietchFullPath, OnboardingWizardInADmCreatesTheProfile) {
  const std::string user = user_as_member(41);  // a profile that never finished onboarding, rank 41
  request_onboarding(stack(), user);
  const std::string start_id = "onboarding_start:" + user;

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

// 3.2 end to end: a newcomer with strictly more BGT than the lowest Naib finishes onboarding; they
// take seat 7, the bumped Naib gets the naib_bump DM (alert-delivery), and role-sync moves the
// roles on Discord: the newcomer to Naib, the bumped member to Fedaykin and Former Naib.
TEST_F(SietchFullPath, OnboardingThatOutbidsTheLowestNaibBumpsThemOnDiscordToo) {
  const sietch_e2e::GateRolesConfigured gate_roles(stack());
  const auto set_bgt = [](int wallet, int bgt) {
    admin_exec("UPDATE eligibility_current SET bgt_held = ($2 || '000000000000000000')::numeric WHERE address = $1",
               {arrakis::sietch::testing::wallet_address(wallet), std::to_string(bgt)});
  };
  set_bgt(41, 1900);
  set_bgt(6, 1895);  // members 6 and 7 tie for the least BGT; 7 was seated later, so 7 is bumped
  // Two plain members of the simulated guild who accept DMs play the newcomer (41) and Naib 7.
  const auto members = stack().members();
  const json model = stack().harness().sim().model().to_json();
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < members.size() && open.size() < 2; ++i) {
    for (const auto& m : model["guilds"][0]["members"]) {
      if (m["id"] == members[i] && !m.value("admin", false) && !m.value("blocks_dms", false)) open.push_back(i);
    }
  }
  ASSERT_EQ(open.size(), 2u);
  const std::string newcomer = user_as_member(41, open[0]);
  const std::string naib = user_as_member(7, open[1]);

  request_onboarding(stack(), newcomer);
  stack().act({{"kind", "component"}, {"custom_id", "onboarding_start:" + newcomer}, {"user", newcomer}, {"dm", true}});
  stack().act({{"kind", "modal_submit"}, {"custom_id", "modal_nym_input"}, {"user", newcomer}, {"dm", true},
               {"fields", {{"nym", "Outbidder"}}}});
  stack().act({{"kind", "component"}, {"custom_id", "onboarding_pfp_skip:" + newcomer}, {"user", newcomer}, {"dm", true}});
  const auto last = stack().act(
      {{"kind", "component"}, {"custom_id", "onboarding_bio_skip:" + newcomer}, {"user", newcomer}, {"dm", true}});
  message_when(stack(), last, titled("👑 Welcome to the Naib Council!"));

  const auto seats = admin_exec(
      "SELECT p.id::text, s.seat_number, s.unseat_reason FROM naib_seats s JOIN profiles p ON p.id = s.profile_id "
      "WHERE p.id IN ($1::uuid, $2::uuid) AND (s.unseated_at IS NULL OR s.unseat_reason = 'bumped')",
      {sietch().profile_id(41), sietch().profile_id(7)});
  ASSERT_EQ(seats.size(), 2u);
  for (const auto& row : seats) {
    const bool is_newcomer = row[0].as<std::string>() == sietch().profile_id(41);
    EXPECT_EQ(row[1].as<int>(), 7);
    EXPECT_EQ(row[2].is_null(), is_newcomer) << "the newcomer's seat is open, Naib 7's closed as bumped";
  }

  // The bumped member's DM, through internal.sietch.alert and alert-delivery.
  bool dm = false;
  for (int tries = 0; tries < 200 && !dm; ++tries) {
    for (const auto& call : stack().harness().rest_calls("/messages")) {
      const std::string body = call.value("body", std::string());
      dm = dm || (body.find("Naib Council Update") != std::string::npos && body.find("seat #7") != std::string::npos &&
                  call.value("status", 0) < 300);
    }
    if (!dm) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(dm) << "the naib_bump DM" << stack().logs();
  EXPECT_EQ(admin_exec("SELECT count(*) FROM alert_history WHERE alert_type = 'naib_bump' AND delivered "
                       "AND recipient_id = $1",
                       {sietch().profile_id(7)})[0][0].as<int>(),
            1);

  // The roles on Discord, converged by role-sync from the seats.
  std::vector<std::string> bumped, seated;
  for (int tries = 0; tries < 300; ++tries) {
    bumped = sietch_e2e::sim_role_keys(stack(), naib);
    seated = sietch_e2e::sim_role_keys(stack(), newcomer);
    if (!sietch_e2e::has_role_key(bumped, "naib") && sietch_e2e::has_role_key(bumped, "formerNaib") &&
        sietch_e2e::has_role_key(seated, "naib") && !sietch_e2e::has_role_key(seated, "fedaykin")) {
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_FALSE(sietch_e2e::has_role_key(bumped, "naib")) << json(bumped).dump() << stack().logs();
  EXPECT_TRUE(sietch_e2e::has_role_key(bumped, "fedaykin")) << json(bumped).dump();
  EXPECT_TRUE(sietch_e2e::has_role_key(bumped, "formerNaib")) << json(bumped).dump();
  EXPECT_TRUE(sietch_e2e::has_role_key(seated, "naib")) << json(seated).dump();
  EXPECT_FALSE(sietch_e2e::has_role_key(seated, "fedaykin")) << json(seated).dump();
}
