#include "avatar.hpp"

#include <png.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <arrakis/sietch/tiers.hpp>

namespace arrakis::onboarding {

namespace {

constexpr int kCells = 5;
constexpr int kMargin = 10;
constexpr int kCell = (kAvatarSize - 2 * kMargin) / kCells;  // 20 pixels

// FNV-1a, 64 bits: stable across runs, builds and machines (std::hash is not).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(std::uint8_t(bytes[i])) << 16) | (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) |
                            std::uint8_t(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::string avatar_png(const std::string& member_id, const std::string& tier) {
  const std::uint64_t h = fnv1a(member_id + ":" + tier);
  const auto index = sietch::tier_by_name(tier);
  const std::uint32_t rgb = index ? sietch::kTiers[*index].color : 0x808080u;
  const std::array<std::uint8_t, 3> ink = {std::uint8_t(rgb >> 16), std::uint8_t(rgb >> 8), std::uint8_t(rgb)};
  const std::array<std::uint8_t, 3> paper = {0xF4, 0xF1, 0xEA};

  // 15 bits decide the left three columns; the right two mirror them.
  bool on[kCells][kCells] = {};
  for (int row = 0; row < kCells; ++row) {
    for (int col = 0; col < 3; ++col) {
      on[row][col] = on[row][kCells - 1 - col] = (h >> (row * 3 + col)) & 1u;
    }
  }
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(kAvatarSize) * kAvatarSize * 3);
  for (int y = 0; y < kAvatarSize; ++y) {
    for (int x = 0; x < kAvatarSize; ++x) {
      const int cx = (x - kMargin) / kCell, cy = (y - kMargin) / kCell;
      const bool inside = x >= kMargin && y >= kMargin && cx < kCells && cy < kCells;
      const auto& c = inside && on[cy][cx] ? ink : paper;
      const std::size_t at = (static_cast<std::size_t>(y) * kAvatarSize + x) * 3;
      pixels[at] = c[0];
      pixels[at + 1] = c[1];
      pixels[at + 2] = c[2];
    }
  }

  // libpng's simplified API: no setjmp/longjmp across C++ frames.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = kAvatarSize;
  image.height = kAvatarSize;
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("PNG encoding failed: ") + image.message);
  }
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("PNG encoding failed: ") + image.message);
  }
  png.resize(size);
  return png;
}

std::string avatar_data_url(const std::string& member_id, const std::string& tier) {
  return "data:image/png;base64," + base64(avatar_png(member_id, tier));
}

}  // namespace arrakis::onboarding
