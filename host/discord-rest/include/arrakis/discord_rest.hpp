#pragma once
// The worker's Discord REST client (spec discord-api 0, 3-5): interaction callbacks, follow-ups and
// edits with the interaction token only; roles, members, DMs and channel posts with the bot token.
// Every call blocks until Discord has answered for good: it waits out rate limits before sending,
// obeys 429s (retry_after) and the global limit, and retries 5xx and network errors with back-off.
// Thread-safe: the consumers call it from several threads. The HTTP stack stays behind a pimpl.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord/multipart.hpp"

namespace arrakis::discord {

struct RestResponse {
  int status = 0;  // 0 = no HTTP answer after every retry (body then says why, as JSON)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  int discord_code = 0;  // JSON "code" of an error body
  int attempts = 0;      // HTTP requests sent for this call (1 = no retry)
  bool ok() const { return status >= 200 && status < 300; }
  nlohmann::json json() const;  // the body parsed; null when empty or not JSON
};

struct RestStats {
  std::uint64_t requests = 0;      // HTTP requests sent
  std::uint64_t rate_limited = 0;  // 429 answers seen
  std::uint64_t retries = 0;       // requests sent again (after a 429, a 5xx or a network error)
  std::uint64_t server_errors = 0; // 5xx answers seen
  std::uint64_t global_waits = 0;  // requests held back by the global limit or a global 429
  std::uint64_t network_errors = 0;
};

class DiscordRest {
 public:
  struct Options {
    std::string api_base = "https://discord.com/api/v10";
    std::string bot_token;
    std::string application_id;
    int max_retries = 3;  // for 5xx and network errors
    std::chrono::milliseconds timeout{10000};
    std::string user_agent = "DiscordBot (arrakis, 0.1)";
    // 429s are waited out and retried up to this many times per call (a storm ends; a bug must not loop).
    int max_rate_limit_retries = 20;
    std::chrono::milliseconds retry_backoff{250};  // first 5xx/network retry; doubles each time
    std::chrono::milliseconds max_backoff{5000};
    int global_per_second = 50;  // Discord's global limit for bot-token requests
  };

  explicit DiscordRest(Options options);
  ~DiscordRest();
  DiscordRest(const DiscordRest&) = delete;
  DiscordRest& operator=(const DiscordRest&) = delete;

  // Every call that sends a message takes the files to attach: with none it is a JSON request; with
  // some it is Discord's multipart form (payload_json + files[n], listed in the message's
  // `attachments`; see multipart.hpp). For a callback the files belong to its `data`.

  // Interaction endpoints: the token in the URL is the credential; no Authorization header; exempt
  // from the global limit.
  RestResponse interaction_callback(const std::string& interaction_id, const std::string& token, const nlohmann::json& body,
                                    const Files& files = {});
  // POST /webhooks/{app}/{token}?wait=true
  RestResponse followup(const std::string& token, const nlohmann::json& message, const Files& files = {});
  // PATCH .../messages/@original
  RestResponse edit_original(const std::string& token, const nlohmann::json& message, const Files& files = {});
  RestResponse delete_original(const std::string& token);  // DELETE .../messages/@original

  // Bot endpoints (Authorization: Bot <token>); `reason` goes to the audit log (X-Audit-Log-Reason).
  RestResponse add_role(const std::string& guild, const std::string& user, const std::string& role, const std::string& reason = "");
  RestResponse remove_role(const std::string& guild, const std::string& user, const std::string& role, const std::string& reason = "");
  RestResponse get_member(const std::string& guild, const std::string& user);
  // Opens (or reuses the cached) DM channel, then posts to it.
  RestResponse send_dm(const std::string& user, const nlohmann::json& message, const Files& files = {});
  RestResponse post_message(const std::string& channel, const nlohmann::json& message, const Files& files = {});
  // PATCH /channels/{c}/messages/{m}: Discord lets only the author (the bot) edit a message.
  RestResponse edit_message(const std::string& channel, const std::string& message, const nlohmann::json& patch,
                            const Files& files = {});

  // Guild administration (discord_rest_guild.cpp).
  RestResponse get_guild(const std::string& guild);      // GET /guilds/{g}
  RestResponse list_roles(const std::string& guild);     // GET /guilds/{g}/roles
  RestResponse list_channels(const std::string& guild);  // GET /guilds/{g}/channels
  RestResponse create_role(const std::string& guild, const nlohmann::json& role, const std::string& reason = "");
  // Name, colour, hoist, mentionable go to PATCH /guilds/{g}/roles/{r}; a `position` goes to
  // PATCH /guilds/{g}/roles as [{id, position}], the only way Discord moves a role. The answer's
  // body is the role object either way.
  RestResponse modify_role(const std::string& guild, const std::string& role, const nlohmann::json& patch,
                           const std::string& reason = "");
  // POST /guilds/{g}/channels, permission_overwrites included.
  RestResponse create_channel(const std::string& guild, const nlohmann::json& channel, const std::string& reason = "");

  // Application commands (bot token): `guild` empty = the global commands. The PUT replaces the
  // whole list of that scope (spec discord-api 6). Both need DISCORD_APPLICATION_ID.
  RestResponse list_commands(const std::string& guild);
  RestResponse overwrite_commands(const std::string& guild, const nlohmann::json& commands);

  RestStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// X-Audit-Log-Reason: at most 512 characters (UTF-8 code points), percent-encoded.
std::string encode_audit_log_reason(const std::string& reason);

}  // namespace arrakis::discord
