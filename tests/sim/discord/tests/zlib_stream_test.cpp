// zlib-stream (spec 1.10): one stream per connection, each payload flushed with Z_SYNC_FLUSH.
#include <gtest/gtest.h>

#include "arrakis/discord_sim/zlib_stream.hpp"

namespace arrakis::discord_sim {
namespace {

TEST(ZlibStream, EveryPayloadInflatesBackInOrder) {
  ZlibStreamCompressor compressor;
  ZlibStreamInflater inflater;
  for (int i = 0; i < 200; ++i) {
    const std::string payload = R"({"op":0,"s":)" + std::to_string(i) + R"(,"t":"MESSAGE_CREATE","d":{"content":")" +
                                std::string(static_cast<std::size_t>(i * 37 % 5000), 'x') + "\"}}";
    const auto frame = compressor.compress(payload);
    ASSERT_GE(frame.size(), 4u);
    EXPECT_EQ(frame.substr(frame.size() - 4), std::string("\x00\x00\xff\xff", 4));
    auto back = inflater.feed(frame);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, payload);
  }
}

TEST(ZlibStream, APayloadSplitOverFramesWaitsForTheMarker) {
  ZlibStreamCompressor compressor;
  ZlibStreamInflater inflater;
  const auto frame = compressor.compress(R"({"op":10,"d":{"heartbeat_interval":41250}})");
  EXPECT_FALSE(inflater.feed(frame.substr(0, 5)));
  auto whole = inflater.feed(frame.substr(5));
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, R"({"op":10,"d":{"heartbeat_interval":41250}})");
}

}  // namespace
}  // namespace arrakis::discord_sim
