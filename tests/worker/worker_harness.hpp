#pragma once
// One arrakis-worker process under test, with discord-sim in-process as Discord, the real broker,
// Redis and PostgreSQL, and the echo fixture as its only plugin.
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "arrakis/amqp.hpp"
#include "arrakis/database.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/testing/child_process.hpp"

namespace arrakis::testing {

struct SimInteraction {
  std::uint64_t id = 0;
  std::string token;
};

// Any interaction, as the ingestor would publish it (see plugin_events.h).
struct InteractionSpec {
  int type = 3;            // 2 command, 3 component, 5 modal submit
  std::string event_type;  // "interaction.button", "interaction.modal", "interaction.command.x"
  std::string name;        // command name or custom id
  nlohmann::json data = nlohmann::json::object();  // merged into the payload's data
  bool dm = false;                                 // no guild: sent from a DM
  nlohmann::json source_message;                   // the message a component (or its modal) is on
  std::string permissions = "0";
  std::uint64_t user_id = 42;
};

// The JSON body of a recorded REST call (its payload_json for a multipart one).
inline nlohmann::json body_of(const nlohmann::json& record) {
  return nlohmann::json::parse(record.value("body", std::string("{}")), nullptr, false);
}

class WorkerHarness {
 public:
  WorkerHarness();
  ~WorkerHarness();

  // Makes the tests' guild one that discord-sim knows (its roles, channels and members), so guild
  // operations reach a real guild instead of answering 10004. The simulator is re-created with a
  // random seed, so concurrent test processes get different guilds. Call before start_worker().
  void use_sim_guild();
  void start_worker();
  void kill_worker();  // SIGKILL, no drain
  int stop_worker();   // SIGTERM
  ChildProcess& worker() { return *worker_; }

  // Polls GET /health until it answers `status` (200 or 503) or `timeout` passes.
  bool wait_for_health(int status, std::chrono::milliseconds timeout);

  // Registers an interaction with the simulator and publishes its queue payload.
  // `age` pretends Discord sent it that long ago.
  SimInteraction command(const std::string& name, const nlohmann::json& options,
                         std::chrono::milliseconds age = std::chrono::milliseconds(0));
  SimInteraction interaction(const InteractionSpec& spec);
  // Copies a test plugin into the worker's plugin directory (before start_worker()).
  void add_plugin(const std::string& fixture_file_name);
  void publish(const std::string& routing_key, const std::string& body, std::uint8_t priority, const std::string& id);
  std::string publish_member_join(const std::string& user_id, const std::string& event_id, bool audit);

  // Simulator REST records whose path contains `needle`.
  nlohmann::json rest_calls(const std::string& needle);
  // Waits until `count` REST calls whose path contains `needle` were recorded.
  bool wait_for_calls(const std::string& needle, std::size_t count, std::chrono::milliseconds timeout);
  // Messages currently in the DLQ (taken off it).
  std::vector<amqp::Message> drain_dlq();
  std::uint32_t queue_depth(const std::string& queue);
  long long audit_rows(const std::string& user_id);
  long long audit_rows_total();

  // Added to (and overriding) the worker's environment at the next start_worker().
  std::map<std::string, std::string> extra_env;
  // The worker's folder: plugins/ (drop-in), store/, admin-token, logs.
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path admin_token_file() const { return root_ / "admin-token"; }

  discord_sim::Simulator& sim() { return *sim_; }
  const std::string& guild_id() const { return guild_id_; }
  std::uint16_t http_port() const { return http_port_; }
  std::uint16_t routes_port() const { return routes_port_; }  // the public plugin-route listener

 private:
  long long audit_rows_once(const std::string& user_id);

  std::unique_ptr<discord_sim::Simulator> sim_;
  std::unique_ptr<ChildProcess> worker_;
  std::optional<amqp::Connection> amqp_;
  std::unique_ptr<db::Pool> admin_;
  std::filesystem::path root_;
  std::string guild_id_;
  std::uint16_t http_port_ = 0;
  std::uint16_t routes_port_ = 0;
  int worker_runs_ = 0;
};

}  // namespace arrakis::testing
