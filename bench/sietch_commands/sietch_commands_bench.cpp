// The plugin call of each Sietch command on the standard seeded Sietch (130 ranked wallets, 72
// onboarded members): the worker's own call path (run_once: SQL in one transaction under row-level
// security, Discord effects recorded instead of sent). Prints p50/p99 per command and writes them
// as JSON. Run with the servers of `tools/dev services` up, from a release build:
//   build/release/bench/sietch_commands/bench_sietch_commands [iterations] [report.json]
// The JSON report goes to the file named (stdout otherwise, where plugin logs also go).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cases.hpp"

using namespace arrakis;

namespace {

double percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(index, samples.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 300;
  nlohmann::json report = {{"iterations", iterations}, {"unit", "ms"}, {"commands", nlohmann::json::array()}};
  for (const auto& c : bench::command_cases()) {
    testing::PluginBench bench(c.plugin);
    const auto seeded = sietch::testing::seed_sietch(bench);
    std::vector<double> ms;
    int failures = 0;
    for (int i = 0; i < iterations + 10; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const auto run = c.call(bench, seeded);
      const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (run.status != ARRAKIS_OK) ++failures;
      if (i >= 10) ms.push_back(elapsed);  // the first calls warm connections and caches
    }
    std::fprintf(stderr, "%-32s p50 %7.3f ms  p99 %7.3f ms%s\n", c.name.c_str(), percentile(ms, 0.5),
                 percentile(ms, 0.99), failures ? "  (calls failed!)" : "");
    report["commands"].push_back({{"command", c.name},
                                  {"plugin", c.plugin},
                                  {"p50", percentile(ms, 0.5)},
                                  {"p99", percentile(ms, 0.99)},
                                  {"failed_calls", failures}});
    sietch::testing::clear_ranking(bench);
  }
  if (argc > 2) {
    std::ofstream(argv[2]) << report.dump(2) << "\n";
  } else {
    std::cout << report.dump(2) << "\n";
  }
  return 0;
}
