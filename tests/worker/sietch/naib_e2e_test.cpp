// /naib through the full path on the seeded Sietch: a member who has not finished onboarding is
// refused privately (no public "thinking" first), and an onboarded member sees the council publicly.
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

}  // namespace

TEST_F(SietchFullPath, NaibRefusesAMemberWhoHasNotOnboardedPrivately) {
  const auto user = user_as_member(41);  // a profile that never finished onboarding
  const auto i = stack().command("naib", user, subcommand("current"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 4) << "answered at once, never deferred publicly: " << first.dump();
  ASSERT_TRUE(first.contains("data")) << first.dump();
  EXPECT_EQ(first["data"]["flags"], 64) << "seen by the user only";
  EXPECT_EQ(first["data"]["content"],
            "You need to complete onboarding before using this command. "
            "Check your DMs from the Sietch bot to finish setting up your profile.");
  EXPECT_FALSE(first["data"].contains("embeds"));
}

TEST_F(SietchFullPath, NaibShowsTheCouncilPublicly) {
  const auto user = user_as_member(20);
  const auto i = stack().command("naib", user, subcommand("current"));
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 5) << "deferred publicly: " << first.dump();
  EXPECT_FALSE(first.contains("data") && first["data"].contains("flags")) << "/naib is public: " << first.dump();
  auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "👑 Naib Council");
  EXPECT_EQ(embed["fields"][0]["name"], "Active Seats (7/7)");
  EXPECT_EQ(embed["fields"][0]["value"],
            "1️⃣ **chani-1** 🏛️\n└ Rank #1 • 200d tenure\n"
            "2️⃣ **Jamis-2** 🏛️\n└ Rank #2 • 199d tenure\n"
            "3️⃣ **harah-3** 🏛️\n└ Rank #3 • 199d tenure\n"
            "4️⃣ **Otheym-4** 🏛️\n└ Rank #4 • 199d tenure\n"
            "5️⃣ **liet-5** 🏛️\n└ Rank #5 • 199d tenure\n"
            "6️⃣ **Korba-6**\n└ Rank #6 • 199d tenure\n"
            "7️⃣ **tharthar-7**\n└ Rank #7 • 110d tenure");

  const auto o = stack().command("naib", user, subcommand("overview"));
  auto overview = stack().original_message(o);
  ASSERT_TRUE(overview.contains("embeds")) << overview.dump();
  EXPECT_EQ(overview["embeds"][0]["title"], "👑 Naib Council Overview");
  EXPECT_EQ(overview["embeds"][0]["description"],
            "1️⃣ **chani-1**\n2️⃣ **Jamis-2**\n3️⃣ **harah-3**\n4️⃣ **Otheym-4**\n5️⃣ **liet-5**\n6️⃣ **Korba-6**\n"
            "7️⃣ **tharthar-7**");
  EXPECT_EQ(overview["embeds"][0]["fields"][0]["value"], "7/7");
  EXPECT_EQ(overview["embeds"][0]["fields"][1]["value"], "0");
  EXPECT_EQ(overview["embeds"][0]["fields"][2]["value"], "2");
}
