#pragma once
// The full path as one object for a test suite: discord-sim, the real arrakis-worker with the
// plugins a suite asks for, and the real arrakis-ingestor holding the simulator's gateway, so an
// interaction goes discord-sim -> ingestor -> RabbitMQ -> worker -> discord-sim. Interactions are
// scripted through the simulator's control API (POST /control/scenario), so a click is on a
// message the bot really sent and a submit on a modal it really opened.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ingestor_process.hpp"
#include "worker_harness.hpp"

namespace arrakis::testing {

class FullPathStack {
 public:
  // Starts the worker with `plugins` (paths of built .so files) and the ingestor; error() says
  // what failed when something did not come up.
  explicit FullPathStack(const std::vector<std::filesystem::path>& plugins);
  ~FullPathStack();

  const std::string& error() const { return error_; }
  WorkerHarness& harness() { return *harness_; }
  std::string logs() const;
  std::string guild_id();
  // The community the worker serves the simulated guild as (created on first use).
  std::string community_id();

  // Humans of the simulated guild (not the bot); those who accept DMs first.
  std::vector<std::string> members();
  std::string member() { return members().at(0); }

  // Plays one scenario line that dispatches one interaction over the gateway. A click or submit is
  // retried until what it acts on is offered (the worker's answer offering it may be in flight).
  SimInteraction act(const nlohmann::json& line);
  SimInteraction command(const std::string& name, const std::string& user,
                         nlohmann::json options = nlohmann::json::array());

  static std::string callback_path(const SimInteraction& i);
  // The one first response of an interaction, once it was recorded.
  nlohmann::json first_response(const SimInteraction& i);
  // The body of the first recorded call whose path contains `needle`, once there is one.
  nlohmann::json answer(const std::string& needle);
  // The interaction's original response as discord-sim now holds it (what the user sees, after
  // every edit; whole, where the call record keeps only the first 512 bytes of a body), once the
  // worker has answered it.
  nlohmann::json original_message(const SimInteraction& i);

 private:
  std::unique_ptr<WorkerHarness> harness_;
  std::unique_ptr<IngestorProcess> ingestor_;
  std::string error_;
};

}  // namespace arrakis::testing
