// /check-eligibility on the standard seeded Sietch (plugins/sietch/testing/.../community.hpp:
// wallet_address(r) holds rank r, #64/#65 and #100/#101 tie) with the chain answered exactly as
// JSON-RPC results through the recorder: a holder, a zero balance, a burner, unranked and edge
// ranks, an RPC error, malformed answers, the 60 s cache on the recorder's clock, bad input.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>

#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
using namespace arrakis::sietch::testing;
using json = nlohmann::json;

namespace {

constexpr const char* kBgt = "0x656b95e550c07a9ffe548bd4085c72418ceb1dba";
constexpr const char* kTransfer = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
constexpr const char* kZeroWord = "0x0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::uint64_t kHead = 8'000'000;  // 0x7a1200
const std::string kFooterTail = " • ranks from the last ranking (refreshed every 6 hours)";

// Decimal wei as the 32-byte word balanceOf returns.
std::string word(std::string decimal) {
  std::string hex;
  while (decimal != "0") {
    std::string quotient;
    int rest = 0;
    for (char c : decimal) {
      rest = rest * 10 + (c - '0');
      if (!quotient.empty() || rest / 16) quotient.push_back(static_cast<char>('0' + rest / 16));
      rest %= 16;
    }
    hex.insert(hex.begin(), "0123456789abcdef"[rest]);
    decimal = quotient.empty() ? "0" : quotient;
  }
  return "0x" + std::string(64 - hex.size(), '0') + hex;
}
std::string bgt(const std::string& whole) { return whole + "000000000000000000"; }
std::string topic(const std::string& address) { return "0x" + std::string(24, '0') + address.substr(2); }

// The chain as JSON-RPC results: balances, burners (a burn log in block kHead - 15,000, so the
// newest-first scan finds it in its second window), and the calls the plugin made.
struct FakeChain {
  std::map<std::string, std::string> balances;  // address -> decimal wei; absent = 0
  std::set<std::string> burners;
  std::map<std::string, std::string> raw;  // method -> the result text to answer instead
  std::set<std::string> unanswered;         // methods left to the next reader (an RPC failure)
  std::vector<json> calls;

  std::optional<std::string> answer(const json& args) {
    calls.push_back(args);
    const std::string method = args["method"];
    if (unanswered.count(method)) return std::nullopt;
    if (auto it = raw.find(method); it != raw.end()) return it->second;
    if (method == "eth_blockNumber") return json("0x7a1200").dump();
    if (method == "eth_getLogs") {
      const auto& f = args["params"][0];
      const std::string from_topic = f["topics"][1];
      const auto from = std::stoull(f["fromBlock"].get<std::string>(), nullptr, 16);
      const auto to = std::stoull(f["toBlock"].get<std::string>(), nullptr, 16);
      json logs = json::array();
      for (const auto& b : burners) {
        if (topic(b) == from_topic && from <= kHead - 15'000 && kHead - 15'000 <= to) {
          logs.push_back({{"address", kBgt}, {"topics", {kTransfer, topic(b), kZeroWord}},
                          {"data", word(bgt("1"))}, {"blockNumber", "0x79d768"}});
        }
      }
      return logs.dump();
    }
    if (method == "eth_call") {
      const std::string data = args["params"][0]["data"];
      const std::string address = "0x" + data.substr(data.size() - 40);
      const auto it = balances.find(address);
      return json(word(it == balances.end() ? "0" : it->second)).dump();
    }
    return std::nullopt;
  }
  std::vector<std::string> methods() const {
    std::vector<std::string> out;
    for (const auto& c : calls) out.push_back(c["method"]);
    return out;
  }
};

// What the worker's host answers when every endpoint failed (retryable) or an endpoint answered
// with a JSON-RPC error (permanent); the state and configuration stay empty.
class FailingChain : public arrakis::plugin_host::HostServices {
 public:
  explicit FailingChain(arrakis_status status) : status_(status) {}
  arrakis_status chain_rpc(arrakis::plugin_host::Call& c, std::string_view method, std::string_view, std::string&) override {
    return failed(c, status_, "chain " + std::string(method) + " failed: every endpoint is down");
  }
  arrakis_status state_get(arrakis::plugin_host::Call& c, std::string_view, std::string&) override {
    return failed(c, ARRAKIS_NOT_FOUND, "no state");
  }
  arrakis_status config_get(arrakis::plugin_host::Call& c, std::string_view, std::string&) override {
    return failed(c, ARRAKIS_NOT_FOUND, "not set");
  }

