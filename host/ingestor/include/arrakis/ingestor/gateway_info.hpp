#pragma once
// GET /gateway/bot (spec 1.1): the gateway URL, the recommended shard count and the IDENTIFY
// budget. Plain HTTP for the simulator, HTTPS (verified, SNI) for Discord.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace arrakis::ingestor {

struct GatewayInfo {
  std::string url;
  int shards = 1;
  int max_concurrency = 1;
  int identify_remaining = 0;
  int identify_total = 0;
  std::int64_t reset_after_ms = 0;
};

class GatewayInfoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `api_base` like https://discord.com/api/v10. Throws GatewayInfoError (401 says the token is wrong).
GatewayInfo fetch_gateway_info(const std::string& api_base, const std::string& bot_token);

// Parses the JSON answer; throws GatewayInfoError when a field is missing.
GatewayInfo parse_gateway_info(const std::string& body);

}  // namespace arrakis::ingestor
