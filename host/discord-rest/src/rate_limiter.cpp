#include "arrakis/discord/rate_limiter.hpp"

#include <algorithm>
#include <cstdlib>

namespace arrakis::discord {

namespace {

std::optional<double> number(const std::map<std::string, std::string>& headers, const char* name) {
  const auto it = headers.find(name);
  if (it == headers.end() || it->second.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str()) return std::nullopt;
  return value;
}

RateLimiter::duration seconds(double s) {
  return std::chrono::duration_cast<RateLimiter::duration>(std::chrono::duration<double>(std::max(0.0, s)));
}

}  // namespace

RateLimitHeaders parse_rate_limit_headers(const std::map<std::string, std::string>& headers) {
  RateLimitHeaders out;
  if (auto it = headers.find("x-ratelimit-bucket"); it != headers.end() && !it->second.empty()) out.bucket = it->second;
  if (auto v = number(headers, "x-ratelimit-limit")) out.limit = static_cast<int>(*v);
  if (auto v = number(headers, "x-ratelimit-remaining")) out.remaining = static_cast<int>(*v);
  out.reset_after = number(headers, "x-ratelimit-reset-after");
  out.retry_after = number(headers, "retry-after");
  if (auto it = headers.find("x-ratelimit-global"); it != headers.end()) out.global = it->second == "true" || it->second == "True";
  if (auto it = headers.find("x-ratelimit-scope"); it != headers.end()) out.scope = it->second;
  return out;
}

RateLimiter::RateLimiter(Options options) : options_(options) {}

std::string RateLimiter::key_for(const std::string& route, const std::string& major) const {
  const auto it = route_bucket_.find(route);
  return (it == route_bucket_.end() ? "?" + route : it->second) + "|" + major;
}

std::optional<std::string> RateLimiter::learned_bucket(const std::string& route) const {
  const auto it = route_bucket_.find(route);
  if (it == route_bucket_.end()) return std::nullopt;
  return it->second;
}

RateLimiter::Decision RateLimiter::acquire(const Route& route, time_point now) {
  if (++acquisitions_ % 256 == 0) forget_idle(now);
  const auto key = key_for(route.name, route.major);
  Bucket& b = buckets_[key];
  b.last_used = now;

  Decision d;
  bool blocked = false;
  auto hold_until = [&](time_point t, bool global) {
    if (!blocked || t > d.retry_at) d.retry_at = t;
    blocked = true;
    d.global_wait = d.global_wait || global;
  };

  if (!b.unlimited) {
    if (b.known) {
      if (now >= b.reset_at) {
        // The window has passed: a fresh one until a response tells its real end.
        b.remaining = b.limit;
        b.reset_at = now + std::max(b.period, duration(std::chrono::milliseconds(1)));
      }
      if (b.remaining <= 0) hold_until(b.reset_at, false);
    } else if (b.in_flight > 0) {
      hold_until(now + options_.learning_recheck, false);  // one request learns the bucket first
    }
  }
  if (route.bot) {
    if (now < global_until_) hold_until(global_until_, true);
    while (!global_sends_.empty() && global_sends_.front() + options_.global_window <= now) global_sends_.pop_front();
    if (static_cast<int>(global_sends_.size()) >= options_.global_per_window) {
      hold_until(global_sends_.front() + options_.global_window, true);
    }
  }
  if (blocked) return d;

  if (b.known && !b.unlimited) --b.remaining;
  ++b.in_flight;
  if (route.bot) global_sends_.push_back(now);
  d.go = true;
  d.ticket = Ticket{key, route.name, route.major, route.bot};
  return d;
}

void RateLimiter::finish(const Ticket& ticket) {
  const auto it = buckets_.find(ticket.bucket_key);
  if (it != buckets_.end() && it->second.in_flight > 0) --it->second.in_flight;
}

RateLimiter::Bucket& RateLimiter::bucket_for_response(const Ticket& ticket, const RateLimitHeaders& headers) {
  if (!headers.bucket) return buckets_[ticket.bucket_key];
  route_bucket_[ticket.route] = *headers.bucket;
  return buckets_[*headers.bucket + "|" + ticket.major];
}

void RateLimiter::release(const Ticket& ticket, int status, const RateLimitHeaders& headers, time_point now) {
  finish(ticket);
  Bucket& b = bucket_for_response(ticket, headers);
  b.last_used = now;
  if (headers.remaining && headers.reset_after) {
    const auto reset = now + seconds(*headers.reset_after);
    b.period = std::max(b.period, seconds(*headers.reset_after));
    // Requests still in flight are spent already, whatever the server has counted so far.
    const int left = std::max(0, *headers.remaining - b.in_flight);
    if (b.known && !b.unlimited && now < b.reset_at) {
      // Same window: answers may arrive out of order, so never raise what remains.
      b.remaining = std::min(b.remaining, left);
      b.reset_at = std::max(b.reset_at, reset);
    } else {
      b.remaining = left;
      b.reset_at = reset;
    }
    b.limit = headers.limit ? *headers.limit : std::max(b.limit, *headers.remaining + 1);
    b.known = true;
    b.unlimited = false;
  } else if (!b.known && status >= 200 && status < 300) {
    b.unlimited = true;  // the route reports no limit
  }
}

void RateLimiter::rate_limited(const Ticket& ticket, const RateLimitHeaders& headers, double retry_after, time_point now) {
  finish(ticket);
  const auto until = now + seconds(retry_after);
  const bool global = headers.global || headers.scope == "global";
  if (global) global_until_ = std::max(global_until_, until);
  if (global && ticket.bot) return;  // the pause holds this request too; the bucket itself is fine
  Bucket& b = bucket_for_response(ticket, headers);
  b.last_used = now;
  if (!b.known) {
    b.limit = headers.limit.value_or(1);
    b.period = seconds(retry_after);
  }
  b.known = true;
  b.unlimited = false;
  b.remaining = 0;
  b.reset_at = std::max(b.reset_at, until);
}

void RateLimiter::abandon(const Ticket& ticket, time_point now) {
  finish(ticket);
  if (auto it = buckets_.find(ticket.bucket_key); it != buckets_.end()) it->second.last_used = now;
}

void RateLimiter::forget_idle(time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& b = entry.second;
    return b.in_flight == 0 && b.reset_at + options_.idle_forget <= now && b.last_used + options_.idle_forget <= now;
  });
}

}  // namespace arrakis::discord
