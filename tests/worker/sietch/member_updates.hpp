#pragma once
// Watching role changes come back from Discord in the full-path tests: the simulated guild's roles by
// key, and a tap on the member.update events the ingestor publishes.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/topology.hpp"
#include "full_path_stack.hpp"
#include "sietch_full_path.hpp"

namespace sietch_e2e {

using arrakis::testing::FullPathStack;
using nlohmann::json;
namespace amqp = arrakis::amqp;
namespace topology = arrakis::topology;
using arrakis::testing::rabbitmq_url;
using arrakis::testing::unique_name;

// The id of the simulated guild's role with this key ("taqwa", "trusted", ...).
inline std::string sim_role(FullPathStack& stack, const std::string& key) {
  const json model = stack.harness().sim().model().to_json();
  for (const auto& r : model["guilds"][0]["roles"]) {
    if (r["key"] == key) return r["id"];
  }
  ADD_FAILURE() << "the simulated guild has no role " << key;
  return "0";
}

// A queue of our own bound to member.update on the events exchange: a copy of every member update
// the ingestor publishes, next to the worker's.
class MemberUpdateTap {
 public:
  MemberUpdateTap() : amqp_(amqp::Connection::open(rabbitmq_url())), queue_(unique_name("sietch-e2e.member-update-tap")) {
    amqp_.declare_queue(queue_, {}, false);
    amqp_.bind_queue(queue_, std::string(topology::kEventsExchange), "member.update");
  }
  ~MemberUpdateTap() {
    try {
      amqp_.delete_queue(queue_);
    } catch (...) {
    }
  }
  // Waits for a member.update of `user` whose current roles do (or do not) hold `role`.
  json wait_for(const std::string& user, const std::string& role, bool holds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = amqp_.get(queue_, true);
      if (!m) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      const auto event = json::parse(m->body, nullptr, false);
      if (!event.is_object() || event["data"].value("userId", "") != user) continue;
      const auto roles = event["data"].value("currentRoles", json::array());
      if ((std::find(roles.begin(), roles.end(), json(role)) != roles.end()) == holds) return event;
    }
    return nullptr;
  }

 private:
  amqp::Connection amqp_;
  std::string queue_;
};

// The recorded role calls `method` for user and role (waiting up to 10 s for the first).
inline json role_calls(FullPathStack& stack, const std::string& method, const std::string& user, const std::string& role,
                bool wait = true) {
  const std::string path = "/members/" + user + "/roles/" + role;
  json found = json::array();
  for (int tries = 0; tries < (wait ? 200 : 1); ++tries) {
    for (const auto& call : stack.harness().rest_calls("/roles/")) {
      const std::string p = call.value("path", "");
      if (call.value("method", "") == method && p.size() >= path.size() &&
          p.compare(p.size() - path.size(), path.size(), path) == 0) {
        found.push_back(call);
      }
    }
    if (!found.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return found;
}

// The role keys ("naib", "fedaykin", ...) the simulated guild's member `user` holds now.
inline std::vector<std::string> sim_role_keys(FullPathStack& stack, const std::string& user) {
  const json model = stack.harness().sim().model().to_json();
  for (const auto& m : model["guilds"][0]["members"]) {
    if (m["id"] == user) return m["roles"].get<std::vector<std::string>>();
  }
  return {};
}

inline bool has_role_key(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Configures the gate roles (naib, fedaykin, formerNaib) of the community as the simulated guild's
// roles for the test's lifetime, and unsets them again when it ends, so no later test syncs them.
class GateRolesConfigured {
 public:
  explicit GateRolesConfigured(FullPathStack& stack) : community_(stack.community_id()) {
    ::admin_exec(
        "UPDATE community_config SET naib_role_id = $2, fedaykin_role_id = $3, former_naib_role_id = $4 "
        "WHERE community_id = $1::uuid",
        {community_, sim_role(stack, "naib"), sim_role(stack, "fedaykin"), sim_role(stack, "formerNaib")});
  }
  ~GateRolesConfigured() {
    ::admin_exec(
        "UPDATE community_config SET naib_role_id = NULL, fedaykin_role_id = NULL, former_naib_role_id = NULL "
        "WHERE community_id = $1::uuid",
        {community_});
  }
  GateRolesConfigured(const GateRolesConfigured&) = delete;
  GateRolesConfigured& operator=(const GateRolesConfigured&) = delete;

 private:
  std::string community_;
};

}  // namespace sietch_e2e
