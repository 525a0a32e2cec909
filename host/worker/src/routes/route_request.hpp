#pragma once
// A request on the public route listener and the pieces of the ARRAKIS_EVENT_HTTP payload taken
// from it (plugin_events.h): path segments, query, headers. Pure functions, no I/O.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arrakis::worker::routes {

// A request as the listener read it, nothing decoded yet.
struct RouteRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names, in arrival order
  std::string body;
  std::string peer;  // the TCP peer's address
};

// The path's segments, each percent-decoded AFTER splitting on '/' (so "%2F" stays inside its
// segment and can never create a segment of its own): "/verify/a%2Fb" -> {"verify", "a/b"}.
// nullopt when the path does not start with '/' or holds a malformed escape ("%zz", "%4").
std::optional<std::vector<std::string>> path_segments(std::string_view raw_path);

// The segments joined again, for the payload's "path" (informational: routing uses the segments).
std::string joined_path(const std::vector<std::string>& segments);

// Decoded query parameters ('+' is a space), the last value of a repeated name winning; a name
// without '=' has the value "". nullopt on a malformed escape.
std::optional<nlohmann::json> query_object(std::string_view raw_query);

// Every value of one header, in arrival order (`name` lower-case).
std::vector<std::string> header_values(const RouteRequest& request, std::string_view name);

// Every header as one object: a repeated header's values joined with ", " (Cookie's with "; ",
// as RFC 6265 joins cookies).
nlohmann::json headers_object(const RouteRequest& request);

// The target split at its first '?': {path, query}.
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace arrakis::worker::routes
