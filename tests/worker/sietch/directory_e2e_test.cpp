// /directory through the full path on the seeded Sietch: the member sees page 1 privately, and
// Next edits that same message in place to page 2.
#include "sietch_full_path.hpp"

TEST_F(SietchFullPath, DirectoryOpensPrivatelyAndNextEditsTheMessageInPlace) {
  const auto user = user_as_member(20);
  const auto i = stack().command("directory", user);
  const auto first = stack().first_response(i);
  EXPECT_EQ(first.value("type", 0), 5) << first.dump();
  ASSERT_TRUE(first.contains("data")) << first.dump();
  EXPECT_EQ(first["data"]["flags"], 64) << "/directory is seen by the member only";
  const auto page1 = stack().original_message(i);
  ASSERT_TRUE(page1.contains("embeds")) << page1.dump() << stack().harness().rest_calls(i.token).dump(1);
  EXPECT_EQ(page1["embeds"][0]["title"], "📖 Member Directory");
  EXPECT_EQ(page1["embeds"][0]["footer"]["text"], "Page 1/8 • 72 total members");
  const auto& buttons = page1["components"][2]["components"];
  EXPECT_EQ(buttons[0]["custom_id"], "directory_prev:" + user);
  EXPECT_EQ(buttons[0].value("disabled", false), true);
  EXPECT_EQ(buttons[2]["custom_id"], "directory_next:" + user);

  const auto click = stack().act({{"kind", "component"}, {"custom_id", "directory_next:" + user}, {"user", user}});
  EXPECT_EQ(stack().first_response(click).value("type", 0), 6) << "a silent update of the clicked message";
  const auto page2 = stack().original_message(click);
  ASSERT_TRUE(page2.contains("embeds")) << page2.dump() << stack().harness().rest_calls(click.token).dump(1);
  EXPECT_EQ(page2["id"], page1["id"]) << "the same message, edited in place";
  EXPECT_EQ(page2["embeds"][0]["footer"]["text"], "Page 2/8 • 72 total members");
  EXPECT_EQ(std::string(page2["embeds"][0]["description"]).rfind("11. ", 0), 0u) << page2.dump();
  EXPECT_EQ(page2["components"][2]["components"][0].value("disabled", false), false) << "Previous is enabled now";
  EXPECT_TRUE(stack().harness().drain_dlq().empty());
}

TEST_F(SietchFullPath, DirectoryRefusesAMemberWhoHasNotOnboardedPrivately) {
  const auto user = user_as_member(41);
  const auto i = stack().command("directory", user);
  EXPECT_EQ(stack().first_response(i)["data"]["flags"], 64);
  const auto message = stack().original_message(i);
  EXPECT_EQ(message["content"],
            "You need to complete onboarding before using this command. "
            "Check your DMs from the Sietch bot to finish setting up your profile.");
  EXPECT_FALSE(message.contains("components") && !message["components"].empty()) << message.dump();
}
