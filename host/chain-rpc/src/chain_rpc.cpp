#include "arrakis/chain_rpc.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <optional>

#include "arrakis/chain/circuit_breaker.hpp"
#include "arrakis/chain/response_cache.hpp"
#include "arrakis/http_client.hpp"

namespace arrakis::chain {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string endpoint_display(const std::string& url) {
  const auto scheme_end = url.find("://");
  const std::size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  auto host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string::npos) host_end = url.size();
  auto authority = url.substr(host_start, host_end - host_start);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  return (scheme_end == std::string::npos ? std::string() : url.substr(0, scheme_end + 3)) + authority;
}

namespace {

// What one HTTP exchange with an endpoint came to.
struct Attempt {
  enum Kind { result, rpc_error, failure } kind = failure;
  json value;  // result, or the error object
  bool timed_out = false;
  std::string why;  // failure only
};

}  // namespace

struct ChainRpc::Impl {
  struct Endpoint {
    Endpoint(const std::string& url, const Options& o)
        : display(endpoint_display(url)),
          http({url, o.timeout}),
          breaker(CircuitBreaker::Options{o.trip_error_rate, o.trip_min_calls,
                                          std::chrono::duration_cast<Clock::duration>(o.breaker_reset),
                                          std::chrono::duration_cast<Clock::duration>(o.breaker_window)}) {}
    std::string display;
    http::Client http;
    mutable std::mutex mutex;  // guards breaker
    CircuitBreaker breaker;
  };

  explicit Impl(Options o) : options(std::move(o)), cache(options.cache_entries) {
    if (options.endpoints.empty()) throw std::invalid_argument("ChainRpc needs at least one endpoint");
    for (const auto& url : options.endpoints) endpoints.push_back(std::make_unique<Endpoint>(url, options));
  }

  Options options;
  std::vector<std::unique_ptr<Endpoint>> endpoints;
  mutable std::mutex cache_mutex;
  ResponseCache cache;
  std::atomic<std::uint64_t> next_id{1}, calls{0}, cache_hits{0}, stale_served{0}, failures{0};

  // How long a result of `method` stays fresh; nullopt = not cached.
  std::optional<Clock::time_point> fresh_until(const std::string& method, Clock::time_point now) const {
    if (method == "eth_chainId") return Clock::time_point::max();
    if (method == "eth_call") return now + options.balance_ttl;
    if (method == "eth_blockNumber") return now + options.block_number_ttl;
    return std::nullopt;
  }

  Attempt attempt(Endpoint& endpoint, const std::string& method, const json& params) {
    const auto id = next_id++;
    http::Client::Request request;
    request.method = "POST";
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
    const auto response = endpoint.http.send(request);

    Attempt out;
    if (!response.delivered) {
      out.timed_out = response.timed_out;
      out.why = response.error;
      return out;
    }
    if (response.status != 200) {
      out.why = "HTTP " + std::to_string(response.status);
      return out;
    }
    const auto body = json::parse(response.body, nullptr, false);
    if (!body.is_object()) {
      out.why = "answer is not a JSON-RPC object";
      return out;
    }
    if (body.contains("error") && body["error"].is_object()) {
      out.kind = Attempt::rpc_error;
      out.value = body["error"];
      return out;
    }
    if (!body.contains("result")) {
      out.why = "answer has neither result nor error";
      return out;
    }
    out.kind = Attempt::result;
    out.value = body["result"];
    return out;
  }

  bool allow(Endpoint& endpoint) {
    std::lock_guard lock(endpoint.mutex);
    return endpoint.breaker.allow(Clock::now());
  }

  void record(Endpoint& endpoint, bool success) {
    std::lock_guard lock(endpoint.mutex);
    endpoint.breaker.record(success, Clock::now());
  }
};

ChainRpc::ChainRpc(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
ChainRpc::~ChainRpc() = default;

json ChainRpc::call(const std::string& method, const json& params) {
  auto& s = *impl_;
  ++s.calls;
  const auto key = method + " " + params.dump();
  const bool cacheable = s.fresh_until(method, Clock::now()).has_value();
  if (cacheable) {
    std::lock_guard lock(s.cache_mutex);
    if (auto hit = s.cache.fresh(key, Clock::now())) {
      ++s.cache_hits;
      return *hit;
    }
  }

  std::string last_error = "every endpoint's circuit breaker is open";
  for (auto& endpoint_ptr : s.endpoints) {
    auto& endpoint = *endpoint_ptr;
    for (int attempt = 0; attempt <= s.options.retries_per_endpoint; ++attempt) {
      if (!s.allow(endpoint)) break;  // open (or its half-open probe is out): next endpoint
      auto outcome = s.attempt(endpoint, method, params);
      if (outcome.kind == Attempt::failure) {
        s.record(endpoint, false);
        last_error = endpoint.display + ": " + outcome.why;
        spdlog::warn("chain rpc: {} failed on {} ({}){}", method, endpoint.display, outcome.why,
                     outcome.timed_out ? "; trying the next endpoint" : "");
        if (outcome.timed_out) break;  // a slow endpoint gets no second wait
        continue;
      }
      s.record(endpoint, true);  // an answer, even an error answer, means the endpoint works
      if (outcome.kind == Attempt::rpc_error) {
        const auto& e = outcome.value;
        throw ChainRpcError(e.value("code", 0), e.value("message", std::string()),
                            e.contains("data") ? e["data"] : json(nullptr));
      }
      if (cacheable) {
        const auto now = Clock::now();
        std::lock_guard lock(s.cache_mutex);
        s.cache.put(key, outcome.value, *s.fresh_until(method, now), now);
      }
      return outcome.value;
    }
  }

  ++s.failures;
  if (cacheable) {
    std::lock_guard lock(s.cache_mutex);
    if (auto old = s.cache.stale(key)) {
      ++s.stale_served;
      spdlog::warn("chain rpc: every endpoint failed for {}; serving the last cached value", method);
      return *old;
    }
  }
  throw ChainUnavailable("chain rpc: every endpoint failed for " + method + " (last: " + last_error + ")");
}

ChainStats ChainRpc::stats() const {
  ChainStats out;
  out.calls = impl_->calls.load();
  out.cache_hits = impl_->cache_hits.load();
  out.stale_served = impl_->stale_served.load();
  out.failures = impl_->failures.load();
  const auto now = Clock::now();
  for (const auto& endpoint : impl_->endpoints) {
    std::lock_guard lock(endpoint->mutex);
    out.endpoints.push_back({{"url", endpoint->display},
                             {"state", to_string(endpoint->breaker.state(now))},
                             {"calls", endpoint->breaker.calls()},
                             {"failures", endpoint->breaker.failures()}});
  }
  return out;
}

}  // namespace arrakis::chain
