// The 60-second cache of chain results (state, one key per wallet) and the wallet's rank in the
// last ranking (eligibility_current, chain-wide).
#include "check_eligibility.hpp"

namespace arrakis::check_eligibility {

std::string cache_key(const std::string& wallet) { return "check-eligibility:wallet:" + wallet; }

std::optional<ChainResult> cached_result(sdk::Host& host, const std::string& wallet) {
  std::optional<std::string> text;
  try {
    text = host.state_get(cache_key(wallet));
  } catch (const sdk::Error& e) {
    host.warn(std::string("the eligibility cache cannot be read, asking the chain: ") + e.what());
    return std::nullopt;
  }
  if (!text) return std::nullopt;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  // Anything unreadable (an older format, say) is a miss, never an error.
  if (!j.is_object() || !j.contains("burned") || !j["burned"].is_boolean() || !j.contains("balance") ||
      !j["balance"].is_string() || !j.contains("checkedAt") || !j["checkedAt"].is_number_integer()) {
    return std::nullopt;
  }
  ChainResult r;
  r.burned = j["burned"].get<bool>();
  r.balance_wei = j["balance"].get<std::string>();
  r.checked_at_ms = j["checkedAt"].get<std::int64_t>();
  return r;
}

void cache_result(sdk::Host& host, const std::string& wallet, const ChainResult& result) {
  const nlohmann::json j = {{"burned", result.burned}, {"balance", result.balance_wei}, {"checkedAt", result.checked_at_ms}};
  try {
    host.state_set(cache_key(wallet), j.dump(), kCacheTtlMs);
  } catch (const sdk::Error& e) {
    host.warn(std::string("the eligibility cache cannot be written: ") + e.what());
  }
}

std::optional<int> read_rank(sdk::Host& host, const std::string& wallet) {
  const auto rows = host.query("SELECT rank FROM eligibility_current WHERE address = $1", {wallet});
  if (rows.empty()) return std::nullopt;
  return rows.at(0)["rank"].get<int>();
}

}  // namespace arrakis::check_eligibility
