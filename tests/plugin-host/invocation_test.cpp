// The invocation module builds every entry's invocation (plugin_events.h): queue payloads, schedule
// job items and HTTP requests, each with its tenant and the JSON its plugin receives.
#include <gtest/gtest.h>

#include "arrakis/plugin_host/invocation.hpp"

using namespace arrakis::plugin_host;
using nlohmann::json;

TEST(Invocation, AnInternalEventRunsUnderItsPublishersCommunity) {
  const auto inv = invocation_from_payload({{"eventId", "e1"},
                                            {"eventType", "internal.badge.awarded"},
                                            {"communityId", "c0ffee00-0000-4000-8000-000000000001"},
                                            {"guildId", "123"},
                                            {"data", {{"badge", "x"}}}});
  EXPECT_EQ(inv.kind, ARRAKIS_EVENT_INTERNAL);
  EXPECT_EQ(inv.community_id, "c0ffee00-0000-4000-8000-000000000001");
}

TEST(Invocation, AGuildEventTakesNoTenantFromItsPayload) {
  const auto inv = invocation_from_payload({{"eventType", "member.join"}, {"communityId", "forged"}, {"guildId", "1"}});
  EXPECT_EQ(inv.community_id, "") << "only the host resolves the tenant of a Discord event";
}

TEST(Invocation, TheInteractionTokenStaysWithTheHost) {
  const auto inv = invocation_from_payload({{"eventType", "interaction.button"},
                                            {"interactionId", "77"},
                                            {"interactionToken", "secret"},
                                            {"data", {{"customId", "x:1"}}}});
  EXPECT_EQ(inv.interaction_id, "77");
  EXPECT_EQ(inv.interaction_token, "secret");
  EXPECT_EQ(inv.payload_json.find("secret"), std::string::npos);
}

TEST(Invocation, AScheduleItemBecomesItsScheduleInvocation) {
  const json item = {{"plugin", "p"},         {"schedule", "sweep"}, {"eventId", "e9"},
                     {"eventType", "schedule.sweep"}, {"timestamp", 5}, {"communityId", "c1"},
                     {"guildId", "g1"},       {"firedAt", 1000},     {"fence", 7},
                     {"scope", "per-community"}};
  const auto inv = schedule_invocation(item, 2, 1500);
  EXPECT_EQ(inv.kind, ARRAKIS_EVENT_SCHEDULE);
  EXPECT_EQ(inv.type, "schedule.sweep");
  EXPECT_EQ(inv.schedule, "sweep");
  EXPECT_EQ(inv.community_id, "c1");
  EXPECT_EQ(inv.guild_id, "g1");
  EXPECT_EQ(inv.statement_timeout_ms, 1500u);
  const auto p = json::parse(inv.payload_json);
  EXPECT_EQ(p["schedule"], "sweep");
  EXPECT_EQ(p["firedAt"], 1000);
  EXPECT_EQ(p["fence"], 7);
  EXPECT_EQ(p["scope"], "per-community");
  EXPECT_EQ(p["communityId"], "c1");
  EXPECT_EQ(p["guildId"], "g1");
  EXPECT_EQ(p["attempt"], 2);
  EXPECT_THROW(schedule_invocation(json::object(), 1, 0), InvalidPayload);
}

TEST(Invocation, AGlobalScheduleItemHasNoTenant) {
  const auto inv = schedule_invocation({{"schedule", "tally"}, {"scope", "global"}}, 1, 0);
  EXPECT_EQ(inv.community_id, "");
  const auto p = json::parse(inv.payload_json);
  EXPECT_EQ(p["communityId"], "");
  EXPECT_FALSE(p.contains("guildId"));
}

TEST(Invocation, AnHttpRequestBecomesItsRouteInvocation) {
  HttpRequestIn in;
  in.method = "GET";
  in.path = "/verify/abc";
  in.route = "/verify/{session}";
  in.params = {{"session", "abc"}};
  in.query = {{"x", "1"}};
  in.headers = {{"user-agent", "t"}};
  in.body = "not utf-8: \xff";
  in.remote_address = "203.0.113.9";
  in.community_id = "c2";
  in.guild_id = "g2";
  const auto inv = http_invocation(in);
  EXPECT_EQ(inv.kind, ARRAKIS_EVENT_HTTP);
  EXPECT_EQ(inv.type, "http.request");
  EXPECT_EQ(inv.http_method, "GET");
  EXPECT_EQ(inv.http_path, "/verify/abc");
  EXPECT_EQ(inv.community_id, "c2");
  EXPECT_EQ(inv.guild_id, "g2");
  const auto p = json::parse(inv.payload_json);
  EXPECT_EQ(p["route"], "/verify/{session}");
  EXPECT_EQ(p["params"]["session"], "abc");
  EXPECT_EQ(p["query"]["x"], "1");
  EXPECT_EQ(p["headers"]["user-agent"], "t");
  EXPECT_EQ(p["remoteAddress"], "203.0.113.9");
  EXPECT_EQ(p["communityId"], "c2");
  EXPECT_EQ(p["body"], "not utf-8: \xef\xbf\xbd") << "invalid bytes become U+FFFD, never a failed request";
}

TEST(Invocation, TheIdempotencyKeyIsTheEventAndThePlugin) { EXPECT_EQ(idempotency_key("e1", "naib"), "e1:naib"); }
