// A chain read through the host's RPC service, for every plugin that reads the chain: one failure
// type, so a plugin tells "the chain could not be asked, or answered something unreadable" apart
// from its own errors the same way everywhere (/check-eligibility answers the member; the
// eligibility sync counts a failure and keeps the last ranking).
#pragma once

#include <stdexcept>
#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

struct ChainFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// host.chain_rpc, with the host's refusal (RPC down, breaker open, timeout) as a ChainFailure.
inline nlohmann::json chain_call(sdk::Host& host, const std::string& method, const nlohmann::json& params) {
  try {
    return host.chain_rpc(method, params);
  } catch (const sdk::Error& e) {
    throw ChainFailure(e.what());
  }
}

}  // namespace arrakis::sietch
