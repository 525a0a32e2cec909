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

namespace {

std::string read_session(const arrakis_host_api* api, arrakis_call* call, arrakis_status* status) {
  arrakis_host_buffer out{};
  *status = api->session_get(call, {"dir", 3}, {"7", 1}, &out);
  std::string text(out.data ? out.data : "", out.size);
  if (out.data) api->buffer_release(&out);
  return text;
}

}  // namespace

// Sessions read back as the worker's envelope, keep their expiry when rewritten, expire on the
// recorder's clock, and survive from one run to the next only when the bench asks for it.
TEST(EffectRecorder, SessionsBehaveLikeTheWorkersStateStore) {
  EffectRecorder r;
  r.set_clock(1000);
  Invocation inv;
  arrakis_call call;
  call.services = &r;
  call.invocation = &inv;
  const arrakis_host_api* api = host_api_table();
  arrakis_status status = ARRAKIS_OK;

  ASSERT_EQ(api->session_put(&call, {"dir", 3}, {"7", 1}, {"{\"page\":2}", 10}, 300000), ARRAKIS_OK);
  auto envelope = nlohmann::json::parse(read_session(api, &call, &status));
  ASSERT_EQ(status, ARRAKIS_OK);
  EXPECT_EQ(envelope, nlohmann::json({{"createdAt", 1000}, {"expiresAt", 301000}, {"type", "dir"}, {"userId", "7"},
                                      {"data", {{"page", 2}}}}));

  r.set_clock(200000);
  ASSERT_EQ(api->session_put(&call, {"dir", 3}, {"7", 1}, {"{\"page\":3}", 10}, 300000), ARRAKIS_OK);
  envelope = nlohmann::json::parse(read_session(api, &call, &status));
  EXPECT_EQ(envelope["expiresAt"], 301000) << "rewriting a live session keeps its expiry";
  EXPECT_EQ(envelope["data"]["page"], 3);

  r.clear();
  read_session(api, &call, &status);
  EXPECT_EQ(status, ARRAKIS_NOT_FOUND) << "a plain recorder starts every run afresh";

  r.keep_state_across_runs();
  ASSERT_EQ(api->session_put(&call, {"dir", 3}, {"7", 1}, {"{\"page\":1}", 10}, 1000), ARRAKIS_OK);
  r.clear();
  read_session(api, &call, &status);
  EXPECT_EQ(status, ARRAKIS_OK) << "kept across runs";
  EXPECT_TRUE(r.effects().empty()) << "the effects are still per run";
  r.set_clock(201000);
  read_session(api, &call, &status);
  EXPECT_EQ(status, ARRAKIS_NOT_FOUND) << "expired on the recorder's clock";
}
