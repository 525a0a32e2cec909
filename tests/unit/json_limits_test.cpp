// The size and depth check that runs before untrusted JSON is parsed (json_limits.hpp).
#include <gtest/gtest.h>

#include "arrakis/json_limits.hpp"

namespace {

using arrakis::json_limit_violation;
using arrakis::JsonLimits;

std::string nested(std::size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(JsonLimits, OrdinaryPayloadPasses) {
  EXPECT_EQ(json_limit_violation(R"({"a":[1,{"b":"c"}],"d":null})"), std::nullopt);
  EXPECT_EQ(json_limit_violation(nested(64)), std::nullopt);
}

TEST(JsonLimits, HundredThousandLevelsAreRefusedWithTheLimitInTheReason) {
  const auto why = json_limit_violation(nested(100000));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "JSON nested deeper than 64 levels");
  EXPECT_TRUE(json_limit_violation(nested(65, '{', '}')));
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
  const std::string text = R"({"s":")" + std::string(500, '[') + R"(\"[[[", "t":"\\"})";
  EXPECT_EQ(json_limit_violation(text), std::nullopt);
  // An escaped backslash ends the escape: the quote after it closes the string, and the brackets
  // after that are structure again.
  JsonLimits two;
  two.max_depth = 2;
  EXPECT_TRUE(json_limit_violation(R"(["\\",[[]]])", two));
}

TEST(JsonLimits, SizeIsCheckedBeforeDepth) {
  JsonLimits small;
  small.max_bytes = 10;
  const auto why = json_limit_violation(nested(20), small);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "JSON of 40 bytes exceeds the limit of 10");
}

TEST(JsonLimits, UnbalancedClosersNeverUnderflow) {
  JsonLimits one;
  one.max_depth = 1;
  EXPECT_EQ(json_limit_violation("]]]]}}[", one), std::nullopt);
  EXPECT_TRUE(json_limit_violation("]]]][[", one));
}

}  // namespace
