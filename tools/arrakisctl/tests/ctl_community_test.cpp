// `arrakisctl community show|set`: the admin API call each becomes, usage errors, and the table
// `show` prints.
#include <gtest/gtest.h>

#include "ctl_command.hpp"
#include "ctl_output.hpp"

using namespace arrakis::ctl;
using nlohmann::json;

TEST(CtlCommunity, ShowAndSetBecomeGetAndPatchOfTheGuildsConfig) {
  auto p = parse_command_line({"community", "show", "123"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.call.method, "GET");
  EXPECT_EQ(p.call.target, "/admin/communities/123/config");
  EXPECT_EQ(p.output, "table");
  EXPECT_EQ(parse_command_line({"community", "show", "123", "--json"}).output, "json");

  p = parse_command_line({"community", "set", "123", "naib_role_id=456", "oasis_channel_id=", "activity_channel_ids=1,2"});
  ASSERT_FALSE(p.exit_code) << p.message;
  EXPECT_EQ(p.call.method, "PATCH");
  EXPECT_EQ(p.call.target, "/admin/communities/123/config");
  ASSERT_TRUE(p.call.body);
  EXPECT_EQ(*p.call.body, (json{{"naib_role_id", "456"}, {"oasis_channel_id", nullptr}, {"activity_channel_ids", "1,2"}}));
}

TEST(CtlCommunity, MalformedAssignmentsAreUsageErrors) {
  for (const auto& args : {std::vector<std::string>{"community", "set", "123", "naib_role_id"},
                           std::vector<std::string>{"community", "set", "123", "=5"},
                           std::vector<std::string>{"community", "set", "123", "a=1", "a=2"},
                           std::vector<std::string>{"community", "set", "123"},
                           std::vector<std::string>{"community", "show"}}) {
    const auto p = parse_command_line(args);
    ASSERT_TRUE(p.exit_code) << args.back();
    EXPECT_EQ(*p.exit_code, kExitUsage) << args.back();
  }
}

TEST(CtlCommunity, ShowPrintsTheStateAndEveryFieldInTableOrder) {
  const json body = {{"guild", "123"},
                     {"name", "Sietch"},
                     {"communityId", "c-1"},
                     {"complete", false},
                     {"missing", {"census_channel_id"}},
                     {"updatedAt", "2026-12-03T10:00:00+00:00"},
                     {"updatedBy", "operator"},
                     {"config", {{"naib_role_id", "456"}, {"activity_channel_ids", json::array()}, {"census_channel_id", nullptr}}},
                     {"fields", {"naib_role_id", "census_channel_id", "activity_channel_ids"}}};
  EXPECT_EQ(render("community.config", body, "table"),
            "guild:     123 (Sietch)\n"
            "community: c-1\n"
            "complete:  no (unset: census_channel_id)\n"
            "updated:   2026-12-03T10:00:00+00:00 by operator\n"
            "\n"
            "FIELD                 VALUE\n"
            "naib_role_id          456\n"
            "census_channel_id     -\n"
            "activity_channel_ids  (every channel)\n");
  json set = body;
  set["changed"] = {"naib_role_id"};
  EXPECT_EQ(render("community.set", set, "table"),
            "guild 123: set naib_role_id; complete: no (unset: census_channel_id)\n");
}
