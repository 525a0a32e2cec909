// /badges through the full path on the seeded Sietch: your own badges privately, another
// member's to the channel.
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

bool is_ephemeral(const json& response) {
  return response.contains("data") && response["data"].is_object() && (response["data"].value("flags", 0) & 64) != 0;
}

}  // namespace

TEST_F(SietchFullPath, BadgesOwnAreOnlyForYou) {
  const auto user = user_as_member(4);
  const auto i = stack().command("badges", user, json::array());
  EXPECT_TRUE(is_ephemeral(stack().first_response(i))) << "your own badges are private";
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["title"], "Otheym-4's Badges");
  EXPECT_EQ(message["embeds"][0]["footer"]["text"], "Total: 4 badges");
}

TEST_F(SietchFullPath, BadgesOfAnotherMemberArePublic) {
  const auto user = user_as_member(20);
  const auto i = stack().command("badges", user, json::array({{{"name", "nym"}, {"type", 3}, {"value", "Otheym-4"}}}));
  const auto first = stack().first_response(i);
  EXPECT_FALSE(is_ephemeral(first)) << "someone else's badges are shown to the channel: " << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["title"], "👑 Otheym-4's Badges");
  EXPECT_EQ(message["embeds"][0]["fields"][0]["value"], "🔥 Consistent\n🤝 Helper");
}
