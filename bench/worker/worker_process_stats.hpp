#pragma once
// Memory of another process from /proc/<pid>/status: resident now (VmRSS) and its peak (VmHWM).
#include <sys/types.h>

namespace arrakis::bench {

struct ProcessMemory {
  double rss_mb = 0;
  double peak_rss_mb = 0;
};

// Zeros when the process is gone or /proc cannot be read.
ProcessMemory process_memory(pid_t pid);

}  // namespace arrakis::bench
