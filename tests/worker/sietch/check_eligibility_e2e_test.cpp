// /check-eligibility through the full path, the worker reading chain-sim (SietchFullPath::chain())
// over its chain RPC: a holder, a zero balance, a burner, an invalid address and the chain down,
// each with its own private answer. The RPC-down test comes last: it trips the worker's circuit
// breaker, which stays open 30 s.
#include <chrono>
#include <cstdio>

#include "arrakis/chain_sim/holder_set.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;
using namespace arrakis::sietch::testing;

namespace {

const std::string kTail = " • ranks from the last ranking (refreshed every 6 hours)";

// "Live from Berachain • …", or "From Berachain N s ago (kept for 60 s) • …" from the cache (a run
// within 60 s of an earlier one finds its entries in Redis).
bool live_or_cached_footer(const std::string& footer) {
  if (footer == "Live from Berachain" + kTail) return true;
  return footer.rfind("From Berachain ", 0) == 0 && footer.size() > kTail.size() &&
         footer.compare(footer.size() - kTail.size(), kTail.size(), kTail) == 0 &&
         footer.find(" s ago (kept for 60 s)") != std::string::npos;
}

// Wallet 20 (ranked #20) holds 1,700.5 BGT; wallet 12 (#12) holds 1,000 and burned 5; wallet 70
// (#70) holds 900; the unranked wallet holds nothing.
void use_holders(arrakis::chain_sim::ChainSimulator& chain) {
  const json set = {
      {"head_block", std::uint64_t{8'000'000}},
      {"holders",
       {{{"address", wallet_address(20)}, {"balance", "1700500000000000000000"}},
        {{"address", wallet_address(12)}, {"balance", "1000000000000000000000"}, {"burned_wei", "5000000000000000000"}},
        {{"address", wallet_address(70)}, {"balance", "900000000000000000000"}},
        {{"address", wallet_address(kUnrankedWallet)}, {"balance", "0"}}}}};
  chain.set_holders(arrakis::chain_sim::holder_set_from_json(set));
}

// A wallet no earlier run checked (results are kept 60 s in Redis).
std::string fresh_wallet() {
  char buf[43];
  std::snprintf(buf, sizeof buf, "0x%040llx",
                static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()));
  return buf;
}


}  // namespace


