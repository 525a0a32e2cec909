#pragma once
// Where the integration tests find the real servers. `tools/dev test` starts them and exports
// these variables; a test run without them fails (never skips) with a message naming the server.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace arrakis::testing {

inline std::string server_url(const char* variable, const char* server) {
  const char* value = std::getenv(variable);
  if (!value || !*value) {
    ADD_FAILURE() << server << " is required: " << variable
                  << " is not set. Start the servers with `tools/dev services start` and export what it prints.";
    return {};
  }
  return value;
}

inline std::string rabbitmq_url() { return server_url("RABBITMQ_URL", "RabbitMQ"); }
inline std::string rabbitmq_management_url() { return server_url("RABBITMQ_MANAGEMENT_URL", "RabbitMQ management"); }
inline std::string redis_url() { return server_url("REDIS_URL", "Redis"); }
inline std::string database_url() { return server_url("DATABASE_URL", "PostgreSQL"); }
inline std::string database_admin_url() { return server_url("DATABASE_ADMIN_URL", "PostgreSQL (admin role)"); }
inline std::string database_jobs_url() { return server_url("DATABASE_JOBS_URL", "PostgreSQL (jobs role)"); }
inline std::string database_host_url() { return server_url("DATABASE_HOST_URL", "PostgreSQL (host role)"); }

// A name no other test run uses, for queues, keys and tables created by one test.
inline std::string unique_name(const std::string& prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return prefix + "." + (info ? std::string(info->name()) : "t") + "." + std::to_string(::getpid()) + "." +
         std::to_string(std::rand());
}

}  // namespace arrakis::testing
