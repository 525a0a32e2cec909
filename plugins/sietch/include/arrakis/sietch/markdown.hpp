// Text a member typed or an admin chose, shown inside a Discord message: markdown characters are
// escaped so a nym with "_" or a reason with "*" reads as typed.
#pragma once

#include <string>

namespace arrakis::sietch {

inline std::string escape_markdown(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '~' || c == '`' || c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace arrakis::sietch
