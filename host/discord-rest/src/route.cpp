#include "arrakis/discord/route.hpp"

#include <vector>

namespace arrakis::discord {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  const auto end = path.find('?');
  const std::string clean = path.substr(0, end);
  std::size_t pos = 0;
  while (pos <= clean.size()) {
    auto next = clean.find('/', pos);
    if (next == std::string::npos) next = clean.size();
    if (next > pos) out.push_back(clean.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

bool is_snowflake(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

Route route_of(const std::string& method, const std::string& path) {
  const auto parts = segments(path);
  Route route;
  std::string name = method + " ";
  std::size_t i = 0;
  if (parts.size() >= 2 && (parts[0] == "channels" || parts[0] == "guilds")) {
    route.major = parts[0] + "/" + parts[1];
    name += "/" + parts[0] + "/{" + (parts[0] == "channels" ? "channel_id" : "guild_id") + "}";
    i = 2;
  } else if (parts.size() >= 3 && (parts[0] == "webhooks" || parts[0] == "interactions")) {
    // The token is part of the major parameter: one bucket per interaction (spec 3).
    route.major = parts[0] + "/" + parts[1] + "/" + parts[2];
    name += "/" + parts[0] + (parts[0] == "webhooks" ? "/{webhook_id}/{token}" : "/{interaction_id}/{token}");
    route.bot = false;
    i = 3;
  } else if (parts.size() == 2 && parts[0] == "webhooks") {
    route.major = parts[0] + "/" + parts[1];  // a webhook without its token needs the bot
    name += "/webhooks/{webhook_id}";
    i = 2;
  }
  for (; i < parts.size(); ++i) name += "/" + (is_snowflake(parts[i]) ? std::string("{id}") : parts[i]);
  route.name = std::move(name);
  return route;
}

}  // namespace arrakis::discord
