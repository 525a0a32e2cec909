#pragma once
// Gateway transport compression, zlib-stream (spec 1.10): one inflate context per connection;
// frames are appended until one ends with 00 00 FF FF (Z_SYNC_FLUSH), then the buffer inflates
// to exactly one JSON payload.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arrakis::ingestor {

class InflateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ZlibInflater {
 public:
  // A payload (compressed or inflated) larger than `max_payload` is refused with InflateError: a
  // small compressed frame can inflate to gigabytes.
  explicit ZlibInflater(std::size_t max_payload = 64 * 1024 * 1024);
  ~ZlibInflater();
  ZlibInflater(const ZlibInflater&) = delete;
  ZlibInflater& operator=(const ZlibInflater&) = delete;

  // Returns the payload once a frame completes it; nullopt while a payload is still partial.
  // Throws InflateError on corrupt data (the connection must then be dropped).
  std::optional<std::string> feed(std::string_view frame);

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::string pending_;
  std::size_t max_payload_;
};

}  // namespace arrakis::ingestor
