#pragma once
// Starts a simulator in-process on free loopback ports for one test.
#include <gtest/gtest.h>

#include <memory>

#include "arrakis/discord_sim/options.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "gateway_client.hpp"

namespace arrakis::discord_sim::testing {

inline constexpr std::uint32_t kAllIntents = 37379;  // GUILDS|GUILD_MEMBERS|GUILD_MESSAGES|DIRECT_MESSAGES|MESSAGE_CONTENT

inline Options test_options() {
  Options o;
  o.guilds = 4;
  o.members_per_guild = 30;
  o.seed = 42;
  o.heartbeat_ms = 45000;
  // Real Discord time; tests that need several IDENTIFYs raise the factor (5 s bucket -> 5 ms), and
  // deadline tests jump the clock instead of sleeping.
  o.time_factor = 1;
  o.bot_token = "test-token";
  o.rest_threads = 2;
  return o;
}

class SimTest : public ::testing::Test {
 protected:
  void start(Options o = test_options()) { sim = std::make_unique<Simulator>(std::move(o)); }
  std::unique_ptr<GatewayClient> client(const std::string& query = "v=10&encoding=json") {
    return std::make_unique<GatewayClient>(sim->gateway_port(), query);
  }
  std::unique_ptr<Simulator> sim;
};

}  // namespace arrakis::discord_sim::testing
