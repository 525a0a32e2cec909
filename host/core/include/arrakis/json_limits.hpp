// Limits checked on untrusted JSON text before anything parses it.
//
// nlohmann::json parses deep nesting fine, but copying or walking such a value recurses once per
// level: a 200 KB message of 100,000 nested arrays overflows the stack of whoever copies it (the
// worker did, and every replica crash-looped on the redelivered message). So every place that takes
// JSON from outside (queue messages, gateway frames, HTTP bodies) first checks its size and nesting
// depth with this scan, which is iterative and O(n), and refuses the text with a reason otherwise.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arrakis {

struct JsonLimits {
  std::size_t max_bytes = 1024 * 1024;  // 1 MiB: a Discord payload is a few KiB
  std::size_t max_depth = 64;           // Discord's deepest payloads nest about 8 levels
};

// Why `text` breaks `limits` ("JSON nested deeper than 64 levels", "JSON of 2000000 bytes exceeds
// 1048576"), or nullopt. Brackets inside strings (with escapes) do not count. It does not validate
// the JSON otherwise: the parser still does that.
std::optional<std::string> json_limit_violation(std::string_view text, const JsonLimits& limits = {});

}  // namespace arrakis
