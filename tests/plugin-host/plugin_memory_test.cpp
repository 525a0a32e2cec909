// Loading, unloading and re-loading a plugin 1,000 times must not grow the host: proves
// -fno-gnu-unique (otherwise dlclose keeps the library) and the drain (old versions released).
// A bound on memory, so a test; skipped under sanitizers, whose allocators keep freed memory.
#include <gtest/gtest.h>

#include "arrakis/health.hpp"
#include "workspace.hpp"

using namespace arrakis::testing;

#if defined(__SANITIZE_ADDRESS__)
#define ARRAKIS_UNDER_SANITIZER 1
#endif

TEST(PluginMemory, ThousandReloadsGrowRssByLessThanTwoMegabytes) {
#ifdef ARRAKIS_UNDER_SANITIZER
  GTEST_SKIP() << "RSS is meaningless under AddressSanitizer";
#endif
  Workspace ws;
  auto v1 = ws.drop_in("echo-v1", "libecho-1.so");
  auto v2 = ws.drop_in("echo-v2", "libecho-2.so");
  EffectRecorder services;
  // Warm up: first loads map the libraries' dependencies and fill allocator caches.
  for (int i = 0; i < 20; ++i) {
    ws.manager->load_file(i % 2 ? v2 : v1);
    ws.manager->dispatch(command("echo"), services);
    services.clear();
  }
  const auto before = arrakis::health::resident_bytes();
  for (int i = 0; i < 1000; ++i) {
    ws.manager->load_file(i % 2 ? v2 : v1);  // each swap unloads the other version
    ASSERT_EQ(ws.manager->dispatch(command("echo"), services).status, ARRAKIS_OK);
    services.clear();
  }
  const auto after = arrakis::health::resident_bytes();
  const long growth = static_cast<long>(after) - static_cast<long>(before);
  RecordProperty("rss_growth_bytes", std::to_string(growth));
  EXPECT_LT(growth, 2l * 1024 * 1024) << "RSS grew from " << before << " to " << after;
}
