#include "full_path_stack.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "arrakis/database.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"

namespace arrakis::testing {

using namespace std::chrono_literals;
using nlohmann::json;

FullPathStack::FullPathStack(const std::vector<std::filesystem::path>& plugins) {
  harness_ = std::make_unique<WorkerHarness>();
  for (const auto& p : plugins) {
    std::filesystem::copy_file(p, harness_->root() / "plugins" / p.filename(),
                               std::filesystem::copy_options::overwrite_existing);
  }
  harness_->start_worker();
  if (!harness_->wait_for_health(200, 30s)) {
    error_ = "the worker did not become healthy:\n" + harness_->worker().log();
    return;
  }
  try {
    ingestor_ = std::make_unique<IngestorProcess>(harness_->sim(), (harness_->root() / "ingestor.log").string());
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

FullPathStack::~FullPathStack() {
  ingestor_.reset();
  harness_.reset();
}

std::string FullPathStack::logs() const {
  return "\nworker:\n" + harness_->worker().log() + "\ningestor:\n" + (ingestor_ ? ingestor_->log() : "");
}

std::string FullPathStack::guild_id() { return std::to_string(harness_->sim().model().guild_ids().at(0)); }

std::string FullPathStack::community_id() {
  db::Pool admin(database_admin_url(), 1);
  return plugin_host::PostgresSql::community_for_guild(admin, guild_id());
}

std::vector<std::string> FullPathStack::members() {
  const json model = harness_->sim().model().to_json();
  std::vector<std::string> open, closed;
  for (const auto& m : model["guilds"][0]["members"]) {
    if (m.value("bot", false)) continue;
    (m.value("blocks_dms", false) ? closed : open).push_back(m["id"]);
  }
  open.insert(open.end(), closed.begin(), closed.end());
  if (open.empty()) ADD_FAILURE() << "the simulated guild has no human member";
  return open;
}

SimInteraction FullPathStack::act(const json& line) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  json result;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = http_request("127.0.0.1", harness_->sim().rest_port(), "POST", "/control/scenario", line.dump() + "\n");
    result = json::parse(r.body, nullptr, false);
    if (r.status == 200 && result.is_object() && result.value("interactions", json::array()).size() == 1) {
      return {std::stoull(result["interactions"][0]["id"].get<std::string>()),
              result["interactions"][0]["token"].get<std::string>()};
    }
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "discord-sim could not play " << line.dump() << ": " << result.dump() << logs();
  return {};
}

SimInteraction FullPathStack::command(const std::string& name, const std::string& user, json options) {
  return act({{"kind", "command"}, {"guild", 0}, {"name", name}, {"user", user}, {"options", options}});
}

std::string FullPathStack::callback_path(const SimInteraction& i) {
  return "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback";
}

json FullPathStack::first_response(const SimInteraction& i) {
  EXPECT_TRUE(harness_->wait_for_calls(callback_path(i), 1, 20s)) << logs();
  const auto callbacks = harness_->rest_calls(callback_path(i));
  EXPECT_EQ(callbacks.size(), 1u) << callbacks.dump(1);
  if (callbacks.empty()) return json::object();
  EXPECT_LT(callbacks[0].value("status", 0), 300) << callbacks[0].dump();
  return body_of(callbacks[0]);
}

json FullPathStack::answer(const std::string& needle) {
  EXPECT_TRUE(harness_->wait_for_calls(needle, 1, 20s)) << logs();
  const auto calls = harness_->rest_calls(needle);
  if (calls.empty()) return json::object();
  EXPECT_LT(calls[0].value("status", 0), 300) << calls[0].dump();
  return body_of(calls[0]);
}

}  // namespace arrakis::testing

namespace arrakis::testing {

json FullPathStack::original_message(const SimInteraction& i) {
  first_response(i);
  const auto urls = json::parse(http_request("127.0.0.1", harness_->sim().rest_port(), "GET", "/control/urls").body);
  const std::string path = "/api/v10/webhooks/" + urls["application_id"].get<std::string>() + "/" + i.token +
                           "/messages/@original";
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = http_request("127.0.0.1", harness_->sim().rest_port(), "GET", path);
    const json message = json::parse(r.body, nullptr, false);
    // A deferred response has no content until the worker edits it.
    if (r.status == 200 && message.is_object() &&
        (!message.value("content", std::string()).empty() || !message.value("embeds", json::array()).empty())) {
      return message;
    }
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "no answer in the original response of interaction " << i.id << logs();
  return json::object();
}

}  // namespace arrakis::testing
