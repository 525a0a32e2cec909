#pragma once
// One discord-sim in-process, the real arrakis-ingestor as a child process and the real broker,
// for the integration tests. Queues asserted on are purged at the start of each test (CI runs the
// integration tests serially against one broker).
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/testing/child_process.hpp"

namespace arrakis::ingestor::testing {

struct Received {
  amqp::Message message;
  nlohmann::json body;
};

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts the simulator with these guilds; the ingestor with extra environment.
  void start_sim(int guilds = 2, int members = 20);
  void start_ingestor(const std::map<std::string, std::string>& env = {});
  // SIGTERM; returns the exit status.
  int stop_ingestor();

  // Pulls messages from `queue` until `count` arrived or `timeout` passed.
  std::vector<Received> drain(const std::string& queue, std::size_t count,
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // The ingestor's /metrics value of one series (0 when absent).
  double metric(const std::string& series);
  bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  std::uint64_t guild(std::size_t index) const;
  std::uint64_t human(std::uint64_t guild_id);
  void dispatch(const std::string& type, std::optional<std::uint64_t> guild_id, const nlohmann::json& d);

  std::unique_ptr<discord_sim::Simulator> sim;
  std::unique_ptr<arrakis::testing::ChildProcess> ingestor;
  std::unique_ptr<amqp::Connection> broker;
  std::uint16_t http_port = 0;
  std::string log_path;
};

}  // namespace arrakis::ingestor::testing
