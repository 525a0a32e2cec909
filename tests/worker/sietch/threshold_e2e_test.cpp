// /threshold through the full path on the seeded Sietch: what a member sees in the channel.
#include "sietch_full_path.hpp"

TEST_F(SietchFullPath, ThresholdShowsTheEntryRequirementPublicly) {
  const auto user = user_as_member(20);
  const auto i = stack().command("threshold", user);
  const auto first = stack().first_response(i);
  EXPECT_FALSE(first.contains("data") && first["data"].contains("flags")) << "/threshold is public: " << first.dump();
  auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "⛩️ The Threshold");
  ASSERT_EQ(embed["fields"].size(), 4u) << embed.dump(1);
  EXPECT_EQ(embed["fields"][0]["value"], "**965 BGT**\nPosition #69 threshold") << "rank 69 holds 965 BGT";
  EXPECT_EQ(embed["fields"][1]["value"], "Eligible: **69** members\nWaiting: **31** positions");
  EXPECT_EQ(embed["fields"][2]["value"], "**65 BGT**\nDistance from #70 to entry");
  const std::string pool = embed["fields"][3]["value"];
  EXPECT_EQ(pool.rfind("**#70** 0x0000...0046\n└ 900 BGT • +65 to entry\n\n**#71** 0x0000...0047 📬\n", 0), 0u) << pool;
  EXPECT_EQ(embed["footer"]["text"], "📬 = Registered for alerts • Use /register-waitlist to sign up");
}
