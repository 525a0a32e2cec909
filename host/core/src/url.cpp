#include "arrakis/url.hpp"

#include <charconv>

namespace arrakis {
namespace {

std::string percent_decode(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int value = 0;
      auto [ptr, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16);
      if (ec == std::errc() && ptr == in.data() + i + 3) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace

std::optional<ServiceUrl> parse_service_url(const std::string& text) {
  ServiceUrl url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos || scheme_end == 0) return std::nullopt;
  url.scheme = text.substr(0, scheme_end);
  std::string rest = text.substr(scheme_end + 3);

  // The query starts at the first '?' after the user info (a password may hold a '?').
  const auto first_slash = rest.find('/');
  const auto userinfo_end = rest.rfind('@', first_slash);
  if (const auto question = rest.find('?', userinfo_end == std::string::npos ? 0 : userinfo_end);
      question != std::string::npos) {
    url.query = rest.substr(question + 1);
    rest.resize(question);
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) url.path = percent_decode(rest.substr(slash + 1));

  const auto at = authority.rfind('@');
  if (at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos) url.password = percent_decode(userinfo.substr(colon + 1));
  }

  const auto colon = authority.rfind(':');
  url.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port_text = authority.substr(colon + 1);
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      return std::nullopt;
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  if (url.host.empty()) return std::nullopt;
  return url;
}

bool is_tls_scheme(const std::string& scheme) { return scheme == "amqps" || scheme == "rediss"; }

}  // namespace arrakis
