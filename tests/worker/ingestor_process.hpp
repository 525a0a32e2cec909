#pragma once
// The real arrakis-ingestor as a child process, holding discord-sim's gateway and publishing to
// the real broker: the Discord side of the full path (discord-sim -> ingestor -> RabbitMQ ->
// worker -> discord-sim).
#include <chrono>
#include <memory>
#include <string>

#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/testing/child_process.hpp"

namespace arrakis::testing {

class IngestorProcess {
 public:
  // Starts the ingestor against `sim` and waits until every shard is connected and the broker
  // channel is open (GET /health answers 200); throws with the log when it does not.
  IngestorProcess(discord_sim::Simulator& sim, const std::string& log_path,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~IngestorProcess();
  IngestorProcess(const IngestorProcess&) = delete;
  IngestorProcess& operator=(const IngestorProcess&) = delete;

  std::string log() const { return process_->log(); }

 private:
  std::uint16_t http_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace arrakis::testing
