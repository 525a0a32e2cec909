// Hex, quantity, decimal and ABI encoding: the byte-level layer every RPC answer depends on.
#include <gtest/gtest.h>

#include "arrakis/chain_sim/abi.hpp"
#include "arrakis/chain_sim/hex.hpp"

namespace cs = arrakis::chain_sim;
namespace ethabi = arrakis::chain_sim::abi;  // not `abi`: <cxxabi.h> (via gtest) owns that name

namespace {

const std::string kHolder = "0x00000000000000000000000000000000000000aa";

std::string word_hex(const cs::Bytes& data, std::size_t index) {
  return cs::to_hex(cs::Bytes(data.begin() + static_cast<std::ptrdiff_t>(index * 32),
                              data.begin() + static_cast<std::ptrdiff_t>(index * 32 + 32)));
}

std::string word(const std::string& digits) { return "0x" + std::string(64 - digits.size(), '0') + digits; }

}  // namespace

TEST(ChainSimHex, QuantitiesHaveNoLeadingZeros) {
  EXPECT_EQ(cs::to_quantity(0), "0x0");
  EXPECT_EQ(cs::to_quantity(80094), "0x138de");
  EXPECT_EQ(cs::parse_quantity("0x138DE"), 80094u);
  EXPECT_EQ(cs::parse_quantity("0x000a"), 10u);
  EXPECT_FALSE(cs::parse_quantity("0x"));
  EXPECT_FALSE(cs::parse_quantity("138de"));
  EXPECT_FALSE(cs::parse_quantity("0xg1"));
  EXPECT_FALSE(cs::parse_quantity("0x10000000000000000"));  // beyond 64 bits
}

TEST(ChainSimHex, BytesRoundTripAndRejectMalformedText) {
  EXPECT_EQ(cs::to_hex({0x00, 0xab, 0xff}), "0x00abff");
  EXPECT_EQ(cs::from_hex("0x00ABff"), (cs::Bytes{0x00, 0xab, 0xff}));
  EXPECT_EQ(cs::from_hex("0x"), cs::Bytes{});
  EXPECT_FALSE(cs::from_hex("0xabc"));
  EXPECT_FALSE(cs::from_hex("abcd"));
  EXPECT_FALSE(cs::from_hex("0xzz"));
}

TEST(ChainSimHex, WeiDecimalCoversTheWhole128Bits) {
  const cs::Wei max = ~cs::Wei{0};
  EXPECT_EQ(cs::to_decimal(max), "340282366920938463463374607431768211455");
  EXPECT_EQ(cs::parse_decimal("340282366920938463463374607431768211455"), max);
  EXPECT_FALSE(cs::parse_decimal("340282366920938463463374607431768211456"));
  EXPECT_FALSE(cs::parse_decimal("-1"));
  EXPECT_FALSE(cs::parse_decimal(""));
  EXPECT_EQ(cs::format_tokens(69 * (cs::kWeiPerToken / 10)), "6.9");
  EXPECT_EQ(cs::format_tokens(1111 * cs::kWeiPerToken), "1111");
  EXPECT_EQ(cs::format_tokens(1), "0.000000000000000001");
}

TEST(ChainSimHex, AddressesAreNormalisedToLowerCase) {
  EXPECT_EQ(cs::normalize_address("0x656b95E550C07a9ffe548bd4085c72418Ceb1dba"),
            "0x656b95e550c07a9ffe548bd4085c72418ceb1dba");
  EXPECT_FALSE(cs::normalize_address("0x656b95E550C07a9ffe548bd4085c72418Ceb1db"));
  EXPECT_FALSE(cs::normalize_address("0x656b95E550C07a9ffe548bd4085c72418Ceb1dbg"));
}

TEST(ChainSimAbi, BalanceOfCalldataIsSelectorThenPaddedAddress) {
  EXPECT_EQ(cs::to_hex(ethabi::encode_balance_of_call(kHolder)),
            "0x70a08231" + std::string(24 + 38, '0') + "aa");
}

TEST(ChainSimAbi, UintWordsAreBigEndianAndDecodeBack) {
  const cs::Wei amount = cs::Wei{1234567} * cs::kWeiPerToken;  // needs more than 64 bits
  const auto encoded = ethabi::encode_uint(amount);
  ASSERT_EQ(encoded.size(), 32u);
  EXPECT_EQ(ethabi::decode_uint(encoded), amount);
  EXPECT_EQ(cs::to_hex(ethabi::encode_uint(18)), word("12"));
}

