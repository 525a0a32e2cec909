// Reloads and rollbacks while dispatchers keep a steady load: no call fails, none is lost, every
// reply comes from the version that served it, and memory returns to where it was.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "arrakis/health.hpp"
#include "workspace.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

TEST(PluginReloadUnderLoad, FiftyReloadsAndFiftyRollbacksAtTwoThousandEventsPerSecond) {
  Workspace ws;
  const auto v1 = ws.drop_in("echo-v1", "libecho-1.so");
  const auto v2 = ws.drop_in("echo-v2", "libecho-2.so");
  ws.manager->load_file(v1);

  std::atomic<bool> running{true};
  std::atomic<std::uint64_t> sent{0}, ok{0}, failed{0}, wrong_reply{0};
  auto dispatcher = [&](int id) {
    // Each of two threads paces itself to 1,000 calls a second.
    auto next = std::chrono::steady_clock::now();
    std::uint64_t n = 0;
    while (running) {
      EffectRecorder services;
      const std::string text = std::to_string(id) + "-" + std::to_string(n++);
      auto r = ws.manager->dispatch(command("echo", {{"text", text}}), services);
      ++sent;
      if (!r.found || r.status != ARRAKIS_OK) {
        ++failed;
      } else if (last_reply(services) != "echo " + r.version + ": " + text) {
        ++wrong_reply;
      } else {
        ++ok;
      }
      next += 1ms;
      std::this_thread::sleep_until(next);
    }
  };
  std::thread a(dispatcher, 1), b(dispatcher, 2);
  std::this_thread::sleep_for(300ms);  // warm up before measuring memory
  const auto rss_before = arrakis::health::resident_bytes();
  for (int cycle = 0; cycle < 50; ++cycle) {
    ASSERT_EQ(ws.manager->load_file(v2).version, "2.0.0");         // reload to the new build
    std::this_thread::sleep_for(10ms);
    ASSERT_EQ(ws.manager->activate("echo", "1.0.0").version, "1.0.0");  // roll back
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(200ms);
  running = false;
  a.join();
  b.join();
  const auto rss_after = arrakis::health::resident_bytes();
  RecordProperty("rss_growth_bytes", std::to_string(static_cast<long>(rss_after) - static_cast<long>(rss_before)));
  RecordProperty("calls", std::to_string(sent.load()));

  EXPECT_EQ(failed.load(), 0u);
  EXPECT_EQ(wrong_reply.load(), 0u);
  EXPECT_EQ(ok.load(), sent.load()) << "every dispatched event was served";
  EXPECT_GT(sent.load(), 1500u) << "the load must really run during the cycle";
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(static_cast<long>(rss_after) - static_cast<long>(rss_before), 2l * 1024 * 1024);
#endif
}
