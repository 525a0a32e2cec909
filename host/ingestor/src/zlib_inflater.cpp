#include "arrakis/ingestor/zlib_inflater.hpp"

#include <zlib.h>

#include <array>

namespace arrakis::ingestor {

struct ZlibInflater::Stream {
  z_stream z{};
  Stream() {
    if (inflateInit(&z) != Z_OK) throw InflateError("inflateInit failed");
  }
  ~Stream() { inflateEnd(&z); }
};

ZlibInflater::ZlibInflater(std::size_t max_payload)
    : stream_(std::make_unique<Stream>()), max_payload_(max_payload) {}
ZlibInflater::~ZlibInflater() = default;

std::optional<std::string> ZlibInflater::feed(std::string_view frame) {
  pending_.append(frame);
  if (pending_.size() > max_payload_) {
    pending_.clear();
    throw InflateError("zlib-stream payload exceeds " + std::to_string(max_payload_) + " bytes compressed");
  }
  static constexpr char kSuffix[] = {'\x00', '\x00', '\xff', '\xff'};
  if (pending_.size() < 4 || std::string_view(pending_).substr(pending_.size() - 4) != std::string_view(kSuffix, 4)) {
    return std::nullopt;
  }
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(pending_.data());
  z.avail_in = static_cast<uInt>(pending_.size());
  std::string out;
  std::array<char, 16384> chunk;
  do {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
      pending_.clear();
      throw InflateError(std::string("zlib-stream inflate failed: ") + (z.msg ? z.msg : std::to_string(rc)));
    }
    out.append(chunk.data(), chunk.size() - z.avail_out);
    if (out.size() > max_payload_) {
      pending_.clear();
      throw InflateError("zlib-stream payload inflates beyond " + std::to_string(max_payload_) + " bytes");
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  } while (z.avail_in > 0 || z.avail_out == 0);
  pending_.clear();
  // Keep the pending buffer small between payloads: a burst of large GUILD_CREATEs must not
  // leave each shard holding its largest frame forever.
  if (pending_.capacity() > 65536) pending_.shrink_to_fit();
  return out;
}

}  // namespace arrakis::ingestor
