// The SDK's builders refuse what Discord would reject, at the point it happens.
#include <gtest/gtest.h>

#include <arrakis/sdk.hpp>

namespace sdk = arrakis::sdk;

TEST(SdkBuilders, MessageWithEmbedsAndComponents) {
  auto m = sdk::Message()
               .content("hi")
               .embed(sdk::Embed().title("T").description("D").color(0x8B4513).field("a", "b", true).footer("f"))
               .row(sdk::ActionRow().add(sdk::Button(sdk::ButtonStyle::primary, "Go", "x_go")))
               .ephemeral();
  auto j = nlohmann::json::parse(m.dump());
  EXPECT_EQ(j["flags"], 64);
  EXPECT_EQ(j["embeds"][0]["fields"][0]["inline"], true);
  EXPECT_EQ(j["embeds"][0]["color"], 0x8B4513);
  EXPECT_EQ(j["components"][0]["components"][0]["custom_id"], "x_go");
}

TEST(SdkBuilders, LimitsThrowLimitError) {
  EXPECT_THROW(sdk::Message().content(std::string(2001, 'a')), sdk::LimitError);
  EXPECT_NO_THROW(sdk::Message().content(std::string(2000, 'a')));
  EXPECT_THROW(sdk::Embed().title(std::string(257, 'a')), sdk::LimitError);
  sdk::Embed e;
  for (int i = 0; i < 25; ++i) e.field("n", "v");
  EXPECT_THROW(e.field("n", "v"), sdk::LimitError);
  EXPECT_THROW(sdk::Embed().field("n", std::string(1025, 'v')), sdk::LimitError);
  // 6000 characters across the embeds of one message
  sdk::Message m;
  m.embed(sdk::Embed().description(std::string(4000, 'x')));
  EXPECT_THROW(m.embed(sdk::Embed().description(std::string(2001, 'x'))), sdk::LimitError);
  sdk::ActionRow row;
  for (int i = 0; i < 5; ++i) row.add(sdk::Button(sdk::ButtonStyle::secondary, "b", "id" + std::to_string(i)));
  EXPECT_THROW(row.add(sdk::Button(sdk::ButtonStyle::secondary, "b", "id5")), sdk::LimitError);
  EXPECT_THROW(sdk::ActionRow().add(sdk::SelectMenu("s")).add(sdk::SelectMenu("t")), sdk::LimitError);
  EXPECT_THROW(sdk::Button(sdk::ButtonStyle::primary, "x", std::string(101, 'c')), sdk::LimitError);
  EXPECT_THROW(sdk::Modal("m", std::string(46, 't')), sdk::LimitError);
  EXPECT_THROW(sdk::Message().dump(), sdk::LimitError);  // empty message
}

TEST(SdkBuilders, LengthCountsCharactersNotBytes) {
  // 2000 three-byte characters are 2000 characters for Discord.
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "\xe2\x9b\xa9";
  EXPECT_NO_THROW(sdk::Message().content(s));
}

TEST(SdkBuilders, ModalAndChoices) {
  auto modal = nlohmann::json::parse(
      sdk::Modal("takeover_1", "Takeover").text_input("why", "Why?", sdk::TextInputStyle::paragraph).dump());
  EXPECT_EQ(modal["components"][0]["type"], 18);
  EXPECT_EQ(modal["components"][0]["component"]["custom_id"], "why");
  sdk::Choices c;
  for (int i = 0; i < 30; ++i) c.add("n" + std::to_string(i), "v");
  EXPECT_EQ(c.size(), 25u);
}

TEST(SdkBarrier, ExceptionsBecomeStatuses) {
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] { throw sdk::RetryableError("later"); }), ARRAKIS_RETRYABLE);
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] { throw sdk::BadInputError("bad"); }), ARRAKIS_BAD_INPUT);
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] { throw std::runtime_error("x"); }), ARRAKIS_PERMANENT);
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] { throw 42; }), ARRAKIS_PERMANENT);
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] { auto j = nlohmann::json::parse("{"); (void)j; }), ARRAKIS_BAD_INPUT);
  EXPECT_EQ(sdk::barrier(nullptr, nullptr, [] {}), ARRAKIS_OK);
}
