#include "arrakis/chain_sim/json_rpc.hpp"

namespace arrakis::chain_sim {
namespace {

RpcCall parse_call(const nlohmann::json& item) {
  RpcCall call;
  call.params = nlohmann::json::array();
  if (!item.is_object()) {
    call.invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: not an object");
    return call;
  }
  // The id is echoed only when it has a type the spec allows (string, number or null).
  if (item.contains("id")) {
    const auto& id = item.at("id");
    if (id.is_string() || id.is_number() || id.is_null()) {
      call.id = id;
    } else {
      call.invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: id must be a string, number or null");
      return call;
    }
  } else {
    call.notification = true;
  }
  if (!item.contains("jsonrpc") || item.at("jsonrpc") != "2.0") {
    call.invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
  } else if (!item.contains("method") || !item.at("method").is_string()) {
    call.invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: method must be a string");
  } else if (item.contains("params") && !item.at("params").is_array() && !item.at("params").is_object()) {
    call.invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: params must be an array or an object");
  }
  if (call.invalid) {
    call.notification = false;  // a malformed call is always answered
    return call;
  }
  call.method = item.at("method").get<std::string>();
  if (item.contains("params")) call.params = item.at("params");
  return call;
}

}  // namespace

RpcRequest parse_rpc_request(const std::string& body) {
  RpcRequest request;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    request.parse_error = true;
    return request;
  }
  if (json.is_array()) {
    request.batch = true;
    if (json.empty()) {
      request.batch = false;  // answered with a single error object, per the spec
      request.calls.push_back(parse_call(nullptr));
      request.calls.back().invalid = RpcError(rpc_code::kInvalidRequest, "invalid request: empty batch");
      return request;
    }
    request.calls.reserve(json.size());
    for (const auto& item : json) request.calls.push_back(parse_call(item));
  } else {
    request.calls.push_back(parse_call(json));
  }
  return request;
}

nlohmann::json rpc_result(const nlohmann::json& id, nlohmann::json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

nlohmann::json rpc_error(const nlohmann::json& id, const RpcError& error) {
  nlohmann::json body = {{"code", error.code()}, {"message", error.what()}};
  if (!error.data().is_null()) body["data"] = error.data();
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(body)}};
}

}  // namespace arrakis::chain_sim
