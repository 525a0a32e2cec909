// Desired state as announced on arrakis.control, and drift between it and a replica's report.
#include <gtest/gtest.h>

#include "control/fleet_state.hpp"

using namespace arrakis::worker;
using nlohmann::json;

TEST(FleetState, AnnouncementRoundTripsAndRejectsGarbage) {
  DesiredState d{"echo", "2.0.0", "", 10, "2.1.0", true, 7};
  const auto back = desired_from_json(json::parse(to_json(d).dump()));
  EXPECT_EQ(back.plugin, "echo");
  EXPECT_EQ(back.version, "2.0.0");
  EXPECT_EQ(back.canary_percent, 10);
  EXPECT_EQ(back.canary_version, "2.1.0");
  EXPECT_TRUE(back.pinned);
  EXPECT_EQ(back.revision, 7);
  EXPECT_THROW(desired_from_json(json::array()), std::invalid_argument);
  EXPECT_THROW(desired_from_json({{"plugin", "echo"}, {"revision", 1}}), std::invalid_argument);
  EXPECT_THROW(desired_from_json({{"plugin", "echo"}, {"version", "1"}}), std::invalid_argument);
  EXPECT_THROW(desired_from_json({{"plugin", "echo"}, {"version", "1"}, {"revision", 1}, {"canaryPercent", 101}}),
               std::invalid_argument);
}

TEST(FleetState, AnnouncementWithAPathForANameOrAWrappingPercentIsRefused) {
  const json base = {{"plugin", "echo"}, {"version", "1.0.0"}, {"revision", 1}};
  for (const char* name : {"../../etc", "Echo", "echo/x", "", "a-name-far-too-long-to-be-a-plugin-name-because-it-has-65-chars-x"}) {
    json j = base;
    j["plugin"] = name;
    try {
      desired_from_json(j);
      ADD_FAILURE() << "accepted plugin name '" << name << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("must match [a-z0-9-]{1,64}"), std::string::npos) << e.what();
    }
  }
  json huge = base;
  huge["canaryPercent"] = 4294967346LL;  // 2^32 + 50: wrapped into an int it would read as 50
  EXPECT_THROW(desired_from_json(huge), std::invalid_argument);
  json text = base;
  text["canaryPercent"] = "50";
  EXPECT_THROW(desired_from_json(text), std::invalid_argument);
}

TEST(FleetState, DriftNamesWhatDiffers) {
  DesiredState d{"echo", "2.0.0", "", 0, "", false, 3};
  ReplicaReport r;
  r.plugin = "echo";
  r.version = "2.0.0";
  EXPECT_EQ(drift(d, r), "");
  r.version = "1.0.0";
  EXPECT_EQ(drift(d, r), "runs 1.0.0, desired 2.0.0");
  r.version = "2.0.0";
  d.shadow_version = "2.1.0";
  EXPECT_EQ(drift(d, r), "shadow none, desired 2.1.0");
  d.shadow_version.clear();
  d.canary_percent = 10;
  d.canary_version = "2.1.0";
  EXPECT_NE(drift(d, r).find("canary 0%"), std::string::npos);
  r.canary_percent = 10;
  r.canary_version = "2.1.0";
  EXPECT_EQ(drift(d, r), "");
}

TEST(FleetState, ViewFlagsDriftAndStaleReplicas) {
  std::vector<DesiredState> desired = {{"echo", "2.0.0", "", 0, "", false, 3}};
  ReplicaReport a, b;
  a.replica_id = "a";
  a.plugin = b.plugin = "echo";
  a.version = "2.0.0";
  b.replica_id = "b";
  b.version = "1.0.0";
  b.seen_ms_ago = 120000;
  const auto view = fleet_view(desired, {a, b}, 60000);
  EXPECT_EQ(view["drifting"], 1);
  const auto& replicas = view["plugins"][0]["replicas"];
  EXPECT_EQ(replicas[0]["drift"], false);
  EXPECT_EQ(replicas[1]["drift"], true);
  EXPECT_EQ(replicas[1]["stale"], true);
  EXPECT_EQ(view["plugins"][0]["desired"]["version"], "2.0.0");
}