TEST_F(SietchFullPath, CheckEligibilityAnswersAHolderZeroBalanceAndBurnerFromTheChain) {
  use_holders(chain());
  auto check = [&](const std::string& wallet) {
    const auto i = stack().command("check-eligibility", stranger(),
                                   json::array({{{"type", 3}, {"name", "wallet"}, {"value", wallet}}}));
    const auto first = stack().first_response(i);
    EXPECT_EQ(first.value("type", 0), 5) << first.dump();
    EXPECT_EQ(first["data"].value("flags", 0) & 64, 64) << "/check-eligibility is private: " << first.dump();
    auto message = stack().original_message(i);
    EXPECT_TRUE(message.contains("embeds")) << message.dump() << stack().logs();
    return message.contains("embeds") ? message["embeds"][0] : json::object();
  };

  auto holder = check(wallet_address(20));
  EXPECT_EQ(holder["title"], "🔍 BGT Eligibility Check");
  EXPECT_EQ(holder["color"], 0x2ECC71);
  EXPECT_EQ(holder["description"], "Wallet `0x0000...0014`");
  ASSERT_EQ(holder["fields"].size(), 4u) << holder.dump(1);
  EXPECT_EQ(holder["fields"][0]["value"], "**1,700.5 BGT**") << "the chain's balance, not the ranking's 1700";
  EXPECT_EQ(holder["fields"][1]["value"], "#20");
  EXPECT_EQ(holder["fields"][2]["value"], "No burns found");
  EXPECT_EQ(holder["fields"][3]["value"],
            "✅ **Eligible: a seat in the Sietch**\nRanked #20: the top 69 holders hold a seat in the Sietch.");
  EXPECT_TRUE(live_or_cached_footer(holder["footer"]["text"])) << holder["footer"].dump();

  // Asked again at once: served from the 60 s cache, chain-sim sees no request.
  const auto requests = chain().stats()["http_requests"].get<std::uint64_t>();
  auto again = check(wallet_address(20));
  EXPECT_EQ(again["fields"][0]["value"], "**1,700.5 BGT**");
  const std::string footer = again["footer"]["text"];
  EXPECT_TRUE(footer.rfind("From Berachain ", 0) == 0 && live_or_cached_footer(footer)) << footer;
  EXPECT_EQ(chain().stats()["http_requests"].get<std::uint64_t>(), requests);

  auto waiting = check(wallet_address(70));
  EXPECT_EQ(waiting["fields"][0]["value"], "**900 BGT**");
  EXPECT_EQ(waiting["fields"][3]["value"],
            "⏳ **Eligible: on the waitlist**\nRanked #70: positions 70-100 wait for a seat to open. Use "
            "/register-waitlist to be alerted when one does.");

  auto zero = check(wallet_address(kUnrankedWallet));
  EXPECT_EQ(zero["color"], 0xE74C3C);
  EXPECT_EQ(zero["fields"][0]["value"], "**0 BGT**");
  EXPECT_EQ(zero["fields"][1]["value"], "Not ranked");
  EXPECT_EQ(zero["fields"][3]["value"],
            "❌ **Not eligible**\nThis wallet holds no BGT. Eligibility needs a balance above zero.");

  auto burner = check(wallet_address(12));
  EXPECT_EQ(burner["color"], 0xE74C3C);
  EXPECT_EQ(burner["fields"][0]["value"], "**1,000 BGT**");
  EXPECT_EQ(burner["fields"][2]["value"], "Burned BGT");
  EXPECT_EQ(burner["fields"][3]["value"],
            "❌ **Not eligible**\nThis wallet has sent BGT to the zero address (a burn). A wallet that has ever burned "
            "BGT is never eligible.\nIt still shows at #12 until the ranking is next refreshed (every 6 hours).");
}

TEST_F(SietchFullPath, CheckEligibilityRefusesAnInvalidAddressPrivately) {
  const auto i = stack().command("check-eligibility", stranger(),
                                 json::array({{{"type", 3}, {"name", "wallet"}, {"value", "0x12345"}}}));
  EXPECT_EQ(stack().first_response(i)["data"].value("flags", 0) & 64, 64);
  EXPECT_EQ(stack().original_message(i).value("content", ""),
            "❌ That is not a valid wallet address. A wallet address is `0x` followed by 40 hexadecimal characters "
            "(0-9, a-f).");
}

// Last of the chain tests: the worker's breaker for chain-sim opens here.
TEST_F(SietchFullPath, CheckEligibilitySaysTheChainIsUnreachableWhenTheRpcIsDown) {
  use_holders(chain());
  chain().faults().set(arrakis::chain_sim::parse_fault_plan({{"http_status", 503}}));
  // Failed calls open the worker's breaker (50% of the calls of the last 10 s, the earlier tests'
  // successes included); from then on a check fails without
  // reaching chain-sim, and the user gets the same answer.
  bool breaker_open = false;
  for (int attempt = 0; attempt < 25 && !breaker_open; ++attempt) {
    const auto requests_before = chain().stats()["http_requests"].get<std::uint64_t>();
    const auto i = stack().command("check-eligibility", stranger(),
                                   json::array({{{"type", 3}, {"name", "wallet"}, {"value", fresh_wallet()}}}));
    EXPECT_EQ(stack().first_response(i)["data"].value("flags", 0) & 64, 64);
    EXPECT_EQ(stack().original_message(i).value("content", ""),
              "⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.")
        << "attempt " << attempt << stack().logs();
    breaker_open = chain().stats()["http_requests"].get<std::uint64_t>() == requests_before;
  }
  EXPECT_TRUE(breaker_open) << "every check still reached chain-sim: " << chain().stats().dump();
  EXPECT_TRUE(stack().harness().drain_dlq().empty()) << "an unreachable chain is answered, never dead-lettered";
  chain().faults().clear();
}
