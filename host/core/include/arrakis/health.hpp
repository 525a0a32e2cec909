#pragma once
// Dependency probes and the /health report built from them (200 when every probe passes, else 503).
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace arrakis::health {

struct ProbeResult {
  bool ok = false;
  nlohmann::json detail = nlohmann::json::object();  // merged into the check's JSON
  // Working, but not as it should: the report says "degraded" and stays 200 (nothing to restart).
  bool degraded = false;
};

struct Probe {
  std::string name;
  std::function<ProbeResult()> run;  // must not throw; exceptions are caught and reported anyway
};

struct Report {
  bool healthy = false;
  bool degraded = false;  // healthy, but a probe reported degraded
  nlohmann::json body;  // {status: healthy|degraded|unhealthy, timestamp, checks:{name:{ok, latencyMs, ...}}}
};

Report evaluate(const std::vector<Probe>& probes, const nlohmann::json& extra = nlohmann::json::object());

// Resident set size of this process, in bytes (from /proc/self/statm).
std::size_t resident_bytes();

}  // namespace arrakis::health
