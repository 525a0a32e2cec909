#include "discord_rest_impl.hpp"

namespace arrakis::discord {

using nlohmann::json;
using rest_detail::segment;

json RestResponse::json() const {
  if (body.empty()) return nullptr;
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

std::string encode_audit_log_reason(const std::string& reason) {
  // Cut at 512 code points without splitting a multi-byte character, then percent-encode.
  std::size_t end = 0;
  int points = 0;
  while (end < reason.size() && points < 512) {
    const auto lead = static_cast<unsigned char>(reason[end]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    end = std::min(reason.size(), end + length);
    ++points;
  }
  return segment(reason.substr(0, end));
}

DiscordRest::DiscordRest(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
DiscordRest::~DiscordRest() = default;

RestResponse DiscordRest::interaction_callback(const std::string& interaction_id, const std::string& token,
                                               const json& body, const Files& files) {
  json sent = body;
  if (!files.empty()) sent["data"] = with_attachments(body.value("data", json::object()), files);
  return impl_->execute("POST", "/interactions/" + segment(interaction_id) + "/" + segment(token) + "/callback", sent, {},
                        files);
}

RestResponse DiscordRest::followup(const std::string& token, const json& message, const Files& files) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("POST", "/webhooks/" + segment(impl_->options.application_id) + "/" + segment(token) + "?wait=true",
                        with_attachments(message, files), {}, files);
}

RestResponse DiscordRest::edit_original(const std::string& token, const json& message, const Files& files) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("PATCH",
                        "/webhooks/" + segment(impl_->options.application_id) + "/" + segment(token) + "/messages/@original",
                        with_attachments(message, files), {}, files);
}

RestResponse DiscordRest::delete_original(const std::string& token) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("DELETE",
                        "/webhooks/" + segment(impl_->options.application_id) + "/" + segment(token) + "/messages/@original",
                        std::nullopt);
}

RestResponse DiscordRest::add_role(const std::string& guild, const std::string& user, const std::string& role,
                                   const std::string& reason) {
  return impl_->execute("PUT", "/guilds/" + segment(guild) + "/members/" + segment(user) + "/roles/" + segment(role),
                        std::nullopt, reason);
}

RestResponse DiscordRest::remove_role(const std::string& guild, const std::string& user, const std::string& role,
                                      const std::string& reason) {
  return impl_->execute("DELETE", "/guilds/" + segment(guild) + "/members/" + segment(user) + "/roles/" + segment(role),
                        std::nullopt, reason);
}

RestResponse DiscordRest::get_member(const std::string& guild, const std::string& user) {
  return impl_->execute("GET", "/guilds/" + segment(guild) + "/members/" + segment(user), std::nullopt);
}

RestResponse DiscordRest::post_message(const std::string& channel, const json& message, const Files& files) {
  return impl_->execute("POST", "/channels/" + segment(channel) + "/messages", with_attachments(message, files), {}, files);
}

RestResponse DiscordRest::edit_message(const std::string& channel, const std::string& message, const json& patch,
                                       const Files& files) {
  return impl_->execute("PATCH", "/channels/" + segment(channel) + "/messages/" + segment(message),
                        with_attachments(patch, files), {}, files);
}

RestResponse DiscordRest::send_dm(const std::string& user, const json& message, const Files& files) {
  for (int attempt = 0;; ++attempt) {
    std::string channel;
    {
      std::lock_guard lock(impl_->dm_mutex);
      if (auto it = impl_->dm_channels.find(user); it != impl_->dm_channels.end()) channel = it->second;
    }
    if (channel.empty()) {
      auto opened = impl_->execute("POST", "/users/@me/channels", json{{"recipient_id", user}});
      if (!opened.ok()) return opened;
      const auto dm = opened.json();
      if (!dm.is_object() || !dm.contains("id") || !dm["id"].is_string()) {
        opened.status = 0;
        opened.body = json{{"message", "DM channel answer has no id"}}.dump();
        return opened;
      }
      channel = dm["id"].get<std::string>();
      std::lock_guard lock(impl_->dm_mutex);
      impl_->dm_channels[user] = channel;
    }
    auto sent = post_message(channel, message, files);
    // A cached channel Discord no longer knows: forget it and open a fresh one, once.
    if (sent.status == 404 && sent.discord_code == 10003 && attempt == 0) {
      std::lock_guard lock(impl_->dm_mutex);
      impl_->dm_channels.erase(user);
      continue;
    }
    return sent;
  }
}

namespace {
std::string commands_path(const std::string& application_id, const std::string& guild) {
  const std::string app = "/applications/" + segment(application_id);
  return guild.empty() ? app + "/commands" : app + "/guilds/" + segment(guild) + "/commands";
}
}  // namespace

RestResponse DiscordRest::list_commands(const std::string& guild) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("GET", commands_path(impl_->options.application_id, guild), std::nullopt);
}

RestResponse DiscordRest::overwrite_commands(const std::string& guild, const json& commands) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("PUT", commands_path(impl_->options.application_id, guild), commands);
}

RestStats DiscordRest::stats() const {
  RestStats s;
  s.requests = impl_->requests.load();
  s.rate_limited = impl_->rate_limited.load();
  s.retries = impl_->retries.load();
  s.server_errors = impl_->server_errors.load();
  s.global_waits = impl_->global_waits.load();
  s.network_errors = impl_->network_errors.load();
  return s;
}

}  // namespace arrakis::discord
