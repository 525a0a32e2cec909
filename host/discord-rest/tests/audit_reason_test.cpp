// X-Audit-Log-Reason: percent-encoded UTF-8, at most 512 characters.
#include <gtest/gtest.h>

#include "arrakis/discord_rest.hpp"

namespace arrakis::discord {
namespace {

TEST(AuditLogReason, IsPercentEncoded) {
  EXPECT_EQ(encode_audit_log_reason("Naib seat: rank 3"), "Naib%20seat%3A%20rank%203");
  EXPECT_EQ(encode_audit_log_reason("über\r\n"), "%C3%BCber%0D%0A");
}

TEST(AuditLogReason, IsCutAt512CharactersWithoutSplittingOne) {
  EXPECT_EQ(encode_audit_log_reason(std::string(600, 'a')), std::string(512, 'a'));
  std::string umlauts;
  for (int i = 0; i < 600; ++i) umlauts += "\xC3\xBC";
  const auto encoded = encode_audit_log_reason(umlauts);
  EXPECT_EQ(encoded.size(), 512u * 6);  // 512 characters of two escaped bytes each
  EXPECT_EQ(encoded.substr(encoded.size() - 6), "%C3%BC");
}

}  // namespace
}  // namespace arrakis::discord
