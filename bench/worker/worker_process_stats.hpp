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

// CPU time (user + system) the process has used so far, in seconds, from /proc/<pid>/stat.
double process_cpu_seconds(pid_t pid);

// The whole machine's CPU time so far from /proc/stat, in seconds summed over all CPUs: busy and
// total (busy + idle + iowait), to tell how saturated the machine was over a window.
struct MachineCpu {
  double busy = 0;
  double total = 0;
};
MachineCpu machine_cpu();

}  // namespace arrakis::bench
