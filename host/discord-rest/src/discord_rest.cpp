#include "arrakis/discord_rest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "arrakis/discord/rate_limiter.hpp"
#include "arrakis/discord/route.hpp"
#include "arrakis/http_client.hpp"
#include "arrakis/log.hpp"

namespace arrakis::discord {

using nlohmann::json;
using Clock = RateLimiter::Clock;

namespace {

// Ids and tokens become path segments: anything but unreserved characters is escaped, so a value
// can never add a segment or a query.
std::string segment(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

int error_code_of(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("code") && parsed["code"].is_number_integer()) return parsed["code"].get<int>();
  return 0;
}

double retry_after_of(const std::string& body, const RateLimitHeaders& headers) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("retry_after") && parsed["retry_after"].is_number()) {
    return parsed["retry_after"].get<double>();
  }
  if (headers.retry_after) return *headers.retry_after;
  if (headers.reset_after) return *headers.reset_after;
  return 1.0;
}

bool body_says_global(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  return parsed.is_object() && parsed.value("global", false);
}

}  // namespace

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

struct DiscordRest::Impl {
  explicit Impl(Options o)
      : options(std::move(o)),
        http({options.api_base, options.timeout}),
        limiter([&] {
          RateLimiter::Options l;
          l.global_per_window = options.global_per_second;
          return l;
        }()) {}

  Options options;
  http::Client http;

  std::mutex mutex;  // guards the limiter
  std::condition_variable released;
  RateLimiter limiter;

  std::mutex dm_mutex;
  std::unordered_map<std::string, std::string> dm_channels;  // user id -> DM channel id

  std::atomic<std::uint64_t> requests{0}, rate_limited{0}, retries{0}, server_errors{0}, global_waits{0},
      network_errors{0};

  RateLimiter::Ticket permit(const Route& route) {
    std::unique_lock lock(mutex);
    bool counted = false;
    for (;;) {
      const auto decision = limiter.acquire(route, Clock::now());
      if (decision.go) return decision.ticket;
      if (decision.global_wait && !counted) {
        ++global_waits;
        counted = true;
      }
      released.wait_until(lock, decision.retry_at);
    }
  }

  template <typename F>
  void report(F&& f) {
    {
      std::lock_guard lock(mutex);
      f(limiter, Clock::now());
    }
    released.notify_all();
  }

  std::chrono::milliseconds backoff(int failure) const {
    thread_local std::mt19937 rng(std::random_device{}());
    const auto base = options.retry_backoff.count() << std::min(failure - 1, 16);
    const auto capped = std::min<long long>(base, options.max_backoff.count());
    std::uniform_int_distribution<long long> jitter(capped * 3 / 4, capped);  // spread retries apart
    return std::chrono::milliseconds(jitter(rng));
  }

  RestResponse execute(const std::string& method, const std::string& target, const std::optional<json>& body,
                       const std::string& reason = {}) {
    const Route route = route_of(method, target);
    http::Client::Request request;
    request.method = method;
    request.target = target;
    request.headers.emplace_back("User-Agent", options.user_agent);
    if (route.bot && !options.bot_token.empty()) request.headers.emplace_back("Authorization", "Bot " + options.bot_token);
    if (!reason.empty()) request.headers.emplace_back("X-Audit-Log-Reason", encode_audit_log_reason(reason));
    if (body) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = body->dump();
    }

    RestResponse response;
    int failures = 0;
    int limited = 0;
    for (;;) {
      const auto ticket = permit(route);
      ++requests;
      ++response.attempts;
      auto result = http.send(request);

      if (!result.delivered) {
        report([&](RateLimiter& l, Clock::time_point now) { l.abandon(ticket, now); });
        ++network_errors;
        if (failures < options.max_retries) {
          ++failures;
          ++retries;
          spdlog::warn("discord rest: {} failed ({}), retry {} of {}", route.name, log::redact(result.error), failures,
                       options.max_retries);
          std::this_thread::sleep_for(backoff(failures));
          continue;
        }
        response.status = 0;
        response.headers.clear();
        response.body = json{{"message", "no answer from Discord: " + log::redact(result.error)}}.dump();
        response.discord_code = 0;
        return response;
      }

      const auto headers = parse_rate_limit_headers(result.headers);
      response.status = result.status;
      response.headers = std::move(result.headers);
      response.body = std::move(result.body);
      response.discord_code = response.status >= 400 ? error_code_of(response.body) : 0;

      if (response.status == 429) {
        ++rate_limited;
        auto limit_headers = headers;
        limit_headers.global = headers.global || body_says_global(response.body);
        const double wait = retry_after_of(response.body, headers);
        report([&](RateLimiter& l, Clock::time_point now) { l.rate_limited(ticket, limit_headers, wait, now); });
        if (limited < options.max_rate_limit_retries) {
          ++limited;
          ++retries;
          spdlog::debug("discord rest: {} rate limited (scope {}), retry after {:.3f} s", route.name,
                        limit_headers.scope.empty() ? "-" : limit_headers.scope, wait);
          continue;  // permit() waits out retry_after
        }
        spdlog::warn("discord rest: {} still rate limited after {} retries", route.name, limited);
        return response;
      }

      report([&](RateLimiter& l, Clock::time_point now) { l.release(ticket, response.status, headers, now); });
      if (response.status >= 500) {
        ++server_errors;
        if (failures < options.max_retries) {
          ++failures;
          ++retries;
          spdlog::warn("discord rest: {} answered {}, retry {} of {}", route.name, response.status, failures,
                       options.max_retries);
          std::this_thread::sleep_for(backoff(failures));
          continue;
        }
      }
      return response;
    }
  }

  RestResponse needs_application_id() const {
    RestResponse r;
    r.body = json{{"message", "DISCORD_APPLICATION_ID is not set"}}.dump();
    return r;
  }
};

DiscordRest::DiscordRest(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
DiscordRest::~DiscordRest() = default;

RestResponse DiscordRest::interaction_callback(const std::string& interaction_id, const std::string& token,
                                               const json& body) {
  return impl_->execute("POST", "/interactions/" + segment(interaction_id) + "/" + segment(token) + "/callback", body);
}

RestResponse DiscordRest::followup(const std::string& token, const json& message) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute("POST", "/webhooks/" + segment(impl_->options.application_id) + "/" + segment(token) + "?wait=true",
                        message);
}

RestResponse DiscordRest::edit_original(const std::string& token, const json& message) {
  if (impl_->options.application_id.empty()) return impl_->needs_application_id();
  return impl_->execute(
      "PATCH", "/webhooks/" + segment(impl_->options.application_id) + "/" + segment(token) + "/messages/@original", message);
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

RestResponse DiscordRest::post_message(const std::string& channel, const json& message) {
  return impl_->execute("POST", "/channels/" + segment(channel) + "/messages", message);
}

RestResponse DiscordRest::send_dm(const std::string& user, const json& message) {
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
    auto sent = post_message(channel, message);
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
