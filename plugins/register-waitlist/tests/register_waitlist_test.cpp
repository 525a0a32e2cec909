// /register-waitlist on the seeded Sietch (real PostgreSQL under RLS, Discord effects recorded):
// every register rule in its order, the registration, audit and Taqwa effects, status, unregister.
#include <gtest/gtest.h>

#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using nlohmann::json;

namespace {

const char* const kTaqwa = "1180000000000000777";
const std::string kNewUser = "830000000000000001";  // a guild member with no profile and no registration

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f["value"];
  }
  static const json missing = "<missing field " + name + ">";
  return missing;
}

class RegisterWaitlist : public ::testing::Test {
 protected:
  void SetUp() override { seeded_ = seed_sietch(bench_); }
  void TearDown() override { clear_ranking(bench_); }

  PluginRun run(const std::string& sub, const std::string& user, json options = json::object()) {
    return bench_.command("register-waitlist", options, user, sub);
  }
  PluginRun register_wallet(const std::string& user, const std::string& wallet) {
    return run("register", user, {{"wallet", wallet}});
  }
  // The description of the "❌ Registration Failed" embed the run answered (checks title, colour, flags).
  std::string failure(const PluginRun& r) {
    EXPECT_EQ(r.status, ARRAKIS_OK) << r.error;
    const auto reply = r.reply();
    if (!reply.is_object()) return "<no reply: " + r.effects.dump() + ">";
    EXPECT_EQ(reply.value("flags", 0), 64) << "every reply is ephemeral";
    const auto& e = reply["embeds"][0];
    EXPECT_EQ(e["title"], "❌ Registration Failed");
    EXPECT_EQ(e["color"], 0xFF4444);
    return e.value("description", "");
  }
  long long active_rows(const std::string& user) {
    return bench_.admin_exec("SELECT count(*) FROM waitlist_registrations WHERE community_id = $1::uuid AND active "
                             "AND discord_user_id = $2",
                             {bench_.community_id(), user})[0][0]
        .as<long long>();
  }
  // Puts a wallet no one is linked to at `rank` (the seeded wallets of ranks 69, 70, 100 and 101
  // belong to members, which rule 3 refuses before the rank is looked at).
  std::string free_wallet_at(int rank, int wallet) {
    bench_.admin_exec("UPDATE eligibility_current SET address = $1 WHERE rank = $2",
                      {wallet_address(wallet), std::to_string(rank)});
    return wallet_address(wallet);
  }
  // The seeded registration of waitlist_discord_id(75) now points at `wallet`.
  void move_registration(const std::string& wallet) {
    bench_.admin_exec("UPDATE waitlist_registrations SET wallet_address = $3 WHERE community_id = $1::uuid AND "
                      "discord_user_id = $2",
                      {bench_.community_id(), waitlist_discord_id(75), wallet});
  }
  void configure_taqwa() {
    bench_.admin_exec("UPDATE community_config SET taqwa_role_id = $2 WHERE community_id = $1::uuid",
                      {bench_.community_id(), kTaqwa});
  }

  PluginBench bench_{"register-waitlist"};
  SeededSietch seeded_;
};

}  // namespace

TEST_F(RegisterWaitlist, InvalidOrMissingWalletIsRefusedClearly) {
  const std::string invalid =
      "Invalid wallet address. Please provide a valid address: 0x followed by 40 hexadecimal characters.";
  EXPECT_EQ(failure(register_wallet(kNewUser, "0x1234")), invalid);
  EXPECT_EQ(failure(register_wallet(kNewUser, "hello")), invalid);
  EXPECT_EQ(failure(register_wallet(kNewUser, "0x" + std::string(39, 'a') + "g")), invalid);
  EXPECT_EQ(failure(register_wallet(kNewUser, "1x" + std::string(40, 'a'))), invalid);
  EXPECT_EQ(failure(run("register", kNewUser)),
            "Please give the wallet to register: `/register-waitlist register wallet:0x…`.");
  EXPECT_EQ(active_rows(kNewUser), 0);
}

TEST_F(RegisterWaitlist, Rule1UserAlreadyRegisteredComesFirst) {
  const std::string expected =
      "You are already registered for the waitlist with wallet `0x0000...004b`. Use `/register-waitlist status` to see "
      "your position, or `/register-waitlist unregister` first to register another wallet.";
  // A free waitlist wallet: only rule 1 applies.
  EXPECT_EQ(failure(register_wallet(waitlist_discord_id(75), wallet_address(80))), expected);
  // Wallet 71 is registered (rule 2) and linked to member 71 (rule 3): rule 1 still wins.
  EXPECT_EQ(failure(register_wallet(waitlist_discord_id(75), wallet_address(71))), expected);
  EXPECT_NE(failure(register_wallet(member_discord_id(71), wallet_address(80))).find("`0x0000...0047`"),
            std::string::npos);
}