 private:
  arrakis_status status_;
};

// A state store that is down (Redis unreachable): the cache cannot be read.
class StateDown : public arrakis::plugin_host::HostServices {
 public:
  arrakis_status state_get(arrakis::plugin_host::Call& c, std::string_view, std::string&) override {
    return failed(c, ARRAKIS_RETRYABLE, "state store unavailable");
  }
  arrakis_status config_get(arrakis::plugin_host::Call& c, std::string_view, std::string&) override {
    return failed(c, ARRAKIS_NOT_FOUND, "not set");
  }
};

const json& field(const json& embed, const std::string& name) {
  for (const auto& f : embed["fields"]) {
    if (f["name"] == name) return f;
  }
  static const json missing = {{"value", "<missing field>"}};
  return missing;
}

class CheckEligibilityPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_sietch(bench);
    bench.recorder().set_clock(kNow);
    bench.recorder().answer_reads([this](const std::string& kind, const json& args) -> std::optional<std::string> {
      if (kind != "chain.rpc") return std::nullopt;
      return chain.answer(args);
    });
  }
  void TearDown() override { clear_ranking(bench); }

  PluginRun check(const std::string& wallet) {
    bench.recorder().clear();
    auto run = bench.command("check-eligibility", {{"wallet", wallet}}, member_discord_id(20));
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run;
  }
  // The embed of an ephemeral answer.
  json embed(const std::string& wallet) {
    const auto run = check(wallet);
    const auto reply = run.reply();
    EXPECT_EQ(reply.value("flags", 0), 64) << "answers are ephemeral: " << run.effects.dump(1);
    if (!reply.contains("embeds")) {
      ADD_FAILURE() << run.effects.dump(1);
      return json::object();
    }
    return reply["embeds"][0];
  }
  std::string content(const std::string& wallet) {
    const auto run = check(wallet);
    const auto reply = run.reply();
    EXPECT_EQ(reply.value("flags", 0), 64) << "answers are ephemeral";
    EXPECT_FALSE(reply.contains("embeds"));
    return reply.value("content", "<no content>");
  }
  std::string verdict(int rank_wallet, const std::string& whole_bgt) {
    chain.balances[wallet_address(rank_wallet)] = bgt(whole_bgt);
    return field(embed(wallet_address(rank_wallet)), "Verdict")["value"];
  }

  static constexpr std::int64_t kNow = 1'780'000'000'000;
  FakeChain chain;
  PluginBench bench{"check-eligibility"};
};

}  // namespace

