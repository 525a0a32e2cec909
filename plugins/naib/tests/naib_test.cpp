// /naib against the real database (migrated, RLS on) with Discord effects recorded.
#include <gtest/gtest.h>

#include <cstdio>

#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;

namespace {

const std::string kCaller = "900000000000000001";

std::string address(int n) {
  char buf[43];
  std::snprintf(buf, sizeof buf, "0x%040x", 0xa000 + n);
  return buf;
}

// A profile in the bench's community, with its user's wallet (one per Discord user, shared by every
// community: wallet_verifications); returns the profile id.
std::string profile(PluginBench& b, const std::string& discord_id, const std::string& nym, int wallet,
                    bool onboarded = true, bool former = false) {
  b.admin_exec("DELETE FROM wallet_verifications WHERE wallet_address = $1 AND discord_user_id <> $2",
               {address(wallet), discord_id});
  b.admin_exec("INSERT INTO wallet_verifications (discord_user_id, wallet_address, method) VALUES ($1, $2, 'migrated') "
               "ON CONFLICT (discord_user_id) DO UPDATE SET wallet_address = EXCLUDED.wallet_address",
               {discord_id, address(wallet)});
  return b
      .admin_exec(
          "INSERT INTO profiles (community_id, discord_id, nym, onboarding_complete, is_former_naib) "
          "VALUES ($1::uuid, $2, $3, $4::boolean, $5::boolean) RETURNING id::text",
          {b.community_id(), discord_id, nym, onboarded ? "true" : "false", former ? "true" : "false"})[0][0]
      .as<std::string>();
}

void balance(PluginBench& b, int wallet, int rank, const std::string& bgt) {
  b.admin_exec("INSERT INTO eligibility_current (address, rank, bgt_held, role) VALUES ($1, $2, ($3 || '000000000000000000')::numeric, 'naib')",
               {address(wallet), std::to_string(rank), bgt});
}

void seat(PluginBench& b, int number, const std::string& profile_id, const std::string& seated,
          const std::string& unseated = "") {
  if (unseated.empty()) {
    b.admin_exec("INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at) VALUES ($1::uuid, $2, $3::uuid, $4::timestamptz)",
                 {b.community_id(), std::to_string(number), profile_id, seated});
  } else {
    b.admin_exec(
        "INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at, unseated_at, unseat_reason) "
        "VALUES ($1::uuid, $2, $3::uuid, $4::timestamptz, $5::timestamptz, 'bumped')",
        {b.community_id(), std::to_string(number), profile_id, seated, unseated});
  }
}

class NaibPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    bench.admin_exec("DELETE FROM eligibility_current");
    profile(bench, kCaller, "caller", 99);
    const auto a = profile(bench, "1", "alia", 1);
    const auto b = profile(bench, "2", "stilgar", 2);
    const auto c = profile(bench, "3", "chani", 3);
    const auto d = profile(bench, "4", "jamis", 4, true, true);
    const auto e = profile(bench, "5", "harah", 5, true, true);
    balance(bench, 1, 2, "500");
    balance(bench, 2, 1, "900");
    balance(bench, 3, 3, "500");
    seat(bench, 1, a, "2026-01-01T00:00:00Z");
    seat(bench, 2, b, "2026-01-01T00:30:00Z");
    seat(bench, 3, c, "2026-01-01T02:00:00Z");
    seat(bench, 4, d, "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z");  // 10 days
    seat(bench, 5, e, "2025-10-01T00:00:00Z", "2025-10-04T00:00:00Z");  // 3 days
    seat(bench, 5, e, "2025-11-01T00:00:00Z", "2025-11-04T00:00:00Z");  // 3 more
    // Another community's seat must never show up here.
    const auto stranger = profile(other, "7", "feyd", 7);
    other.admin_exec("INSERT INTO naib_seats (community_id, seat_number, profile_id) VALUES ($1::uuid, 4, $2::uuid)",
                     {other.community_id(), stranger});
  }
  void TearDown() override { bench.admin_exec("DELETE FROM eligibility_current"); }

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
  profile(bench, "800", "newcomer", 80, /*onboarded=*/false);
  auto run = bench.command("naib", nlohmann::json::object(), "800", "current");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  const auto reply = run.reply();
  EXPECT_EQ(reply["flags"], 64);
  EXPECT_NE(std::string(reply["content"]).find("complete onboarding"), std::string::npos);
  EXPECT_FALSE(reply.contains("embeds"));
}
