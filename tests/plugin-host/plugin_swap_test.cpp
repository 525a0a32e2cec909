// Swapping versions while calls are in flight: the running call finishes on the old version, the
// next call is served by the new one, and the old library is unmapped when its last call returns.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "workspace.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

namespace {

// Holds any plugin that reads the state key "block" until the test releases it.
class BlockingServices : public EffectRecorder {
 public:
  std::promise<void> entered;
  std::shared_future<void> release;

  arrakis_status state_get(Call& c, std::string_view key, std::string& out) override {
    if (key == "block") {
      entered.set_value();
      release.wait();
      out = "released";
      return ARRAKIS_OK;
    }
    return EffectRecorder::state_get(c, key, out);
  }
};

bool library_is_mapped(const std::filesystem::path& p) {
  void* h = dlopen(p.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!h) return false;
  dlclose(h);
  return true;
}

}  // namespace

TEST(PluginSwap, InFlightCallFinishesOnOldVersionAndNextCallUsesNew) {
  Workspace ws;
  auto v1 = ws.manager->load_file(ws.drop_in("echo-v1", "libecho.so"));

  BlockingServices blocking;
  std::promise<void> release;
  blocking.release = release.get_future().share();
  auto entered = blocking.entered.get_future();

  std::future<DispatchResult> slow = std::async(std::launch::async, [&] {
    return ws.manager->dispatch(command("echo", {{"mode", "block"}, {"text", "slow"}}), blocking);
  });
  ASSERT_EQ(entered.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(ws.manager->status("echo")->in_flight, 1u);

  // Operators drop v2 over the same file name and reload.
  auto v2 = ws.manager->load_file(ws.drop_in("echo-v2", "libecho.so"));
  EXPECT_EQ(v2.previous_version, "1.0.0");
  EXPECT_TRUE(library_is_mapped(v1.stored_path)) << "v1 must stay loaded while its call runs";

  EffectRecorder fresh;
  auto next = ws.manager->dispatch(command("echo", {{"text", "fast"}}), fresh);
  EXPECT_EQ(next.version, "2.0.0");
  EXPECT_EQ(last_reply(fresh), "echo 2.0.0: fast");

  release.set_value();
  auto done = slow.get();
  EXPECT_EQ(done.status, ARRAKIS_OK) << done.error;
  EXPECT_EQ(done.version, "1.0.0");
  EXPECT_EQ(last_reply(blocking), "echo 1.0.0: slow");
  EXPECT_FALSE(library_is_mapped(v1.stored_path)) << "v1 must be unloaded once its last call returned";
  EXPECT_TRUE(library_is_mapped(v2.stored_path));
}

TEST(PluginSwap, RollbackActivatesAStoredVersion) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1", "libecho.so"));
  ws.manager->load_file(ws.drop_in("echo-v2", "libecho.so"));
  EXPECT_EQ(ws.manager->store().versions("echo").size(), 2u);
  auto back = ws.manager->activate("echo", "1.0.0");
  EXPECT_TRUE(back.changed);
  EXPECT_EQ(back.previous_version, "2.0.0");
  EffectRecorder services;
  ws.manager->dispatch(command("echo", {{"text", "x"}}), services);
  EXPECT_EQ(last_reply(services), "echo 1.0.0: x");
  EXPECT_THROW(ws.manager->activate("echo", "9.9.9"), PluginError);
}

TEST(PluginSwap, ShutdownWaitsForCallsInFlight) {
  Workspace ws;
  ws.manager->load_file(ws.drop_in("echo-v1"));
  BlockingServices blocking;
  std::promise<void> release;
  blocking.release = release.get_future().share();
  auto entered = blocking.entered.get_future();
  auto slow = std::async(std::launch::async, [&] {
    return ws.manager->dispatch(command("echo", {{"mode", "block"}}), blocking);
  });
  ASSERT_EQ(entered.wait_for(10s), std::future_status::ready);
  EXPECT_FALSE(ws.manager->shutdown(50ms)) << "a call is still running";
  release.set_value();
  EXPECT_EQ(slow.get().status, ARRAKIS_OK);
  EXPECT_TRUE(ws.manager->shutdown(5s));
  EXPECT_TRUE(ws.manager->list().empty());
}
