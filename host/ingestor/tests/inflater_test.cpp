// zlib-stream (spec 1.10): one context per connection, payloads split across frames, corrupt data.
#include <gtest/gtest.h>
#include <zlib.h>

#include "arrakis/ingestor/zlib_inflater.hpp"

using arrakis::ingestor::ZlibInflater;

namespace {

// The server side of zlib-stream, as Discord does it: one deflate stream, Z_SYNC_FLUSH per payload.
class Deflater {
 public:
  Deflater() { deflateInit(&z_, Z_DEFAULT_COMPRESSION); }
  ~Deflater() { deflateEnd(&z_); }
  std::string compress(const std::string& in) {
    std::string out(in.size() + 1024, '\0');
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out.data());
    z_.avail_out = static_cast<uInt>(out.size());
    deflate(&z_, Z_SYNC_FLUSH);
    out.resize(out.size() - z_.avail_out);
    return out;
  }

 private:
  z_stream z_{};
};

}  // namespace

TEST(ZlibInflater, InflatesConsecutivePayloadsOfOneStream) {
  Deflater server;
  ZlibInflater client;
  for (int i = 0; i < 50; ++i) {
    const std::string payload = R"({"op":0,"s":)" + std::to_string(i) + R"(,"t":"GUILD_CREATE","d":{"name":")" +
                                std::string(static_cast<std::size_t>(i) * 400, 'x') + "\"}}";
    auto out = client.feed(server.compress(payload));
    ASSERT_TRUE(out) << i;
    EXPECT_EQ(*out, payload);
  }
}

TEST(ZlibInflater, WaitsForTheSyncFlushSuffix) {
  Deflater server;
  ZlibInflater client;
  const std::string payload = R"({"op":10,"d":{"heartbeat_interval":41250}})";
  const std::string frame = server.compress(payload);
  ASSERT_GT(frame.size(), 6u);
  EXPECT_FALSE(client.feed(frame.substr(0, 5)));
  auto out = client.feed(frame.substr(5));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, payload);
}

TEST(ZlibInflater, CorruptDataThrows) {
  ZlibInflater client;
  EXPECT_THROW(client.feed(std::string("\x12\x34\x56\x00\x00\xff\xff", 7)), arrakis::ingestor::InflateError);
}

TEST(ZlibInflater, ABombIsRefusedInsteadOfInflated) {
  // 4 MiB of zeros compress to a few KiB; with a 1 MiB cap the inflater must stop, not allocate.
  Deflater server;
  ZlibInflater client(1024 * 1024);
  const std::string bomb = server.compress(std::string(4 * 1024 * 1024, '0'));
  ASSERT_LT(bomb.size(), 64u * 1024u);
  try {
    client.feed(bomb);
    FAIL() << "a payload over the cap was inflated";
  } catch (const arrakis::ingestor::InflateError& e) {
    EXPECT_STREQ(e.what(), "zlib-stream payload inflates beyond 1048576 bytes");
  }
}

TEST(ZlibInflater, PendingCompressedDataIsBoundedToo) {
  ZlibInflater client(1000);
  EXPECT_FALSE(client.feed(std::string(600, 'x')));  // no sync-flush suffix yet
  EXPECT_THROW(client.feed(std::string(600, 'x')), arrakis::ingestor::InflateError);
}
