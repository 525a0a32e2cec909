#pragma once
// The host's chain access (domain D11, 6.2): JSON-RPC 2.0 over HTTP to several endpoints in order,
// each behind a timeout, retries and a circuit breaker; results of eth_call (balances) and
// eth_blockNumber cached for a while, eth_chainId for good, and a stale cached value served when
// every endpoint fails. Thread-safe. The HTTP stack stays behind a pimpl.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::chain {

// No endpoint answered and nothing was cached.
class ChainUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An endpoint answered with a JSON-RPC error object (a revert, bad params, unknown method): the
// answer to the call, not a sign that the endpoint is failing.
class ChainRpcError : public std::runtime_error {
 public:
  ChainRpcError(int code, const std::string& message, nlohmann::json data = nullptr)
      : std::runtime_error("JSON-RPC error " + std::to_string(code) + ": " + message),
        code_(code), message_(message), data_(std::move(data)) {}
  int code() const { return code_; }
  const std::string& rpc_message() const { return message_; }
  const nlohmann::json& data() const { return data_; }

 private:
  int code_;
  std::string message_;
  nlohmann::json data_;
};

struct ChainStats {
  std::uint64_t calls = 0;         // call() invocations
  std::uint64_t cache_hits = 0;    // answered from a fresh cache entry
  std::uint64_t stale_served = 0;  // answered from an expired entry because every endpoint failed
  std::uint64_t failures = 0;      // calls on which every endpoint failed (stale served or not)
  // One per endpoint: {"url" (scheme://host:port only, no secrets), "state" (closed, open,
  // half-open), "calls", "failures"}.
  std::vector<nlohmann::json> endpoints;
};

class ChainRpc {
 public:
  struct Options {
    std::vector<std::string> endpoints;
    std::chrono::milliseconds timeout{10000};
    int retries_per_endpoint = 1;  // further attempts on one endpoint before the next (not after a timeout)
    double trip_error_rate = 0.5;
    int trip_min_calls = 5;
    std::chrono::milliseconds breaker_reset{30000};
    std::chrono::milliseconds balance_ttl{60000};
    std::chrono::milliseconds block_number_ttl{5000};
    std::chrono::milliseconds breaker_window{10000};  // the calls the error rate is taken over
    std::size_t cache_entries = 10000;
  };

  explicit ChainRpc(Options options);
  ~ChainRpc();
  ChainRpc(const ChainRpc&) = delete;
  ChainRpc& operator=(const ChainRpc&) = delete;

  // Returns the call's `result`. Throws ChainRpcError for a JSON-RPC error answer and
  // ChainUnavailable when every endpoint failed and nothing is cached for the call.
  nlohmann::json call(const std::string& method, const nlohmann::json& params);
  ChainStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// scheme://host[:port] of an endpoint URL: user info, path and query (where providers put API
// keys) left out, so it can be logged and shown.
std::string endpoint_display(const std::string& url);

}  // namespace arrakis::chain
