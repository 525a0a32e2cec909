#include <gtest/gtest.h>

#include "arrakis/health.hpp"

using arrakis::health::evaluate;
using arrakis::health::ProbeResult;

TEST(Health, HealthyOnlyWhenEveryProbePasses) {
  auto good = evaluate({{"a", [] { return ProbeResult{true, {{"x", 1}}}; }},
                        {"b", [] { return ProbeResult{true, {}}; }}});
  EXPECT_TRUE(good.healthy);
  EXPECT_EQ(good.body["status"], "healthy");
  EXPECT_EQ(good.body["checks"]["a"]["x"], 1);
  EXPECT_EQ(good.body["checks"]["a"]["ok"], true);

  auto bad = evaluate({{"a", [] { return ProbeResult{true, {}}; }},
                       {"b", []() -> ProbeResult { throw std::runtime_error("down"); }}});
  EXPECT_FALSE(bad.healthy);
  EXPECT_EQ(bad.body["status"], "unhealthy");
  EXPECT_EQ(bad.body["checks"]["b"]["ok"], false);
  EXPECT_EQ(bad.body["checks"]["b"]["error"], "down");
}

TEST(Health, DegradedStaysHealthyButSaysSo) {
  auto report = evaluate({{"a", [] { return ProbeResult{true, {}}; }},
                          {"ranking", [] {
                             ProbeResult r{true, {{"gracePeriod", true}}};
                             r.degraded = true;
                             return r;
                           }}});
  EXPECT_TRUE(report.healthy);
  EXPECT_TRUE(report.degraded);
  EXPECT_EQ(report.body["status"], "degraded");
  EXPECT_EQ(report.body["checks"]["ranking"]["degraded"], true);
  EXPECT_FALSE(report.body["checks"]["a"].contains("degraded"));

  // Unhealthy wins over degraded.
  auto down = evaluate({{"a", [] { return ProbeResult{false, {}}; }},
                        {"ranking", [] {
                           ProbeResult r{true, {}};
                           r.degraded = true;
                           return r;
                         }}});
  EXPECT_EQ(down.body["status"], "unhealthy");
}

TEST(Health, ResidentBytesIsPlausible) {
  const auto rss = arrakis::health::resident_bytes();
  EXPECT_GT(rss, 1u << 20);
  EXPECT_LT(rss, 4ull << 30);
}
