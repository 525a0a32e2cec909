// /stats through the full path on the seeded Sietch: what a member sees, privately.
#include "sietch_full_path.hpp"

namespace {

void expect_ephemeral_deferral(const nlohmann::json& first) {
  EXPECT_EQ(first.value("type", 0), 5) << first.dump();
  EXPECT_EQ(first["data"].value("flags", 0) & 64, 64) << "/stats is private: " << first.dump();
}

}  // namespace

TEST_F(SietchFullPath, StatsShowsTheMembersPrivateStats) {
  const auto user = user_as_member(63);
  const auto i = stack().command("stats", user);
  expect_ephemeral_deferral(stack().first_response(i));
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump() << stack().harness().rest_calls(i.token).dump(1);
  const auto& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "📊 harah-63's Stats");
  EXPECT_EQ(embed["color"], 0x4169E1);
  const std::string fields = embed["fields"].dump();
  EXPECT_NE(fields.find("⚔️ **Fedaykin**\\nNext: **Naib** (rank-based)"), std::string::npos) << fields;
  EXPECT_NE(fields.find("**21** messages"), std::string::npos) << "activity balance 219: " << fields;
  EXPECT_NE(fields.find("🤝 Helper, 🛠️ Builder, 📚 Teacher"), std::string::npos) << fields;
  EXPECT_EQ(embed["footer"]["text"], "Your stats are private • Use /badges to see all your badges");
}

TEST_F(SietchFullPath, StatsTellsAStrangerTheyHaveNoProfile) {
  const auto i = stack().command("stats", stranger());
  expect_ephemeral_deferral(stack().first_response(i));
  const auto message = stack().original_message(i);
  EXPECT_EQ(message.value("content", ""),
            "❌ You don't have a Sietch profile yet. Once your wallet is eligible, the Sietch bot will DM you to set "
            "one up.")
      << message.dump();
}