TEST_F(RegisterWaitlist, Rule2WalletAlreadyRegisteredComesBeforeTheMemberLink) {
  const std::string expected = "This wallet is already registered for waitlist alerts by another user.";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(75))), expected);
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(71))), expected) << "registered and linked: rule 2 first";
  // An inactive registration holds nothing.
  bench_.admin_exec("UPDATE waitlist_registrations SET active = false WHERE community_id = $1::uuid AND "
                    "discord_user_id = $2",
                    {bench_.community_id(), waitlist_discord_id(75)});
  EXPECT_EQ(register_wallet(kNewUser, wallet_address(75)).reply()["embeds"][0]["title"],
            "📬 Waitlist Registration Complete");
}

TEST_F(RegisterWaitlist, Rule3WalletAlreadyLinkedToAMember) {
  const std::string expected =
      "This wallet is already linked to a Sietch member. The waitlist is for wallets outside the Sietch.";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(72))), expected) << "member 72, rank 72";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(101))), expected) << "before rule 6 (rank 101)";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(20))), expected) << "before rule 5 (rank 20)";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(kUnrankedWallet))), expected) << "before rule 4";
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(41))), expected) << "a member still onboarding";
  EXPECT_EQ(failure(register_wallet(member_discord_id(72), wallet_address(72))),
            "This wallet is linked to your own Sietch profile: `/position` shows where it stands and `/alerts` sets what "
            "you are told about it.");
  EXPECT_EQ(active_rows(kNewUser), 0);
}

TEST_F(RegisterWaitlist, Rule3CountsOnlyThisCommunitysMembers) {
  // Wallet 80 is linked to a Discord user who is a member of another community only.
  PluginBench other("register-waitlist");
  add_member(other, {"830000000000000099", "Elsewhere", 80});
  EXPECT_EQ(register_wallet(kNewUser, wallet_address(80)).reply()["embeds"][0]["title"],
            "📬 Waitlist Registration Complete");
  other.admin_exec("DELETE FROM wallet_verifications WHERE discord_user_id = '830000000000000099'");
}

TEST_F(RegisterWaitlist, Rule4WalletNotRanked) {
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet_address(600))), "This wallet is not ranked yet. You need some BGT first!");
}

TEST_F(RegisterWaitlist, Rule5AlreadyEligibleUpToRank69) {
  const auto wallet69 = free_wallet_at(69, 900);
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet69)),
            "This wallet is already eligible (position #69)! You don't need the waitlist: link it with `/verify start` "
            "and finish onboarding in the DM the Sietch bot sends you.");
  EXPECT_NE(failure(register_wallet(kNewUser, wallet_address(44))).find("(position #44)"), std::string::npos);
  EXPECT_EQ(active_rows(kNewUser), 0);
}

TEST_F(RegisterWaitlist, Rule6OutsideTheWaitlistRangeFromRank101) {
  const auto wallet101 = free_wallet_at(101, 903);
  EXPECT_EQ(failure(register_wallet(kNewUser, wallet101)),
            "This wallet is at position #101, outside waitlist range (70-100). Only wallets ranked 70-100 can register.");
  EXPECT_NE(failure(register_wallet(kNewUser, wallet_address(110))).find("position #110, outside waitlist range (70-100)"),
            std::string::npos);
  EXPECT_EQ(active_rows(kNewUser), 0);
}

TEST_F(RegisterWaitlist, Ranks70And100AreAccepted) {
  const auto wallet70 = free_wallet_at(70, 901);
  const auto wallet100 = free_wallet_at(100, 902);
  const auto first = register_wallet(kNewUser, wallet70);
  ASSERT_EQ(first.status, ARRAKIS_OK) << first.error;
  const auto e70 = first.reply()["embeds"][0];
  EXPECT_EQ(e70["title"], "📬 Waitlist Registration Complete");
  EXPECT_EQ(field(e70, "Your Position"), "#70");
  EXPECT_EQ(field(e70, "Distance to Entry"), "65 BGT") << "965 at #69, 900 at #70";

  const auto e100 = register_wallet("830000000000000002", wallet100).reply()["embeds"][0];
  EXPECT_EQ(e100["title"], "📬 Waitlist Registration Complete");
  EXPECT_EQ(field(e100, "Your Position"), "#100");
  EXPECT_EQ(field(e100, "Your BGT"), "480 BGT");
  EXPECT_EQ(field(e100, "Distance to Entry"), "485 BGT");
}

