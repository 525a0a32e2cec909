// The wizard's input rules (nym, bio, picture link), the generated picture and the seat rule's BGT
// comparison, without a database.
#include <gtest/gtest.h>

#include <png.h>

#include <arrakis/sietch/naib_seats.hpp>

#include "avatar.hpp"
#include "profile_input.hpp"

using namespace arrakis::onboarding;

TEST(Nym, AcceptsTheDocumentedShape) {
  for (const char* ok : {"abc", "Stilgar-1", "a_b-c", "x1234567890123456789", "ABC", "0xA"}) {
    EXPECT_EQ(nym_problem(ok), std::nullopt) << ok;
  }
}

TEST(Nym, RefusesTheWrongLengthWithTheCount) {
  EXPECT_EQ(nym_problem("ab"), "❌ Your nym must be 3-20 characters long (yours has 2).");
  EXPECT_EQ(nym_problem(""), "❌ Your nym must be 3-20 characters long (yours has 0).");
  EXPECT_EQ(nym_problem("x12345678901234567890"), "❌ Your nym must be 3-20 characters long (yours has 21).");
}

TEST(Nym, RefusesCharactersOutsideTheSet) {
  const std::string message = "❌ Your nym can only use letters, numbers, `_` and `-`.";
  EXPECT_EQ(nym_problem("ab c"), message);
  EXPECT_EQ(nym_problem("abc!"), message);
  EXPECT_EQ(nym_problem("ééé"), message) << "letters outside ASCII";
}

TEST(Nym, MustStartAndEndWithALetterOrNumber) {
  const std::string message = "❌ Your nym must start and end with a letter or a number.";
  EXPECT_EQ(nym_problem("_abc"), message);
  EXPECT_EQ(nym_problem("abc-"), message);
}

TEST(Nym, ReservedNamesInAnyCase) {
  EXPECT_EQ(nym_problem("Admin"), "❌ The nym `Admin` is reserved. Please choose another.");
  for (const char* r : {"administrator", "MOD", "moderator", "system", "Sietch", "naib", "fedaykin", "fremen",
                        "muaddib", "bot", "official", "support", "help", "staff"}) {
    EXPECT_NE(nym_problem(r), std::nullopt) << r;
  }
  EXPECT_EQ(nym_problem("admin2"), std::nullopt) << "only the names themselves are reserved";
}

TEST(Bio, LinksAreRemoved) {
  EXPECT_EQ(bio_without_links("see https://evil.example/x and www.spam.io now"),
            "see [link removed] and [link removed] now");
  EXPECT_EQ(bio_without_links("HTTP://A.B"), "[link removed]");
  EXPECT_EQ(bio_without_links("(http://x.y)"), "([link removed]");
  EXPECT_EQ(bio_without_links("no links: www is a word, https is too"), "no links: www is a word, https is too");
}

TEST(Bio, AtMost160Characters) {
  EXPECT_EQ(bio_problem(std::string(160, 'a')), std::nullopt);
  EXPECT_EQ(bio_problem(std::string(161, 'a')),
            "❌ Your bio must be at most 160 characters (yours has 161, counting each removed link as \"[link "
            "removed]\").");
  std::string emoji;
  for (int i = 0; i < 160; ++i) emoji += "🏜";
  EXPECT_EQ(bio_problem(emoji), std::nullopt) << "characters, not bytes";
}

TEST(PictureUrl, AllowedHostsAndTheirSubdomains) {
  for (const char* ok : {"https://cdn.discordapp.com/attachments/1/2/a.png", "https://media.discordapp.net/a.png",
                         "https://i.imgur.com/abc.png", "https://x.i.imgur.com/abc.png", "HTTPS://CDN.DISCORDAPP.COM/a",
                         "https://cdn.discordapp.com:443/a.png?size=128"}) {
    EXPECT_EQ(picture_url_problem(ok), std::nullopt) << ok;
  }
}

TEST(PictureUrl, OtherHostsAreRefused) {
  const std::string hosts =
      "❌ Pictures must be hosted on Discord (cdn.discordapp.com, media.discordapp.net) or Imgur (i.imgur.com). "
      "Upload the image to Discord, copy its link, and try again.";
  EXPECT_EQ(picture_url_problem("https://evil.com/a.png"), hosts);
  EXPECT_EQ(picture_url_problem("https://imgur.com/a.png"), hosts) << "only i.imgur.com";
  EXPECT_EQ(picture_url_problem("https://cdn.discordapp.com.evil.com/a.png"), hosts);
  EXPECT_EQ(picture_url_problem("https://evilcdn.discordapp.com/a.png"), hosts) << "a subdomain needs the dot";
}

TEST(PictureUrl, NotALinkIsExplained) {
  const std::string not_a_link =
      "❌ That is not an image link. Paste a link that starts with `https://`, for example one you get with "
      "**Copy Link** on an image in Discord.";
  EXPECT_EQ(picture_url_problem("cdn.discordapp.com/a.png"), not_a_link);
  EXPECT_EQ(picture_url_problem("http://cdn.discordapp.com/a.png"), not_a_link) << "https only";
  EXPECT_EQ(picture_url_problem("https://cdn.discordapp.com@evil.com/a.png"), not_a_link);
  EXPECT_EQ(picture_url_problem("https:///a.png"), not_a_link);
  EXPECT_EQ(picture_url_problem("https://" + std::string(600, 'a')), "❌ That link is too long (at most 500 characters).");
}

TEST(Avatar, IsADeterministicPngOfTheDocumentedSize) {
  const std::string member = "6f1c1a52-5c8e-4d0b-9a43-1e2f3a4b5c6d";
  const std::string png = avatar_png(member, "fedaykin");
  EXPECT_EQ(png, avatar_png(member, "fedaykin")) << "same member and tier, same picture";
  EXPECT_NE(png, avatar_png(member, "naib")) << "the tier changes it";
  EXPECT_NE(png, avatar_png("00000000-0000-4000-8000-000000000001", "fedaykin")) << "the member changes it";

  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_memory(&image, png.data(), png.size())) << image.message;
  EXPECT_EQ(image.width, static_cast<png_uint_32>(kAvatarSize));
  EXPECT_EQ(image.height, static_cast<png_uint_32>(kAvatarSize));
  png_image_free(&image);

  const std::string url = avatar_data_url(member, "fedaykin");
  EXPECT_EQ(url.rfind("data:image/png;base64,iVBORw0KGgo", 0), 0u) << url.substr(0, 40);
}

// The seat rule compares wei as digit text: strictly more, whatever the length.
TEST(NaibSeats, WeiComparisonIsStrictAndExact) {
  using arrakis::sietch::wei_greater;
  EXPECT_TRUE(wei_greater("1895000000000000000001", "1895000000000000000000"));
  EXPECT_FALSE(wei_greater("1895000000000000000000", "1895000000000000000000")) << "a tie keeps the incumbent";
  EXPECT_FALSE(wei_greater("999", "1000"));
  EXPECT_TRUE(wei_greater("1000", "999"));
  EXPECT_TRUE(wei_greater("1", "0"));
  EXPECT_FALSE(wei_greater("0", "000")) << "leading zeros do not count";
  EXPECT_TRUE(wei_greater("0010", "9"));
}