TEST_F(CheckEligibilityPlugin, AHolderInTheTop69GetsTheFullAnswerFromTheChain) {
  // Live balance 1,700.5 BGT (the ranking says 1700): the answer shows the chain's.
  chain.balances[wallet_address(20)] = "1700500000000000000000";
  const auto run = check(wallet_address(20));
  const auto reply = run.reply();
  EXPECT_EQ(reply.value("flags", 0), 64);
  ASSERT_TRUE(reply.contains("embeds")) << run.effects.dump(1);
  const auto& e = reply["embeds"][0];
  EXPECT_EQ(e["title"], "🔍 BGT Eligibility Check");
  EXPECT_EQ(e["color"], 0x2ECC71);
  EXPECT_EQ(e["description"], "Wallet `0x0000...0014`");
  ASSERT_EQ(e["fields"].size(), 4u) << e.dump(1);
  EXPECT_EQ(e["fields"][0]["name"], "💰 Balance");
  EXPECT_EQ(e["fields"][0]["value"], "**1,700.5 BGT**");
  EXPECT_EQ(e["fields"][0]["inline"], true);
  EXPECT_EQ(e["fields"][1]["name"], "📊 Rank");
  EXPECT_EQ(e["fields"][1]["value"], "#20");
  EXPECT_EQ(e["fields"][1]["inline"], true);
  EXPECT_EQ(e["fields"][2]["name"], "🔥 Burn Check");
  EXPECT_EQ(e["fields"][2]["value"], "No burns found");
  EXPECT_EQ(e["fields"][3]["name"], "Verdict");
  EXPECT_EQ(e["fields"][3]["value"],
            "✅ **Eligible: a seat in the Sietch**\nRanked #20: the top 69 holders hold a seat in the Sietch.");
  EXPECT_EQ(e["fields"][3]["inline"], false);
  EXPECT_EQ(e["footer"]["text"], "Live from Berachain" + kFooterTail);

  // The burn check over the last 50,000 blocks, newest window first, then balanceOf.
  ASSERT_EQ(chain.methods(), (std::vector<std::string>{"eth_blockNumber", "eth_getLogs", "eth_getLogs", "eth_getLogs",
                                                       "eth_getLogs", "eth_getLogs", "eth_call"}));
  EXPECT_EQ(chain.calls[0]["params"], json::array());
  const json topics = {kTransfer, "0x0000000000000000000000000000000000000000000000000000000000000014", kZeroWord};
  EXPECT_EQ(chain.calls[1]["params"],
            json::array({{{"address", kBgt}, {"fromBlock", "0x79eaf1"}, {"toBlock", "0x7a1200"}, {"topics", topics}}}));
  EXPECT_EQ(chain.calls[2]["params"][0]["fromBlock"], "0x79c3e1");  // 7,980,001
  EXPECT_EQ(chain.calls[2]["params"][0]["toBlock"], "0x79eaf0");    // 7,990,000
  EXPECT_EQ(chain.calls[5]["params"][0]["fromBlock"], "0x794eb1");  // 7,950,001: 50,000 blocks in all
  EXPECT_EQ(chain.calls[5]["params"][0]["toBlock"], "0x7975c0");  // 7,960,000
  EXPECT_EQ(chain.calls[6]["params"],
            json::array({{{"to", kBgt},
                          {"data", "0x70a082310000000000000000000000000000000000000000000000000000000000000014"}},
                         "latest"}));

  // Cached 60 s under the wallet's key.
  const auto sets = bench.recorder().effects("state.set");
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0]["key"], "check-eligibility:wallet:0x0000000000000000000000000000000000000014");
  EXPECT_EQ(sets[0]["ttlMs"], 60000);
  EXPECT_EQ(json::parse(sets[0]["value"].get<std::string>()),
            json({{"burned", false}, {"balance", "1700500000000000000000"}, {"checkedAt", kNow}}));
}

TEST_F(CheckEligibilityPlugin, AZeroBalanceIsNotEligible) {
  const auto e = embed(wallet_address(kUnrankedWallet));
  EXPECT_EQ(e["color"], 0xE74C3C);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**0 BGT**");
  EXPECT_EQ(field(e, "📊 Rank")["value"], "Not ranked");
  EXPECT_EQ(field(e, "🔥 Burn Check")["value"], "No burns found");
  EXPECT_EQ(field(e, "Verdict")["value"],
            "❌ **Not eligible**\nThis wallet holds no BGT. Eligibility needs a balance above zero.");
}