TEST_F(RegisterWaitlist, RegistrationStoresTheRowAuditsAndAddsTheTaqwaRole) {
  configure_taqwa();
  // Whitespace and upper-case hex are accepted and stored normalised.
  const auto r = register_wallet(kNewUser, "  0X000000000000000000000000000000000000005A ");
  ASSERT_EQ(r.status, ARRAKIS_OK) << r.error;
  const auto reply = r.reply();
  EXPECT_EQ(reply["flags"], 64);
  const auto& e = reply["embeds"][0];
  EXPECT_EQ(e["title"], "📬 Waitlist Registration Complete");
  EXPECT_EQ(e["color"], 0x8B4513);
  EXPECT_EQ(field(e, "Your Position"), "#90");
  EXPECT_EQ(field(e, "Your BGT"), "620 BGT");
  EXPECT_EQ(field(e, "Distance to Entry"), "345 BGT");
  EXPECT_EQ(field(e, "Wallet"), "`0x0000...005a`");

  const auto row = bench_.admin_exec(
      "SELECT wallet_address, position_at_registration, bgt_at_registration::text, active, notified "
      "FROM waitlist_registrations WHERE community_id = $1::uuid AND discord_user_id = $2",
      {bench_.community_id(), kNewUser});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), wallet_address(90));
  EXPECT_EQ(row[0][1].as<int>(), 90);
  EXPECT_EQ(row[0][2].as<std::string>(), "620000000000000000000");
  EXPECT_TRUE(row[0][3].as<bool>());
  EXPECT_FALSE(row[0][4].as<bool>());

  const auto audit = bench_.admin_exec(
      "SELECT event_data->>'walletAddress', (event_data->>'position')::int, actor FROM audit_log "
      "WHERE community_id = $1::uuid AND event_type = 'waitlist_registration'",
      {bench_.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), wallet_address(90));
  EXPECT_EQ(audit[0][1].as<int>(), 90);
  EXPECT_EQ(audit[0][2].as<std::string>(), kNewUser);

  json roles = json::array();
  for (const auto& effect : r.effects) {
    if (effect["kind"] == "guild.add_role" || effect["kind"] == "guild.remove_role") roles.push_back(effect);
  }
  ASSERT_EQ(roles.size(), 1u) << r.effects.dump(1);
  EXPECT_EQ(roles[0]["kind"], "guild.add_role");
  EXPECT_EQ(roles[0]["user"], kNewUser);
  EXPECT_EQ(roles[0]["role"], kTaqwa);
  EXPECT_EQ(roles[0]["reason"], "Waitlist registration");
}

TEST_F(RegisterWaitlist, NoTaqwaRoleConfiguredNoRoleEffect) {
  const auto r = register_wallet(kNewUser, wallet_address(85));
  EXPECT_EQ(r.reply()["embeds"][0]["title"], "📬 Waitlist Registration Complete");
  for (const auto& effect : r.effects) EXPECT_NE(effect["kind"], "guild.add_role");
  EXPECT_EQ(active_rows(kNewUser), 1);
}

TEST_F(RegisterWaitlist, ARegistrationInAnotherCommunityHoldsNothingHere) {
  PluginBench other("register-waitlist");
  other.admin_exec(
      "INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, position_at_registration, "
      "bgt_at_registration) VALUES ($1::uuid, $2, $3, 80, 760000000000000000000)",
      {other.community_id(), kNewUser, wallet_address(80)});
  EXPECT_EQ(register_wallet(kNewUser, wallet_address(80)).reply()["embeds"][0]["title"],
            "📬 Waitlist Registration Complete");
}

TEST_F(RegisterWaitlist, StatusShowsTheStandingNow) {
  bench_.admin_exec("UPDATE waitlist_registrations SET registered_at = '2026-01-02 03:04:05+00' WHERE community_id = "
                    "$1::uuid AND discord_user_id = $2",
                    {bench_.community_id(), waitlist_discord_id(75)});
  const auto r = run("status", waitlist_discord_id(75));
  ASSERT_EQ(r.status, ARRAKIS_OK) << r.error;
  EXPECT_EQ(r.reply()["flags"], 64);
  const auto e = r.reply()["embeds"][0];
  EXPECT_EQ(e["title"], "📬 Your Waitlist Status");
  EXPECT_EQ(field(e, "Current Position"), "#75");
  EXPECT_EQ(field(e, "Current BGT"), "830 BGT");
  EXPECT_EQ(field(e, "Distance to Entry"), "135 BGT");
  EXPECT_EQ(field(e, "Wallet"), "`0x0000...004b`");
  EXPECT_EQ(field(e, "Registered Since"), "<t:1767323045:R>");
  EXPECT_EQ(e["description"], "You'll get a DM when your wallet reaches the top 69 and can join the Sietch.");

  EXPECT_EQ(field(run("status", member_discord_id(71)).reply()["embeds"][0], "Distance to Entry"), "79 BGT");
}

