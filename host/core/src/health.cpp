#include "arrakis/health.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>

namespace arrakis::health {

Report evaluate(const std::vector<Probe>& probes, const nlohmann::json& extra) {
  Report report;
  report.healthy = true;
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& probe : probes) {
    const auto start = std::chrono::steady_clock::now();
    ProbeResult result;
    try {
      result = probe.run();
    } catch (const std::exception& e) {
      result = ProbeResult{false, {{"error", e.what()}}};
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json check = result.detail.is_object() ? result.detail : nlohmann::json::object();
    check["ok"] = result.ok;
    check["latencyMs"] = std::round(ms * 100) / 100;
    if (result.degraded) check["degraded"] = true;
    checks[probe.name] = check;
    report.healthy = report.healthy && result.ok;
    report.degraded = report.degraded || result.degraded;
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const char* status = !report.healthy ? "unhealthy" : report.degraded ? "degraded" : "healthy";
  report.body = {{"status", status}, {"timestamp", now}, {"checks", checks}};
  for (auto it = extra.begin(); it != extra.end(); ++it) report.body[it.key()] = it.value();
  return report;
}

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace arrakis::health
