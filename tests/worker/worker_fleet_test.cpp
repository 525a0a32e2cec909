// The fleet agent reports this replica's plugins as the host role (docs/database.md): a worker
// given no admin credentials at all still appears in plugin_replicas.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "worker_harness.hpp"

using namespace arrakis::testing;
using namespace std::chrono_literals;

TEST(WorkerFleet, TheReplicaReportsItsPluginsWithTheHostRoleAndNoAdminUrl) {
  WorkerHarness h;
  const std::string replica = "fleet-host-role-" + std::to_string(std::random_device{}());
  h.extra_env = {{"DATABASE_ADMIN_URL", ""},  // least privilege: the worker never has the table owner
                 {"DATABASE_HOST_URL", database_host_url()},
                 {"ARRAKIS_REPLICA_ID", replica}};
  h.start_worker();
  ASSERT_TRUE(h.wait_for_health(200, 30s)) << h.worker().log();

  arrakis::db::Pool admin(database_admin_url(), 1);
  long long rows = 0;
  for (int i = 0; i < 100 && rows == 0; ++i) {
    rows = admin.transaction([&](pqxx::work& tx) {
      return tx.exec_params1("SELECT count(*) FROM plugin_replicas WHERE replica_id = $1 AND plugin_name = 'echo'",
                             replica)[0]
          .as<long long>();
    });
    if (rows == 0) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(rows, 1) << "the fleet agent could not report this replica\n" << h.worker().log();
  EXPECT_EQ(h.stop_worker(), 0);
}