TEST_F(RegisterWaitlist, StatusWhenTheWalletBecameEligibleOrUnranked) {
  move_registration(wallet_address(50));
  auto e = run("status", waitlist_discord_id(75)).reply()["embeds"][0];
  EXPECT_EQ(field(e, "Current Position"), "#50");
  EXPECT_EQ(field(e, "Distance to Entry"), "✅ Eligible now");
  EXPECT_NE(e["description"].get<std::string>().find("/verify start"), std::string::npos);

  move_registration(wallet_address(600));
  e = run("status", waitlist_discord_id(75)).reply()["embeds"][0];
  EXPECT_EQ(field(e, "Current Position"), "Not ranked");
  EXPECT_EQ(field(e, "Wallet"), "`0x0000...0258`");
}

TEST_F(RegisterWaitlist, StatusAndUnregisterWhenNotRegistered) {
  auto e = run("status", kNewUser).reply()["embeds"][0];
  EXPECT_EQ(e["title"], "📭 Not on the Waitlist");
  EXPECT_EQ(e["description"],
            "You haven't registered a wallet for the waitlist. If your wallet ranks between 70 and 100, use "
            "`/register-waitlist register wallet:0x…` to get a DM when it reaches the top 69.");
  const auto r = run("unregister", kNewUser);
  EXPECT_EQ(r.reply()["flags"], 64);
  EXPECT_EQ(r.reply()["embeds"][0]["title"], "📭 Not on the Waitlist");
  for (const auto& effect : r.effects) EXPECT_NE(effect["kind"], "guild.remove_role");
}

TEST_F(RegisterWaitlist, UnregisterDeactivatesAuditsAndRemovesTheTaqwaRole) {
  configure_taqwa();
  const auto r = run("unregister", waitlist_discord_id(75));
  ASSERT_EQ(r.status, ARRAKIS_OK) << r.error;
  EXPECT_EQ(r.reply()["flags"], 64);
  const auto e = r.reply()["embeds"][0];
  EXPECT_EQ(e["title"], "👋 Unregistered from Waitlist");
  EXPECT_EQ(e["description"],
            "Wallet `0x0000...004b` is no longer on the waitlist and you won't get its eligibility alert. Use "
            "`/register-waitlist register` to sign up again.");
  EXPECT_EQ(active_rows(waitlist_discord_id(75)), 0);
  EXPECT_EQ(bench_.admin_exec("SELECT count(*) FROM waitlist_registrations WHERE community_id = $1::uuid AND "
                              "discord_user_id = $2",
                              {bench_.community_id(), waitlist_discord_id(75)})[0][0].as<int>(),
            1)
      << "deactivated, not deleted";
  EXPECT_EQ(bench_.admin_exec("SELECT actor FROM audit_log WHERE community_id = $1::uuid AND "
                              "event_type = 'waitlist_unregistration'",
                              {bench_.community_id()})[0][0].as<std::string>(),
            waitlist_discord_id(75));
  json removed;
  for (const auto& effect : r.effects) {
    if (effect["kind"] == "guild.remove_role") removed = effect;
  }
  EXPECT_EQ(removed["user"], waitlist_discord_id(75)) << r.effects.dump(1);
  EXPECT_EQ(removed["role"], kTaqwa);

  // The wallet is free again, and so is the user.
  EXPECT_EQ(register_wallet(kNewUser, wallet_address(75)).reply()["embeds"][0]["title"],
            "📬 Waitlist Registration Complete");
  EXPECT_EQ(register_wallet(waitlist_discord_id(75), wallet_address(76)).reply()["embeds"][0]["title"],
            "📬 Waitlist Registration Complete");
}

TEST_F(RegisterWaitlist, AForgedSubcommandGetsHelp) {
  EXPECT_EQ(failure(run("bogus", kNewUser)),
            "Unknown subcommand. Use `/register-waitlist register`, `/register-waitlist status` or "
            "`/register-waitlist unregister`.");
}
