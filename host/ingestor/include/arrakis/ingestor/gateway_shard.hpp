#pragma once
// One gateway shard (spec 1): connects, heartbeats (with jitter, zombie detection), IDENTIFYs
// through the shared limiter or RESUMEs its session, turns dispatches into payloads and hands
// them to the buffer, and reconnects as the close-code policy says. Runs on its own thread and
// io_context, so shards never share a strand. Keeps only what its session needs (session id,
// resume URL, sequence): no guild, member or message cache.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "arrakis/ingestor/status.hpp"

namespace boost::asio::ssl {
class context;
}

namespace arrakis::ingestor {

class EventBuffer;
class IdentifyLimiter;
class Metrics;

struct ShardOptions {
  int shard_id = 0;
  int shard_count = 1;
  std::string token;
  std::uint32_t intents = 1539;
  bool compress = true;           // zlib-stream transport compression
  double time_factor = 1.0;       // back-off and invalid-session waits run this much faster (tests)
  std::string gateway_url;        // from GET /gateway/bot, or DISCORD_GATEWAY_URL
  std::chrono::milliseconds connect_timeout{10000};
};

class GatewayShard {
 public:
  using FatalHandler = std::function<void(int shard_id, const std::string& message)>;

  GatewayShard(ShardOptions options, IdentifyLimiter& limiter, EventBuffer& buffer, Metrics& metrics,
               boost::asio::ssl::context& ssl, FatalHandler on_fatal);
  ~GatewayShard();
  GatewayShard(const GatewayShard&) = delete;
  GatewayShard& operator=(const GatewayShard&) = delete;

  void start();
  // Graceful stop, step 1: read no further frames (what was read is still handed over).
  void stop_reading();
  // Step 2: close with a resumable code (4000, never 1000/1001) and end the thread.
  void close(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  ShardStatus status() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace arrakis::ingestor
