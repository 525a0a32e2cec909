#pragma once
// DiscordRest's state and its one way of sending a request — rate limits before sending, 429s,
// retries with back-off — shared by discord_rest.cpp (interactions, members, messages) and
// discord_rest_guild.cpp (guild administration). Private to the library.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "arrakis/discord/multipart.hpp"
#include "arrakis/discord/rate_limiter.hpp"
#include "arrakis/discord/route.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/http_client.hpp"
#include "arrakis/log.hpp"

namespace arrakis::discord {

namespace rest_detail {

using nlohmann::json;


// Ids and tokens become path segments: anything but unreserved characters is escaped, so a value
// can never add a segment or a query.
inline std::string segment(const std::string& value) {
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

inline int error_code_of(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("code") && parsed["code"].is_number_integer()) return parsed["code"].get<int>();
  return 0;
}

inline double retry_after_of(const std::string& body, const RateLimitHeaders& headers) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("retry_after") && parsed["retry_after"].is_number()) {
    return parsed["retry_after"].get<double>();
  }
  if (headers.retry_after) return *headers.retry_after;
  if (headers.reset_after) return *headers.reset_after;
  return 1.0;
}

inline bool body_says_global(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  return parsed.is_object() && parsed.value("global", false);
}

}  // namespace rest_detail

using RestClock = RateLimiter::Clock;
using rest_detail::json;

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
      const auto decision = limiter.acquire(route, RestClock::now());
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
      f(limiter, RestClock::now());
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

  // With files, `body` goes out as the payload_json part of a multipart form (it already lists them).
  RestResponse execute(const std::string& method, const std::string& target, const std::optional<json>& body,
                       const std::string& reason = {}, const Files& files = {}) {
    const Route route = route_of(method, target);
    http::Client::Request request;
    request.method = method;
    request.target = target;
    request.headers.emplace_back("User-Agent", options.user_agent);
    if (route.bot && !options.bot_token.empty()) request.headers.emplace_back("Authorization", "Bot " + options.bot_token);
    if (!reason.empty()) request.headers.emplace_back("X-Audit-Log-Reason", encode_audit_log_reason(reason));
    if (!files.empty()) {
      auto form = multipart_form(body.value_or(json::object()), files);
      request.headers.emplace_back("Content-Type", std::move(form.content_type));
      request.body = std::move(form.body);
    } else if (body) {
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
        report([&](RateLimiter& l, RestClock::time_point now) { l.abandon(ticket, now); });
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
      response.discord_code = response.status >= 400 ? rest_detail::error_code_of(response.body) : 0;

      if (response.status == 429) {
        ++rate_limited;
        auto limit_headers = headers;
        limit_headers.global = headers.global || rest_detail::body_says_global(response.body);
        const double wait = rest_detail::retry_after_of(response.body, headers);
        report([&](RateLimiter& l, RestClock::time_point now) { l.rate_limited(ticket, limit_headers, wait, now); });
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

      report([&](RateLimiter& l, RestClock::time_point now) { l.release(ticket, response.status, headers, now); });
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

}  // namespace arrakis::discord
