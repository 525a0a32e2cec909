#pragma once
// The JSON-RPC 2.0 envelope: splitting a body into calls (single or batch), validating each, and
// building result and error objects that echo the caller's id.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::chain_sim {

namespace rpc_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerError = -32000;     // geth: header not found, execution reverted
inline constexpr int kLimitExceeded = -32005;   // EIP-1474: request exceeds a defined limit
inline constexpr int kExecutionReverted = 3;    // geth: revert with data
}  // namespace rpc_code

// Thrown by method handlers; becomes the call's error object.
class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message, nlohmann::json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  int code() const { return code_; }
  const nlohmann::json& data() const { return data_; }

 private:
  int code_;
  nlohmann::json data_;
};

struct RpcCall {
  nlohmann::json id;              // echoed; null when absent or invalid
  bool notification = false;      // no "id" member: no response is sent
  std::string method;             // empty when the call is invalid
  nlohmann::json params;          // an array or object; an empty array when absent
  std::optional<RpcError> invalid;  // set when the call itself is malformed (-32600)
};

struct RpcRequest {
  bool parse_error = false;  // the body is not JSON: answer one -32700 with id null
  bool batch = false;
  std::vector<RpcCall> calls;  // an empty batch yields one invalid call
};

RpcRequest parse_rpc_request(const std::string& body);

nlohmann::json rpc_result(const nlohmann::json& id, nlohmann::json result);
nlohmann::json rpc_error(const nlohmann::json& id, const RpcError& error);

}  // namespace arrakis::chain_sim
