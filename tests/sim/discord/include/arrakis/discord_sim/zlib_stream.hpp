#pragma once
// `compress=zlib-stream` (spec 1.10): one deflate stream per connection, Z_SYNC_FLUSH after every
// payload so each binary frame ends with 00 00 FF FF. The inflater is what a client does; tests
// and the benchmark use it.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace arrakis::discord_sim {

class ZlibStreamCompressor {
 public:
  ZlibStreamCompressor();
  ~ZlibStreamCompressor();
  ZlibStreamCompressor(const ZlibStreamCompressor&) = delete;
  ZlibStreamCompressor& operator=(const ZlibStreamCompressor&) = delete;

  // The bytes of one binary frame carrying `payload`.
  std::string compress(std::string_view payload);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class ZlibStreamInflater {
 public:
  ZlibStreamInflater();
  ~ZlibStreamInflater();
  ZlibStreamInflater(const ZlibStreamInflater&) = delete;
  ZlibStreamInflater& operator=(const ZlibStreamInflater&) = delete;

  // Appends one received frame; returns the payload once the buffer ends with the sync marker.
  // Throws std::runtime_error on corrupt data.
  std::optional<std::string> feed(std::string_view frame);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string pending_;
};

}  // namespace arrakis::discord_sim
