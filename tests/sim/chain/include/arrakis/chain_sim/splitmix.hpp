#pragma once
// SplitMix64: a tiny generator whose output is fully specified, so a seed gives the same holder set
// with any compiler and standard library (std::uniform_int_distribution is implementation-defined).
#include <cstdint>

#include "arrakis/chain_sim/hex.hpp"

namespace arrakis::chain_sim {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // A value in [0, bound); the modulo bias is irrelevant for test data.
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }

  Wei below_wei(Wei bound) {
    if (bound == 0) return 0;
    const Wei wide = static_cast<Wei>(next()) << 64 | next();
    return wide % bound;
  }

  Bytes bytes(std::size_t count) {
    Bytes out;
    out.reserve(count);
    while (out.size() < count) {
      std::uint64_t word = next();
      for (int i = 0; i < 8 && out.size() < count; ++i, word >>= 8) out.push_back(static_cast<std::uint8_t>(word));
    }
    return out;
  }

 private:
  std::uint64_t state_;
};

}  // namespace arrakis::chain_sim
