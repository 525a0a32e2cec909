#include "ingestor_process.hpp"

#include <map>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"

namespace arrakis::testing {

IngestorProcess::IngestorProcess(discord_sim::Simulator& sim, const std::string& log_path,
                                 std::chrono::milliseconds timeout) {
  const auto urls = nlohmann::json::parse(http_request("127.0.0.1", sim.rest_port(), "GET", "/control/urls").body);
  http_port_ = free_port();
  const std::map<std::string, std::string> env = {{"RABBITMQ_URL", rabbitmq_url()},
                                                  {"DISCORD_BOT_TOKEN", urls["bot_token"]},
                                                  {"DISCORD_APPLICATION_ID", urls["application_id"]},
                                                  {"DISCORD_API_BASE", sim.api_base()},
                                                  {"ARRAKIS_INGESTOR_HTTP_PORT", std::to_string(http_port_)},
                                                  {"ARRAKIS_LOG_FORMAT", "text"},
                                                  {"ARRAKIS_LOG_LEVEL", "info"}};
  process_ = std::make_unique<ChildProcess>(ARRAKIS_INGESTOR_BINARY, std::vector<std::string>{}, env, log_path);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (http_request("127.0.0.1", http_port_, "GET", "/health").status == 200) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("arrakis-ingestor did not become healthy; its log:\n" + process_->log());
}

IngestorProcess::~IngestorProcess() { process_->stop(std::chrono::seconds(20)); }

}  // namespace arrakis::testing
