// /naib against the real database (migrated, RLS on) with Discord effects recorded.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/seed.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using namespace arrakis::sietch::testing;

namespace {

const std::string kCaller = "900000000000000001";

// Wallets of this test (0xa000 + n) stay clear of the ranks other tests seed.
constexpr int kWallet = 0xa000;

class NaibPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_ranking(bench);
    add_member(bench, {kCaller, "caller", kWallet + 99});
    const auto a = add_member(bench, {"1", "alia", kWallet + 1});
    const auto b = add_member(bench, {"2", "stilgar", kWallet + 2});
    const auto c = add_member(bench, {"3", "chani", kWallet + 3});
    const auto d = add_member(bench, {"4", "jamis", kWallet + 4, true, true});
    const auto e = add_member(bench, {"5", "harah", kWallet + 5, true, true});
    set_balance(bench, kWallet + 1, 2, "500");
    set_balance(bench, kWallet + 2, 1, "900");
    set_balance(bench, kWallet + 3, 3, "500");
    add_seat(bench, 1, a, "2026-01-01T00:00:00Z");
    add_seat(bench, 2, b, "2026-01-01T00:30:00Z");
    add_seat(bench, 3, c, "2026-01-01T02:00:00Z");
    add_seat(bench, 4, d, "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z");  // 10 days
    add_seat(bench, 5, e, "2025-10-01T00:00:00Z", "2025-10-04T00:00:00Z");  // 3 days
    add_seat(bench, 5, e, "2025-11-01T00:00:00Z", "2025-11-04T00:00:00Z");  // 3 more
    // Another community's seat must never show up here.
    const auto stranger = add_member(other, {"7", "feyd", kWallet + 7});
    other.admin_exec("INSERT INTO naib_seats (community_id, seat_number, profile_id) VALUES ($1::uuid, 4, $2::uuid)",
                     {other.community_id(), stranger});
  }
  void TearDown() override { clear_ranking(bench); }

  PluginBench bench{"naib"};
  PluginBench other{"naib"};
};

}  // namespace

TEST_F(NaibPlugin, CurrentSeatsOrderedByBgtThenSeniorityWithFoundingMarks) {
  auto run = bench.command("naib", nlohmann::json::object(), kCaller, "current");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "👑 Naib Council");
  EXPECT_EQ(embed["fields"][0]["name"], "Active Seats (3/7)");
  const std::string seats = embed["fields"][0]["value"];
  const auto stilgar = seats.find("1️⃣ **stilgar** 🏛️\n└ Rank #1 • ");
  const auto alia = seats.find("2️⃣ **alia** 🏛️\n└ Rank #2 • ");
  const auto chani = seats.find("3️⃣ **chani**\n└ Rank #3 • ");
  EXPECT_NE(stilgar, std::string::npos) << seats;
  EXPECT_NE(alia, std::string::npos) << seats;
  EXPECT_NE(chani, std::string::npos) << seats;
  EXPECT_EQ(seats.find("feyd"), std::string::npos) << "another community's seat leaked";
  EXPECT_EQ(seats.find("0x"), std::string::npos) << "wallets are never shown";
  EXPECT_EQ(embed["fields"][1]["name"], "🪑 Empty Seats");
  EXPECT_EQ(std::string(embed["fields"][1]["value"]).rfind("4 seat(s) open", 0), 0u);
}

TEST_F(NaibPlugin, FormerNaibOrderedByTimeServed) {
  auto run = bench.command("naib", nlohmann::json::object(), kCaller, "former");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "📜 Former Naib");
  EXPECT_EQ(embed["description"], "**jamis** • 10d served over 1 term(s)\n**harah** • 6d served over 2 term(s)\n");
}

TEST_F(NaibPlugin, OverviewIsTheDefault) {
  auto run = bench.command("naib", nlohmann::json::object(), kCaller);
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto embed = run.reply()["embeds"][0];
  EXPECT_EQ(embed["title"], "👑 Naib Council Overview");
  EXPECT_EQ(embed["fields"][0]["value"], "3/7");
  EXPECT_EQ(embed["fields"][1]["value"], "4");
  EXPECT_EQ(embed["fields"][2]["value"], "2");
}

TEST_F(NaibPlugin, MembersWhoHaveNotOnboardedAreTurnedAway) {
  add_member(bench, {"800", "newcomer", kWallet + 80, /*onboarded=*/false});
  auto run = bench.command("naib", nlohmann::json::object(), "800", "current");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply["flags"], 64);
  EXPECT_NE(std::string(reply["content"]).find("complete onboarding"), std::string::npos);
  EXPECT_FALSE(reply.contains("embeds"));
}