TEST_F(CheckEligibilityPlugin, ABurnerIsNeverEligibleWhateverItHolds) {
  chain.balances[wallet_address(12)] = bgt("1234567");
  chain.burners.insert(wallet_address(12));
  const auto e = embed(wallet_address(12));
  EXPECT_EQ(e["color"], 0xE74C3C);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**1,234,567 BGT**");
  EXPECT_EQ(field(e, "📊 Rank")["value"], "#12");
  EXPECT_EQ(field(e, "🔥 Burn Check")["value"], "Burned BGT");
  EXPECT_EQ(field(e, "Verdict")["value"],
            "❌ **Not eligible**\nThis wallet has sent BGT to the zero address (a burn). A wallet that has ever burned "
            "BGT is never eligible.\nIt still shows at #12 until the ranking is next refreshed (every 6 hours).");
  // The scan stops at the window holding the burn; the balance is still read.
  EXPECT_EQ(chain.methods(), (std::vector<std::string>{"eth_blockNumber", "eth_getLogs", "eth_getLogs", "eth_call"}));
}

TEST_F(CheckEligibilityPlugin, AHolderOutsideTheRankingIsEligibleButNotRanked) {
  chain.balances[wallet_address(kUnrankedWallet)] = "5000000000000000";  // 0.005 BGT
  const auto e = embed(wallet_address(kUnrankedWallet));
  EXPECT_EQ(e["color"], 0x95A5A6);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**0.01 BGT**");
  EXPECT_EQ(field(e, "📊 Rank")["value"], "Not ranked");
  EXPECT_EQ(field(e, "Verdict")["value"],
            "🟡 **Eligible, not ranked**\nThis wallet is not in the last ranking: only the top 69 hold a seat and "
            "positions 70-100 wait for one. The ranking is refreshed every 6 hours.");
}

TEST_F(CheckEligibilityPlugin, RanksDecideSeatWaitlistOrOutside) {
  EXPECT_EQ(verdict(3, "1955"),
            "✅ **Eligible: a seat in the Sietch**\nRanked #3: the top 7 can hold a Naib seat, and the top 69 hold a "
            "seat in the Sietch.");
  EXPECT_EQ(verdict(69, "965"),
            "✅ **Eligible: a seat in the Sietch**\nRanked #69: the top 69 holders hold a seat in the Sietch.");
  EXPECT_EQ(verdict(70, "900"),
            "⏳ **Eligible: on the waitlist**\nRanked #70: positions 70-100 wait for a seat to open. Use "
            "/register-waitlist to be alerted when one does.");
  EXPECT_EQ(verdict(100, "480"),
            "⏳ **Eligible: on the waitlist**\nRanked #100: positions 70-100 wait for a seat to open. Use "
            "/register-waitlist to be alerted when one does.");
  EXPECT_EQ(verdict(101, "480"),
            "🟡 **Eligible, outside the top 100**\nRanked #101: only the top 69 hold a seat and positions 70-100 wait "
            "for one.");
  chain.balances[wallet_address(70)] = bgt("900");
  const auto e = embed(wallet_address(70));
  EXPECT_EQ(e["color"], 0xF39C12);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**900 BGT**");
  EXPECT_EQ(field(e, "📊 Rank")["value"], "#70");
}

TEST_F(CheckEligibilityPlugin, AnUnreachableChainGetsATryAgainMessageAndNothingIsCached) {
  for (const auto status : {ARRAKIS_RETRYABLE, ARRAKIS_PERMANENT}) {
    FailingChain down(status);
    bench.recorder().read_through(&down);
    chain.unanswered = {"eth_blockNumber", "eth_getLogs", "eth_call"};
    EXPECT_EQ(content(wallet_address(20)),
              "⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.");
    EXPECT_TRUE(bench.recorder().effects("state.set").empty());
    // Failing after the block number (a JSON-RPC error on eth_getLogs, say) is the same answer.
    chain.unanswered = {"eth_getLogs"};
    EXPECT_EQ(content(wallet_address(20)),
              "⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.");
    EXPECT_EQ(chain.methods().back(), "eth_getLogs");
    bench.recorder().read_through(nullptr);
    chain.calls.clear();
  }
  // No chain configured on the host at all.
  chain.unanswered = {"eth_blockNumber"};
  EXPECT_EQ(content(wallet_address(20)), "⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.");
}

