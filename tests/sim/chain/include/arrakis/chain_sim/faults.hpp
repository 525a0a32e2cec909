#pragma once
// Fault injection for the control API (POST /control/faults): hold requests past a client's timeout,
// slow them down, answer them with a JSON-RPC error or an HTTP error status, for every request or
// only the next N, for every method or only some.
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/json_rpc.hpp"

namespace arrakis::chain_sim {

struct FaultPlan {
  std::uint64_t timeout_ms = 0;  // hold the request this long, then answer HTTP 504
  std::uint64_t slow_ms = 0;     // delay the answer this long, then answer normally
  std::optional<RpcError> error;  // answer matching calls with this JSON-RPC error
  int http_status = 0;           // answer the whole request with this HTTP status (429, 503, ...)
  std::optional<std::uint64_t> remaining;  // fail_next: requests left to fault; nullopt = until cleared
  std::set<std::string> methods;  // empty = every method
};

struct FaultPlanError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// {"timeout_ms": N | "slow_ms": N | "error": {"code": C, "message": M} | "http_status": S,
//  "fail_next": N, "methods": [...]}: at least one kind of fault is required; kinds combine
// (slow_ms then error, say). Throws FaultPlanError naming the bad field.
FaultPlan parse_fault_plan(const nlohmann::json& json);
nlohmann::json to_json(const FaultPlan& plan);

class FaultInjector {
 public:
  void set(FaultPlan plan);
  void clear();
  std::optional<FaultPlan> current() const;

  // The fault for a request whose calls name `methods`, when one applies; each request it applies
  // to uses up one of fail_next (a batch counts once).
  std::optional<FaultPlan> take(const std::vector<std::string>& methods);

  static bool covers(const FaultPlan& plan, const std::string& method) {
    return plan.methods.empty() || plan.methods.count(method) > 0;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<FaultPlan> plan_;
};

}  // namespace arrakis::chain_sim
