// /threshold through the full path on the seeded Sietch: what a member sees in the channel.
#include "sietch_full_path.hpp"

TEST_F(SietchFullPath, ThresholdShowsTheEntryRequirementPublicly) {
  const auto user = user_as_member(20);
  const auto i = stack().command("threshold", user);
  const auto first = stack().first_response(i);
  EXPECT_FALSE(first.contains("data") && first["data"].contains("flags")) << "/threshold is public: " << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(message["embeds"][0]["title"], "⛩️ The Threshold");
  EXPECT_NE(message["embeds"][0].dump().find("965 BGT"), std::string::npos) << "rank 69 holds 965 BGT";
}
