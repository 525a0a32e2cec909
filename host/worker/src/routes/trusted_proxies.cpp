#include "routes/trusted_proxies.hpp"

// <utility> first: Boost 1.74 Asio uses std::exchange without including it (g++ 12).
#include <utility>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace arrakis::worker::routes {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address in canonical form: IPv4-mapped IPv6 ("::ffff:10.1.2.3") becomes IPv4.
std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::address(ip::make_address_v4(ip::v4_mapped, a.to_v6()));
  return a;
}

// A forwarded hop as proxies write it: "1.2.3.4", "1.2.3.4:5678", "2001:db8::1" or "[2001:db8::1]:443".
std::optional<ip::address> parse_hop(std::string_view hop) {
  hop = trim(hop);
  if (auto a = parse_address(hop)) return a;
  if (!hop.empty() && hop.front() == '[') {
    const auto close = hop.find(']');
    if (close != std::string_view::npos) return parse_address(hop.substr(1, close - 1));
    return std::nullopt;
  }
  const auto colon = hop.find(':');
  if (colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos) {
    return parse_address(hop.substr(0, colon));  // IPv4 with a port
  }
  return std::nullopt;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    out.push_back(text.substr(start, end - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

TrustedProxies TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  for (auto entry : split_commas(list)) {
    entry = trim(entry);
    if (entry.empty()) continue;
    const auto slash = entry.find('/');
    const auto address = parse_address(entry.substr(0, slash));
    if (!address) {
      throw std::invalid_argument("ARRAKIS_TRUSTED_PROXIES: '" + std::string(entry) +
                                  "' is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
    }
    Range r;
    r.v6 = address->is_v6();
    const int bits = r.v6 ? 128 : 32;
    r.prefix = bits;
    if (slash != std::string_view::npos) {
      const auto len = entry.substr(slash + 1);
      int prefix = -1;
      const auto [ptr, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
      if (ec != std::errc() || ptr != len.data() + len.size() || prefix < 0 || prefix > bits) {
        throw std::invalid_argument("ARRAKIS_TRUSTED_PROXIES: '" + std::string(entry) + "' has a prefix length outside 0-" +
                                    std::to_string(bits));
      }
      r.prefix = prefix;
    }
    if (r.v6) {
      const auto b = address->to_v6().to_bytes();
      std::copy(b.begin(), b.end(), r.bytes);
    } else {
      const auto b = address->to_v4().to_bytes();
      std::copy(b.begin(), b.end(), r.bytes);
    }
    out.ranges_.push_back(r);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view text) const {
  const auto address = parse_address(trim(text));
  if (!address) return false;
  unsigned char bytes[16] = {};
  if (address->is_v6()) {
    const auto b = address->to_v6().to_bytes();
    std::copy(b.begin(), b.end(), bytes);
  } else {
    const auto b = address->to_v4().to_bytes();
    std::copy(b.begin(), b.end(), bytes);
  }
  for (const auto& r : ranges_) {
    if (r.v6 != address->is_v6()) continue;
    const int whole = r.prefix / 8, rest = r.prefix % 8;
    if (!std::equal(bytes, bytes + whole, r.bytes)) continue;
    if (rest != 0) {
      const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
      if ((bytes[whole] & mask) != (r.bytes[whole] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string TrustedProxies::client_address(std::string_view peer, const std::vector<std::string>& forwarded_for) const {
  const auto peer_address = parse_address(trim(peer));
  std::string client = peer_address ? peer_address->to_string() : std::string(peer);
  if (!peer_address || !contains(client)) return client;  // only a trusted proxy may speak for someone else
  std::vector<std::string_view> hops;
  for (const auto& header : forwarded_for) {
    for (auto hop : split_commas(header)) {
      if (!trim(hop).empty()) hops.push_back(hop);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto hop = parse_hop(*it);
    if (!hop) break;  // garbage: the last address read is the best the chain proves
    client = hop->to_string();
    if (!contains(client)) break;
  }
  return client;
}

}  // namespace arrakis::worker::routes
