#pragma once
// What a shard does after its gateway connection closes (spec 1.7, 1.8).
#include <optional>
#include <string>

namespace arrakis::ingestor {

enum class CloseAction {
  resume,      // reconnect to resume_gateway_url and RESUME the session
  reidentify,  // the session is gone: reconnect and IDENTIFY anew
  fatal,       // configuration error (token, shard, version, intents): stop with a clear message
};

// `code` is the WebSocket close code, or nullopt when the socket dropped without one.
CloseAction close_action(std::optional<int> code);

// The operator-facing explanation of a fatal code ("" for the others).
std::string fatal_explanation(int code);

}  // namespace arrakis::ingestor
