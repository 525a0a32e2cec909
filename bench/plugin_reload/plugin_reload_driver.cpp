// bench_plugin_reload [--out FILE] [--reloads N]
// Two threads dispatch /echo as fast as they can; every 200 ms the driver reloads the other
// version. For each reload it records the time from the reload call to the first reply from the
// new version, and the calls completed in the 10 ms windows around it versus the steady rate.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"

using namespace arrakis::plugin_host;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

class NullServices : public HostServices {
 public:
  arrakis_status interaction_reply(Call&, std::string_view) override { return ARRAKIS_OK; }
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_file = "bench/results/plugin_reload.json";
  int reloads = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--out")) out_file = argv[i + 1];
    if (!std::strcmp(argv[i], "--reloads")) reloads = std::atoi(argv[i + 1]);
  }
  spdlog::set_level(spdlog::level::warn);
  const fs::path root = fs::temp_directory_path() / ("arrakis-reload-bench-" + std::to_string(::getpid()));
  fs::create_directories(root / "drop");
  NullServices lifecycle;
  PluginManager manager({root / "drop", root / "store", {}}, lifecycle, lifecycle);
  const fs::path files[2] = {fs::path(ARRAKIS_TEST_PLUGINS) / "libecho-v1.so", fs::path(ARRAKIS_TEST_PLUGINS) / "libecho-v2.so"};
  const std::string versions[2] = {"1.0.0", "2.0.0"};
  manager.load_file(files[0]);

  Invocation inv;
  inv.kind = ARRAKIS_EVENT_COMMAND;
  inv.type = "interaction.command.echo";
  inv.command = "echo";
  inv.payload_json = R"({"data":{"commandName":"echo","options":{"text":"x"}}})";

  // Completed calls per 1 ms slot, and when each version first served a call after a reload.
  constexpr int kSlots = 120000;
  std::vector<std::atomic<std::uint32_t>> per_ms(kSlots);
  std::atomic<bool> running{true};
  std::atomic<int> expected_version{-1};
  std::atomic<long long> first_new_ns{0};
  std::atomic<std::uint64_t> failures{0};
  const auto t0 = Clock::now();
  auto worker = [&] {
    NullServices services;
    while (running) {
      auto r = manager.dispatch(inv, services);
      const auto now = Clock::now();
      if (r.status != ARRAKIS_OK) ++failures;
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - t0).count();
      if (ms < kSlots) per_ms[static_cast<std::size_t>(ms)].fetch_add(1, std::memory_order_relaxed);
      const int want = expected_version.load();
      if (want >= 0 && r.version == versions[want]) {
        long long zero = 0;
        first_new_ns.compare_exchange_strong(zero, std::chrono::duration_cast<std::chrono::nanoseconds>(now - t0).count());
      }
    }
  };
  std::thread a(worker), b(worker);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  std::vector<double> to_first_event_us, reload_call_us;
  std::vector<long long> reload_ms;
  for (int i = 0; i < reloads; ++i) {
    const int next = (i + 1) % 2;
    first_new_ns = 0;
    expected_version = next;
    const auto start = Clock::now();
    manager.load_file(files[next]);
    const auto done = Clock::now();
    while (first_new_ns == 0) std::this_thread::yield();
    const auto start_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(start - t0).count();
    to_first_event_us.push_back(static_cast<double>(first_new_ns - start_ns) / 1000.0);
    reload_call_us.push_back(std::chrono::duration<double, std::micro>(done - start).count());
    reload_ms.push_back(start_ns / 1000000);
    expected_version = -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  running = false;
  a.join();
  b.join();

  // Steady rate: calls per 10 ms away from any reload; dip: the worst 10 ms window that starts
  // within 20 ms of a reload, relative to the steady rate.
  auto window = [&](long long from_ms) {
    std::uint64_t n = 0;
    for (long long m = from_ms; m < from_ms + 10 && m < kSlots; ++m) n += per_ms[static_cast<std::size_t>(m)];
    return static_cast<double>(n);
  };
  std::vector<double> steady, around;
  for (long long r : reload_ms) {
    steady.push_back(window(r + 100));
    double worst = 1e18;
    for (long long s = r - 5; s <= r + 20; ++s) worst = std::min(worst, window(s));
    around.push_back(worst);
  }
  const double steady_10ms = percentile(steady, 0.5);
  const double worst_10ms = *std::min_element(around.begin(), around.end());
  nlohmann::json out = {
      {"reloads", reloads},
      {"dispatch_failures", failures.load()},
      {"steady_calls_per_second", steady_10ms * 100},
      {"reload_call_us", {{"p50", percentile(reload_call_us, 0.5)}, {"p99", percentile(reload_call_us, 0.99)}}},
      {"reload_to_first_event_us",
       {{"p50", percentile(to_first_event_us, 0.5)}, {"p99", percentile(to_first_event_us, 0.99)},
        {"max", percentile(to_first_event_us, 1.0)}}},
      {"throughput_dip",
       {{"worst_10ms_window_vs_steady", steady_10ms > 0 ? worst_10ms / steady_10ms : 0},
        {"median_worst_10ms_window_vs_steady", steady_10ms > 0 ? percentile(around, 0.5) / steady_10ms : 0}}}};
  fs::create_directories(fs::path(out_file).parent_path());
  std::ofstream(out_file) << out.dump(2) << "\n";
  std::cout << out.dump(2) << "\n";
  fs::remove_all(root);
  return failures == 0 ? 0 : 1;
}