TEST(ChainSimAbi, StringReturnValueMatchesSolidityLayout) {
  const auto encoded = ethabi::encode_string("BGT");
  ASSERT_EQ(encoded.size(), 96u);
  EXPECT_EQ(word_hex(encoded, 0), word("20"));
  EXPECT_EQ(word_hex(encoded, 1), word("3"));
  EXPECT_EQ(word_hex(encoded, 2), "0x424754" + std::string(58, '0'));
}

TEST(ChainSimAbi, AddressWithDirtyUpperBytesIsRejected) {
  auto encoded = ethabi::encode_address(kHolder);
  EXPECT_EQ(ethabi::decode_address(encoded), kHolder);
  encoded[0] = 1;
  EXPECT_THROW(ethabi::decode_address(encoded), ethabi::AbiError);
}

TEST(ChainSimAbi, Aggregate3CallHasTheStandardLayout) {
  const auto call = ethabi::encode_aggregate3_call({{kHolder, true, {0x31, 0x3c, 0xe5, 0x67}}});
  ASSERT_EQ(call.size(), 4u + 8 * 32);
  EXPECT_TRUE(ethabi::has_selector(call, ethabi::kAggregate3));
  const cs::Bytes args(call.begin() + 4, call.end());
  EXPECT_EQ(word_hex(args, 0), word("20"));   // offset of the array
  EXPECT_EQ(word_hex(args, 1), word("1"));    // one call
  EXPECT_EQ(word_hex(args, 2), word("20"));   // offset of tuple 0 after the length word
  EXPECT_EQ(word_hex(args, 3), word("aa"));   // target
  EXPECT_EQ(word_hex(args, 4), word("1"));    // allowFailure
  EXPECT_EQ(word_hex(args, 5), word("60"));   // callData offset inside the tuple
  EXPECT_EQ(word_hex(args, 6), word("4"));    // callData length
  EXPECT_EQ(word_hex(args, 7), "0x313ce567" + std::string(56, '0'));
}

TEST(ChainSimAbi, Aggregate3CallsAndResultsRoundTrip) {
  std::vector<ethabi::Call3> calls;
  for (std::size_t n : {0u, 4u, 36u, 64u, 65u}) {
    cs::Bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + n);
    calls.push_back({"0x" + std::string(38, '1') + std::to_string(n % 10) + "f", n % 2 == 0, data});
  }
  const auto encoded = ethabi::encode_aggregate3_call(calls);
  const auto decoded = ethabi::decode_aggregate3_args(cs::Bytes(encoded.begin() + 4, encoded.end()));
  ASSERT_EQ(decoded.size(), calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(decoded[i].target, calls[i].target);
    EXPECT_EQ(decoded[i].allow_failure, calls[i].allow_failure);
    EXPECT_EQ(decoded[i].call_data, calls[i].call_data);
  }

  std::vector<ethabi::Call3Result> results{{true, ethabi::encode_uint(42)}, {false, {}}, {true, ethabi::encode_string("x")}};
  const auto back = ethabi::decode_aggregate3_result(ethabi::encode_aggregate3_result(results));
  ASSERT_EQ(back.size(), results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(back[i].success, results[i].success);
    EXPECT_EQ(back[i].return_data, results[i].return_data);
  }
}

TEST(ChainSimAbi, HostileAggregate3InputIsAnErrorNotACrash) {
  const auto good = ethabi::encode_aggregate3_call({{kHolder, false, ethabi::encode_balance_of_call(kHolder)}});
  const cs::Bytes args(good.begin() + 4, good.end());
  // Every truncation that cuts into the data fails cleanly (the last 28 bytes are only padding).
  for (std::size_t size = 0; size < args.size() - 28; size += 7) {
    EXPECT_THROW(ethabi::decode_aggregate3_args(cs::Bytes(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(size))),
                 ethabi::AbiError)
        << "size " << size;
  }
  // A huge array length, a huge offset and a huge bytes length.
  for (std::size_t word_index : {0u, 1u, 2u, 5u, 6u}) {
    auto bad = args;
    for (std::size_t i = 0; i < 32; ++i) bad[word_index * 32 + i] = 0xff;
    EXPECT_THROW(ethabi::decode_aggregate3_args(bad), ethabi::AbiError) << "word " << word_index;
  }
  auto not_bool = args;
  not_bool[4 * 32 + 31] = 2;
  EXPECT_THROW(ethabi::decode_aggregate3_args(not_bool), ethabi::AbiError);
}
