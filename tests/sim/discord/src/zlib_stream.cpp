#include "arrakis/discord_sim/zlib_stream.hpp"

#include <zlib.h>

#include <stdexcept>

namespace arrakis::discord_sim {

struct ZlibStreamCompressor::State {
  z_stream z{};
};

ZlibStreamCompressor::ZlibStreamCompressor() : state_(std::make_unique<State>()) {
  // The zlib wrapper (not raw deflate): the stream opens with the 2-byte header clients expect.
  if (deflateInit(&state_->z, Z_DEFAULT_COMPRESSION) != Z_OK) throw std::runtime_error("deflateInit failed");
}

ZlibStreamCompressor::~ZlibStreamCompressor() { deflateEnd(&state_->z); }

std::string ZlibStreamCompressor::compress(std::string_view payload) {
  auto& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
  z.avail_in = static_cast<uInt>(payload.size());
  std::string out;
  char chunk[16384];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    const int rc = deflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("deflate failed");
    out.append(chunk, sizeof chunk - z.avail_out);
    // Done when the input is consumed and deflate had room to spare (the flush is complete).
    if (z.avail_in == 0 && z.avail_out > 0) break;
  }
  return out;
}

struct ZlibStreamInflater::State {
  z_stream z{};
};

ZlibStreamInflater::ZlibStreamInflater() : state_(std::make_unique<State>()) {
  if (inflateInit(&state_->z) != Z_OK) throw std::runtime_error("inflateInit failed");
}

ZlibStreamInflater::~ZlibStreamInflater() { inflateEnd(&state_->z); }

std::optional<std::string> ZlibStreamInflater::feed(std::string_view frame) {
  pending_.append(frame);
  static constexpr char kSuffix[4] = {0, 0, '\xff', '\xff'};
  if (pending_.size() < 4 || pending_.compare(pending_.size() - 4, 4, kSuffix, 4) != 0) return std::nullopt;
  auto& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(pending_.data());
  z.avail_in = static_cast<uInt>(pending_.size());
  std::string out;
  char chunk[16384];
  do {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    const int rc = inflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("inflate failed");
    out.append(chunk, sizeof chunk - z.avail_out);
    if (rc == Z_BUF_ERROR) break;
  } while (z.avail_in > 0 || z.avail_out == 0);
  pending_.clear();
  return out;
}

}  // namespace arrakis::discord_sim
