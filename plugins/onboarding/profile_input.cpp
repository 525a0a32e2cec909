#include "profile_input.hpp"

#include <array>
#include <cctype>
#include <string_view>

namespace arrakis::onboarding {

namespace {

// Names nobody may take, whatever their case (they would pass for staff or the bot).
constexpr std::array<std::string_view, 15> kReservedNyms = {
    "admin", "administrator", "mod",    "moderator", "system",  "sietch", "naib", "fedaykin",
    "fremen", "muaddib",      "bot",    "official",  "support", "help",   "staff"};

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  }
  return true;
}

}  // namespace

std::string trimmed(const std::string& text) {
  std::size_t first = 0, last = text.size();
  while (first < last && is_blank(text[first])) ++first;
  while (last > first && is_blank(text[last - 1])) --last;
  return text.substr(first, last - first);
}

std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// ^[a-zA-Z0-9][a-zA-Z0-9_-]{1,18}[a-zA-Z0-9]$ (3-20 characters), written out: no regex engine
// needed for one pattern, and the messages can say which part failed.
std::optional<std::string> nym_problem(const std::string& nym) {
  const std::size_t n = characters(nym);
  if (n < kNymMin || n > kNymMax) {
    return "❌ Your nym must be 3-20 characters long (yours has " + std::to_string(n) + ").";
  }
  for (char c : nym) {
    if (!is_alnum(c) && c != '_' && c != '-') {
      return std::string("❌ Your nym can only use letters, numbers, `_` and `-`.");
    }
  }
  if (!is_alnum(nym.front()) || !is_alnum(nym.back())) {
    return std::string("❌ Your nym must start and end with a letter or a number.");
  }
  const std::string l = lower(nym);
  for (const auto reserved : kReservedNyms) {
    if (l == reserved) return "❌ The nym `" + nym + "` is reserved. Please choose another.";
  }
  return std::nullopt;
}

std::string nym_taken_message() { return "❌ That nym is already taken. Please choose another."; }

std::string bio_without_links(const std::string& bio) {
  std::string out;
  std::size_t i = 0;
  while (i < bio.size()) {
    const bool link_start = (i == 0 || is_blank(bio[i - 1]) || bio[i - 1] == '(' || bio[i - 1] == '<') &&
                            (starts_with_ci(bio, i, "http://") || starts_with_ci(bio, i, "https://") ||
                             starts_with_ci(bio, i, "www."));
    if (!link_start) {
      out += bio[i++];
      continue;
    }
    while (i < bio.size() && !is_blank(bio[i])) ++i;
    out += "[link removed]";
  }
  return out;
}

std::optional<std::string> bio_problem(const std::string& bio) {
  const std::size_t n = characters(bio);
  if (n > kBioMax) {
    return "❌ Your bio must be at most 160 characters (yours has " + std::to_string(n) +
           ", counting each removed link as \"[link removed]\").";
  }
  return std::nullopt;
}

std::optional<std::string> picture_url_problem(const std::string& url) {
  const std::string not_a_link =
      "❌ That is not an image link. Paste a link that starts with `https://`, for example one you get with "
      "**Copy Link** on an image in Discord.";
  if (url.size() > kPictureUrlMax) return std::string("❌ That link is too long (at most 500 characters).");
  if (!starts_with_ci(url, 0, "https://")) return not_a_link;
  const std::size_t start = 8;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string host = lower(url.substr(start, end - start));
  for (char c : url) {
    if (is_blank(c)) return not_a_link;
  }
  // user@host would show one host and load another: refused outright.
  if (host.find('@') != std::string::npos) return not_a_link;
  if (const auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  if (host.empty()) return not_a_link;
  for (const std::string_view allowed : {"cdn.discordapp.com", "media.discordapp.net", "i.imgur.com"}) {
    if (host == allowed) return std::nullopt;
    if (host.size() > allowed.size() + 1 && host.compare(host.size() - allowed.size(), allowed.size(), allowed) == 0 &&
        host[host.size() - allowed.size() - 1] == '.') {
      return std::nullopt;
    }
  }
  return std::string(
      "❌ Pictures must be hosted on Discord (cdn.discordapp.com, media.discordapp.net) or Imgur (i.imgur.com). "
      "Upload the image to Discord, copy its link, and try again.");
}

}  // namespace arrakis::onboarding
