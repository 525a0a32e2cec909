// Guild administration with the bot token: the guild, its roles and channels. Every call goes
// through Impl::execute, so the route buckets, 429s and retries apply as for any other.
#include "discord_rest_impl.hpp"

namespace arrakis::discord {

using nlohmann::json;
using rest_detail::segment;

namespace {
std::string guild_path(const std::string& guild) { return "/guilds/" + segment(guild); }
}  // namespace

RestResponse DiscordRest::get_guild(const std::string& guild) {
  return impl_->execute("GET", guild_path(guild), std::nullopt);
}

RestResponse DiscordRest::list_roles(const std::string& guild) {
  return impl_->execute("GET", guild_path(guild) + "/roles", std::nullopt);
}

RestResponse DiscordRest::list_channels(const std::string& guild) {
  return impl_->execute("GET", guild_path(guild) + "/channels", std::nullopt);
}

RestResponse DiscordRest::create_role(const std::string& guild, const json& role, const std::string& reason) {
  return impl_->execute("POST", guild_path(guild) + "/roles", role, reason);
}

RestResponse DiscordRest::create_channel(const std::string& guild, const json& channel, const std::string& reason) {
  return impl_->execute("POST", guild_path(guild) + "/channels", channel, reason);
}

RestResponse DiscordRest::modify_role(const std::string& guild, const std::string& role, const json& patch,
                                      const std::string& reason) {
  json fields = patch.is_object() ? patch : json::object();
  RestResponse answer;
  if (fields.contains("position")) {
    // Discord moves a role only through the positions route, which answers with every role.
    answer = impl_->execute("PATCH", guild_path(guild) + "/roles",
                            json::array({{{"id", role}, {"position", fields["position"]}}}), reason);
    if (!answer.ok()) return answer;
    fields.erase("position");
    if (fields.empty()) {
      const auto roles = answer.json();
      if (roles.is_array()) {
        for (const auto& r : roles) {
          if (r.is_object() && r.value("id", std::string()) == role) answer.body = r.dump();
        }
      }
      return answer;
    }
  }
  return impl_->execute("PATCH", guild_path(guild) + "/roles/" + segment(role), fields, reason);
}

}  // namespace arrakis::discord
