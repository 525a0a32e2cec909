#include "routes/route_request.hpp"

namespace arrakis::worker::routes {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;  // '%' needs two hex digits
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::optional<std::vector<std::string>> path_segments(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  std::vector<std::string> out;
  std::size_t start = 1;
  while (true) {
    const auto slash = raw_path.find('/', start);
    const auto end = slash == std::string_view::npos ? raw_path.size() : slash;
    auto segment = percent_decode(raw_path.substr(start, end - start), false);
    if (!segment) return std::nullopt;
    out.push_back(std::move(*segment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string joined_path(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out.append("/").append(s);
  return out.empty() ? "/" : out;
}

std::optional<nlohmann::json> query_object(std::string_view raw_query) {
  nlohmann::json out = nlohmann::json::object();
  std::size_t start = 0;
  while (start < raw_query.size()) {
    const auto amp = raw_query.find('&', start);
    const auto end = amp == std::string_view::npos ? raw_query.size() : amp;
    const auto pair = raw_query.substr(start, end - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq), true);
      auto value = eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(pair.substr(eq + 1), true);
      if (!name || !value) return std::nullopt;
      out[*name] = std::move(*value);
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

std::vector<std::string> header_values(const RouteRequest& request, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : request.headers) {
    if (k == name) out.push_back(v);
  }
  return out;
}

nlohmann::json headers_object(const RouteRequest& request) {
  std::map<std::string, std::string> joined;
  for (const auto& [name, value] : request.headers) {
    auto [it, fresh] = joined.try_emplace(name, value);
    if (!fresh) it->second.append(name == "cookie" ? "; " : ", ").append(value);
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto& [k, v] : joined) out[k] = std::move(v);
  return out;
}

}  // namespace arrakis::worker::routes
