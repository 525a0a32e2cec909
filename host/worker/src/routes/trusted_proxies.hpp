#pragma once
// Which peers may tell the route listener who the client is (ARRAKIS_TRUSTED_PROXIES), and the
// client address that follows from a request (docs/http-routes.md, "The client address").
//
// A request from a peer that is not a trusted proxy is that peer's: its X-Forwarded-For is
// ignored (anyone can write one). From a trusted proxy, the X-Forwarded-For hops are read right to
// left (each proxy appends the address it received from); the first hop that is not itself a
// trusted proxy is the client. Hops to the left of it were written by the client and prove nothing.
#include <string>
#include <string_view>
#include <vector>

namespace arrakis::worker::routes {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "10.0.0.0/8, 192.168.1.7, fd00::/8": IPv4 or IPv6 addresses and CIDR ranges, comma-separated;
  // "" trusts nobody. Throws std::invalid_argument naming the first entry that is not one.
  static TrustedProxies parse(std::string_view list);

  bool empty() const { return ranges_.empty(); }
  // False for text that is not an IP address.
  bool contains(std::string_view address) const;

  // The client: `peer`, or (when `peer` is trusted) the right-most X-Forwarded-For hop that is not
  // trusted. `forwarded_for` is every X-Forwarded-For value in arrival order (a proxy may send the
  // header several times). When every hop is trusted, the left-most one; a hop that is not an IP
  // address ends the walk at the last address read (the proxy that forwarded it). Addresses come
  // back in their canonical form (an IPv4-mapped IPv6 peer as plain IPv4).
  std::string client_address(std::string_view peer, const std::vector<std::string>& forwarded_for) const;

 private:
  struct Range {
    bool v6 = false;
    unsigned char bytes[16] = {};
    int prefix = 0;  // leading bits that must match
  };
  std::vector<Range> ranges_;
};

}  // namespace arrakis::worker::routes
