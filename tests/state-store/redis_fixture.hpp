#pragma once
// A StateStore on the test Redis, a raw connection beside it to look at what the store wrote, and
// a key prefix of its own so runs never see each other's keys.
#include <gtest/gtest.h>

#include <string>

#include "arrakis/redis.hpp"
#include "arrakis/state_store.hpp"
#include "arrakis/testing/servers.hpp"

namespace arrakis::testing {

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = redis_url();
    ASSERT_FALSE(url_.empty());
    state::StateStore::Options options;
    options.redis_url = url_;
    options.pool_size = 4;
    store_ = std::make_unique<state::StateStore>(options);
    raw_ = std::make_unique<redis::Connection>(redis::Connection::open(url_));
    prefix_ = unique_name("test");
  }

  std::int64_t pttl(const std::string& key) { return raw_->command({"PTTL", key}).integer; }
  std::string key(const std::string& name) const { return prefix_ + ":" + name; }

  std::string url_;
  std::unique_ptr<state::StateStore> store_;
  std::unique_ptr<redis::Connection> raw_;
  std::string prefix_;
};

}  // namespace arrakis::testing
