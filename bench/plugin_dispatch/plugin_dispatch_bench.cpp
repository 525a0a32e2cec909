// What the ABI costs: a command routed by the PluginManager into a C plugin that answers through
// the host table, versus the same work called directly in C++. Run from the release build:
//   build/release/bench/plugin_dispatch/bench_plugin_dispatch --benchmark_out=bench/results/plugin_dispatch.json
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "arrakis/plugin_host/plugin_manager.hpp"

using namespace arrakis::plugin_host;
namespace fs = std::filesystem;

namespace {

// Services that accept a reply and do nothing else: the benchmark measures dispatch, not I/O.
class NullServices : public HostServices {
 public:
  std::size_t replies = 0;
  arrakis_status interaction_reply(Call&, std::string_view m) override {
    replies += m.size() > 0;
    return ARRAKIS_OK;
  }
};

// The same work as the C plugin's handle(), as a plain C++ function.
__attribute__((noinline)) arrakis_status direct_handle(HostServices& s, Call& c, const Invocation& inv) {
  if (inv.kind != ARRAKIS_EVENT_COMMAND) return ARRAKIS_BAD_INPUT;
  return s.interaction_reply(c, R"({"content":"hello from C99","flags":64})");
}

struct Fixture {
  fs::path root = fs::temp_directory_path() / ("arrakis-bench-" + std::to_string(::getpid()));
  NullServices lifecycle;
  std::unique_ptr<PluginManager> manager;
  Invocation inv;
  Fixture() {
    fs::create_directories(root / "drop");
    manager = std::make_unique<PluginManager>(PluginManager::Options{root / "drop", root / "store", {}}, lifecycle, lifecycle);
    manager->load_file(fs::path(ARRAKIS_TEST_PLUGINS) / "libc99-hello.so");
    inv.kind = ARRAKIS_EVENT_COMMAND;
    inv.type = "interaction.command.hello";
    inv.command = "hello";
    inv.payload_json = R"({"data":{"commandName":"hello"}})";
  }
  ~Fixture() {
    manager.reset();
    fs::remove_all(root);
  }
};

void BM_DirectCall(benchmark::State& state) {
  NullServices services;
  Invocation inv;
  inv.kind = ARRAKIS_EVENT_COMMAND;
  arrakis_call call;
  call.services = &services;
  call.invocation = &inv;
  for (auto _ : state) benchmark::DoNotOptimize(direct_handle(services, call, inv));
  state.counters["replies"] = static_cast<double>(services.replies);
}
BENCHMARK(BM_DirectCall);

void BM_DispatchThroughAbi(benchmark::State& state) {
  static Fixture f;  // one load for every repetition
  NullServices services;
  for (auto _ : state) benchmark::DoNotOptimize(f.manager->dispatch(f.inv, services).status);
  state.counters["replies"] = static_cast<double>(services.replies);
}
BENCHMARK(BM_DispatchThroughAbi)->ThreadRange(1, 2);

}  // namespace

BENCHMARK_MAIN();