TEST_F(CheckEligibilityPlugin, AMalformedChainAnswerIsTreatedAsUnreachable) {
  for (const auto& [method, answer] : std::vector<std::pair<std::string, std::string>>{
           {"eth_blockNumber", "\"latest\""},
           {"eth_blockNumber", "null"},
           {"eth_getLogs", "{\"logs\":[]}"},
           {"eth_call", "\"0x\""},
           {"eth_call", "\"0x01\""},  // not a 32-byte word
           {"eth_call", json("0x" + std::string(63, '0') + "g").dump()},
           {"eth_call", "12"}}) {
    chain.raw = {{method, answer}};
    EXPECT_EQ(content(wallet_address(20)),
              "⚠️ Couldn't reach the chain to check this wallet. Please try again in a moment.")
        << method << " answered " << answer;
    EXPECT_TRUE(bench.recorder().effects("state.set").empty()) << method << " answered " << answer;
  }
}

TEST_F(CheckEligibilityPlugin, ResultsAreKept60SecondsPerWallet) {
  chain.balances[wallet_address(20)] = bgt("1700");
  EXPECT_EQ(embed(wallet_address(20))["footer"]["text"], "Live from Berachain" + kFooterTail);
  const auto first_calls = chain.calls.size();
  // At once: from the cache, 0 s old.
  EXPECT_EQ(embed(wallet_address(20))["footer"]["text"], "From Berachain 0 s ago (kept for 60 s)" + kFooterTail);
  EXPECT_EQ(chain.calls.size(), first_calls);

  // 59.999 s later, typed in upper case: the same wallet, from the cache, with the chain's balance
  // of then even though it changed since.
  chain.balances[wallet_address(20)] = bgt("1");
  bench.recorder().set_clock(kNow + 59'999);
  auto e = embed("0x00000000000000000000000000000000000000" "14");
  EXPECT_EQ(chain.calls.size(), first_calls) << "a cache hit asks the chain nothing";
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**1,700 BGT**");
  EXPECT_EQ(e["footer"]["text"], "From Berachain 59 s ago (kept for 60 s)" + kFooterTail);
  EXPECT_TRUE(bench.recorder().effects("state.set").empty());

  // Another wallet is not served from this one's entry.
  chain.balances[wallet_address(21)] = bgt("1685");
  EXPECT_EQ(field(embed(wallet_address(21)), "💰 Balance")["value"], "**1,685 BGT**");

  // At 60 s the entry is gone: asked again.
  bench.recorder().set_clock(kNow + 60'000);
  chain.calls.clear();
  e = embed("0x00000000000000000000000000000000000000" "14");
  EXPECT_EQ(chain.calls.size(), 7u);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**1 BGT**");
  EXPECT_EQ(e["footer"]["text"], "Live from Berachain" + kFooterTail);
}

TEST_F(CheckEligibilityPlugin, AStateStoreThatIsDownOnlyCostsAChainCheck) {
  StateDown down;
  bench.recorder().read_through(&down);
  chain.balances[wallet_address(20)] = bgt("1700");
  const auto e = embed(wallet_address(20));
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**1,700 BGT**");
  EXPECT_EQ(e["footer"]["text"], "Live from Berachain" + kFooterTail);
  EXPECT_EQ(chain.calls.size(), 7u);
  bench.recorder().read_through(nullptr);
}

TEST_F(CheckEligibilityPlugin, MixedCaseAddressesAreTheSameWallet) {
  const std::string checksummed = "0x656b95E550C07a9ffe548bd4085c72418Ceb1dBA";
  chain.balances[kBgt] = bgt("42");
  const auto e = embed(checksummed);
  EXPECT_EQ(field(e, "💰 Balance")["value"], "**42 BGT**");
  EXPECT_EQ(e["description"], "Wallet `0x656b...1dba`");
  EXPECT_EQ(bench.recorder().effects("state.set")[0]["key"], std::string("check-eligibility:wallet:") + kBgt);
}

TEST_F(CheckEligibilityPlugin, InvalidAddressesGetAClearErrorAndNoChainCall) {
  for (const std::string& bad : std::vector<std::string>{"0x123", "hello", "0x" + std::string(39, 'a') + "g", "0X" + std::string(40, 'a'),
                                "0x" + std::string(41, 'a'), " 0x" + std::string(40, 'a'), "`0x`"}) {
    EXPECT_EQ(content(bad),
              "❌ That is not a valid wallet address. A wallet address is `0x` followed by 40 hexadecimal characters "
              "(0-9, a-f).")
        << bad;
  }
  EXPECT_TRUE(chain.calls.empty());
}

TEST_F(CheckEligibilityPlugin, AMissingWalletOptionIsExplained) {
  for (const json& options : {json::object(), json{{"wallet", ""}}, json{{"wallet", nullptr}}}) {
    bench.recorder().clear();
    const auto run = bench.command("check-eligibility", options, member_discord_id(20));
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    EXPECT_EQ(run.reply()["content"], "❌ Please give a wallet address: `/check-eligibility wallet:0x…`");
    EXPECT_EQ(run.reply().value("flags", 0), 64);
  }
  EXPECT_TRUE(chain.calls.empty());
}

TEST_F(CheckEligibilityPlugin, TheTokenAndTheScanStartComeFromConfiguration) {
  const std::string token = "0x00000000000000000000000000000000000000aa";
  bench.recorder().set_config("bgt_address", "0x00000000000000000000000000000000000000AA");
  bench.recorder().set_config("start_block", "7985000");
  chain.balances[wallet_address(20)] = bgt("1700");
  embed(wallet_address(20));
  // 7,985,000 .. 8,000,000: two windows, newest first.
  ASSERT_EQ(chain.methods(), (std::vector<std::string>{"eth_blockNumber", "eth_getLogs", "eth_getLogs", "eth_call"}));
  EXPECT_EQ(chain.calls[1]["params"][0]["address"], token);
  EXPECT_EQ(chain.calls[1]["params"][0]["fromBlock"], "0x79eaf1");
  EXPECT_EQ(chain.calls[2]["params"][0]["fromBlock"], "0x79d768");  // 7,985,000
  EXPECT_EQ(chain.calls[2]["params"][0]["toBlock"], "0x79eaf0");
  EXPECT_EQ(chain.calls[3]["params"][0]["to"], token);
}

TEST_F(CheckEligibilityPlugin, AnUnusableConfigurationIsReportedToTheUser) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"bgt_address", "BGT"}, {"start_block", "-1"}, {"start_block", "soon"}}) {
    bench.recorder().set_config("bgt_address", key == "bgt_address" ? value : kBgt);
    bench.recorder().set_config("start_block", key == "start_block" ? value : "0");
    EXPECT_EQ(content(wallet_address(20)),
              "⚠️ The eligibility check is not configured correctly. Please tell a server administrator.")
        << key << "=" << value;
  }
  EXPECT_TRUE(chain.calls.empty());
}

TEST(CheckEligibilityDeclaration, PrivateCommandWithItsDefinition) {
  PluginBench bench("check-eligibility");
  const auto& info = bench.plugin().info();
  EXPECT_EQ(info.version, "1.0.0");
  ASSERT_EQ(info.commands.size(), 1u);
  EXPECT_EQ(info.commands[0].name, "check-eligibility");
  EXPECT_EQ(info.commands[0].flags, ARRAKIS_COMMAND_EPHEMERAL);
  const auto definition = json::parse(info.commands[0].definition_json);
  EXPECT_EQ(definition["options"][0]["name"], "wallet");
  EXPECT_EQ(definition["options"][0]["required"], true);
}
