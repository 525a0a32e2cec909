// /position through the full path on the seeded Sietch: what a member sees, privately.
#include "sietch_full_path.hpp"

namespace {

void expect_ephemeral_deferral(const nlohmann::json& first) {
  EXPECT_EQ(first.value("type", 0), 5) << first.dump();
  EXPECT_EQ(first["data"].value("flags", 0) & 64, 64) << "/position is private: " << first.dump();
}

}  // namespace

TEST_F(SietchFullPath, PositionShowsAnAtRiskMemberTheirTie) {
  const auto user = user_as_member(64);
  const auto i = stack().command("position", user);
  expect_ephemeral_deferral(stack().first_response(i));
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "📍 Your Position");
  EXPECT_EQ(embed["color"], 0xFF8C00);
  EXPECT_EQ(embed["description"], "⚠️ At Risk – Bottom 10% of eligible");
  const std::string fields = embed["fields"].dump();
  EXPECT_NE(fields.find("**#64**"), std::string::npos) << fields;
  EXPECT_NE(fields.find("**1040** BGT"), std::string::npos) << fields;
  EXPECT_NE(fields.find("**0** BGT (tied with #65)"), std::string::npos) << fields;
  EXPECT_EQ(fields.find("To Entry"), std::string::npos) << "an eligible member has no distance to entry";
}

TEST_F(SietchFullPath, PositionShowsTheWaitingPoolTheDistanceToEntry) {
  const auto user = user_as_member(100);
  const auto i = stack().command("position", user);
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["description"], "⏳ Waiting Pool – Not yet eligible");
  EXPECT_NE(message["embeds"][0]["fields"].dump().find("+**485** BGT"), std::string::npos)
      << message["embeds"][0]["fields"].dump();
}

TEST_F(SietchFullPath, PositionTellsAMemberWithoutAWalletToLinkOne) {
  const auto user = user_as_member(arrakis::sietch::testing::kNoWalletMember);
  const auto i = stack().command("position", user);
  expect_ephemeral_deferral(stack().first_response(i));
  EXPECT_EQ(stack().original_message(i).value("content", ""),
            "❌ Your profile does not have a wallet address linked. Use `/verify start` to link your wallet.");
}
