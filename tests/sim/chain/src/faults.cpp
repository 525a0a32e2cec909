#include "arrakis/chain_sim/faults.hpp"

#include <algorithm>

namespace arrakis::chain_sim {
namespace {

constexpr std::uint64_t kMaxDelayMs = 10 * 60 * 1000;

std::uint64_t read_ms(const nlohmann::json& json, const char* field) {
  const auto& value = json.at(field);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > kMaxDelayMs) {
    throw FaultPlanError(std::string("\"") + field + "\" must be milliseconds between 0 and 600000");
  }
  return value.get<std::uint64_t>();
}

}  // namespace

FaultPlan parse_fault_plan(const nlohmann::json& json) {
  if (!json.is_object()) throw FaultPlanError("a fault must be a JSON object");
  FaultPlan plan;
  if (json.contains("timeout_ms")) plan.timeout_ms = read_ms(json, "timeout_ms");
  if (json.contains("slow_ms")) plan.slow_ms = read_ms(json, "slow_ms");
  if (json.contains("error")) {
    const auto& error = json.at("error");
    if (!error.is_object() || !error.contains("code") || !error.at("code").is_number_integer()) {
      throw FaultPlanError("\"error\" must be {\"code\": integer, \"message\": string}");
    }
    std::string message = "injected error";
    if (error.contains("message")) {
      if (!error.at("message").is_string()) throw FaultPlanError("\"error.message\" must be a string");
      message = error.at("message").get<std::string>();
    }
    plan.error = RpcError(error.at("code").get<int>(), message, error.value("data", nlohmann::json()));
  }
  if (json.contains("http_status")) {
    const auto& status = json.at("http_status");
    if (!status.is_number_integer() || status.get<int>() < 400 || status.get<int>() > 599) {
      throw FaultPlanError("\"http_status\" must be an HTTP error status (400-599)");
    }
    plan.http_status = status.get<int>();
  }
  if (json.contains("fail_next")) {
    if (!json.at("fail_next").is_number_unsigned() || json.at("fail_next").get<std::uint64_t>() == 0) {
      throw FaultPlanError("\"fail_next\" must be a positive count of requests");
    }
    plan.remaining = json.at("fail_next").get<std::uint64_t>();
  }
  if (json.contains("methods")) {
    const auto& methods = json.at("methods");
    if (!methods.is_array()) throw FaultPlanError("\"methods\" must be an array of method names");
    for (const auto& m : methods) {
      if (!m.is_string()) throw FaultPlanError("\"methods\" must be an array of method names");
      plan.methods.insert(m.get<std::string>());
    }
  }
  if (plan.timeout_ms == 0 && plan.slow_ms == 0 && !plan.error && plan.http_status == 0) {
    throw FaultPlanError("name a fault: timeout_ms, slow_ms, error or http_status");
  }
  return plan;
}

nlohmann::json to_json(const FaultPlan& plan) {
  nlohmann::json json = nlohmann::json::object();
  if (plan.timeout_ms) json["timeout_ms"] = plan.timeout_ms;
  if (plan.slow_ms) json["slow_ms"] = plan.slow_ms;
  if (plan.error) json["error"] = {{"code", plan.error->code()}, {"message", plan.error->what()}};
  if (plan.http_status) json["http_status"] = plan.http_status;
  if (plan.remaining) json["fail_next"] = *plan.remaining;
  json["methods"] = plan.methods;
  return json;
}

void FaultInjector::set(FaultPlan plan) {
  std::lock_guard lock(mutex_);
  plan_ = std::move(plan);
}

void FaultInjector::clear() {
  std::lock_guard lock(mutex_);
  plan_.reset();
}

std::optional<FaultPlan> FaultInjector::current() const {
  std::lock_guard lock(mutex_);
  return plan_;
}

std::optional<FaultPlan> FaultInjector::take(const std::vector<std::string>& methods) {
  std::lock_guard lock(mutex_);
  if (!plan_) return std::nullopt;
  const bool applies =
      std::any_of(methods.begin(), methods.end(), [this](const std::string& m) { return covers(*plan_, m); });
  if (!applies) return std::nullopt;
  auto taken = plan_;
  if (plan_->remaining && --*plan_->remaining == 0) plan_.reset();
  return taken;
}

}  // namespace arrakis::chain_sim
