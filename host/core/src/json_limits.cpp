#include "arrakis/json_limits.hpp"

namespace arrakis {

std::optional<std::string> json_limit_violation(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return "JSON of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
           std::to_string(limits.max_bytes);
  }
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is, cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > limits.max_depth) {
          return "JSON nested deeper than " + std::to_string(limits.max_depth) + " levels";
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // unbalanced text is the parser's to reject
        break;
      default: break;
    }
  }
  return std::nullopt;
}

}  // namespace arrakis
