// The effect recorder: effects in order, reads answered, state visible to later reads.
#include <gtest/gtest.h>

#include "workspace.hpp"

using namespace arrakis::testing;

TEST(EffectRecorder, RecordsEffectsInOrderAndAnswersReads) {
  EffectRecorder r;
  r.answer_reads([](const std::string& kind, const nlohmann::json& args) -> std::optional<std::string> {
    if (kind == "guild.get_member" && args["user"] == "5") return R"({"user":{"id":"5"},"roles":["r1"]})";
    return std::nullopt;
  });
  r.set_clock(1000);
  Invocation inv;
  arrakis_call call;
  call.services = &r;
  call.invocation = &inv;
  const arrakis_host_api* api = host_api_table();

  EXPECT_EQ(api->interaction_reply(&call, {"{\"content\":\"a\"}", 15}), ARRAKIS_OK);
  EXPECT_EQ(api->guild_add_role(&call, {"5", 1}, {"r9", 2}, {"why", 3}), ARRAKIS_OK);
  arrakis_host_buffer member{};
  ASSERT_EQ(api->guild_get_member(&call, {"5", 1}, &member), ARRAKIS_OK);
  EXPECT_NE(std::string(member.data, member.size).find("\"r1\""), std::string::npos);
  api->buffer_release(&member);
  EXPECT_EQ(api->guild_get_member(&call, {"6", 1}, &member), ARRAKIS_NOT_FOUND);

  EXPECT_EQ(api->state_set(&call, {"k", 1}, {"v", 1}, 500), ARRAKIS_OK);
  arrakis_host_buffer value{};
  ASSERT_EQ(api->state_get(&call, {"k", 1}, &value), ARRAKIS_OK);
  EXPECT_EQ(std::string(value.data, value.size), "v");
  api->buffer_release(&value);

  std::uint64_t remaining = 0;
  EXPECT_EQ(api->cooldown_try(&call, {"stats", 5}, {"5", 1}, 3000, &remaining), ARRAKIS_OK);
  EXPECT_EQ(api->cooldown_try(&call, {"stats", 5}, {"5", 1}, 3000, &remaining), ARRAKIS_LIMITED);
  EXPECT_EQ(remaining, 3000u);
  r.set_clock(4001);
  EXPECT_EQ(api->cooldown_try(&call, {"stats", 5}, {"5", 1}, 3000, &remaining), ARRAKIS_OK);

  auto effects = r.effects();
  ASSERT_GE(effects.size(), 3u);
  EXPECT_EQ(effects[0]["kind"], "interaction.reply");
  EXPECT_EQ(effects[0]["message"]["content"], "a");
  EXPECT_EQ(effects[0]["seq"], 1);
  EXPECT_EQ(effects[1]["kind"], "guild.add_role");
  EXPECT_EQ(effects[1]["role"], "r9");
  EXPECT_EQ(effects[2]["kind"], "state.set");
  EXPECT_EQ(api->clock_now_ms(&call), 4001);
}

TEST(EffectRecorder, SlidingWindowRateLimit) {
  EffectRecorder r;
  r.set_clock(0);
  Invocation inv;
  arrakis_call call;
  call.services = &r;
  call.invocation = &inv;
  std::uint32_t remaining = 0;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.rate_limit_hit(call, "k", 3, 1000, remaining), ARRAKIS_OK);
  EXPECT_EQ(remaining, 0u);
  EXPECT_EQ(r.rate_limit_hit(call, "k", 3, 1000, remaining), ARRAKIS_LIMITED);
  r.set_clock(1001);
  EXPECT_EQ(r.rate_limit_hit(call, "k", 3, 1000, remaining), ARRAKIS_OK);
}
