#include "worker_process_stats.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace arrakis::bench {

ProcessMemory process_memory(pid_t pid) {
  ProcessMemory m;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    double kb = 0;
    fields >> key >> kb;
    if (key == "VmRSS:") m.rss_mb = kb / 1024.0;
    if (key == "VmHWM:") m.peak_rss_mb = kb / 1024.0;
  }
  return m;
}

}  // namespace arrakis::bench
