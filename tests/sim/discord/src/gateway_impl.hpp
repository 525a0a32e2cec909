#pragma once
// GatewayServer's internals, shared by gateway_server.cpp (sockets, fan-out, faults) and
// gateway_protocol.cpp (what each opcode does). Only the gateway thread touches this state.
#include "arrakis/discord_sim/gateway_connection.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/gateway_session.hpp"

#include <map>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/identify_limiter.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/recorder.hpp"

namespace arrakis::discord_sim {

struct GatewayServer::Impl {
  Impl(const Options& o, const Clock& c, CommunityModel& m, IdentifyLimiter& l, InteractionRegistry& i, Recorder& r);

  // gateway_server.cpp
  void accept();
  void fan_out(const Dispatch& event);
  void sweep();
  template <typename F>
  void for_connections(const std::string& session_id, F&& f);
  void send_control(const GatewayConnection::Ptr& c, int op, const std::string& d);
  void send_to_session(GatewaySession& s, const Dispatch& event);

  // gateway_protocol.cpp
  void on_open(const GatewayConnection::Ptr& c);
  void on_message(const GatewayConnection::Ptr& c, std::string&& text);
  void on_closed(const GatewayConnection::Ptr& c, int code);
  void on_heartbeat_missed(const GatewayConnection::Ptr& c);
  void identify(const GatewayConnection::Ptr& c, const nlohmann::json& d);
  void resume(const GatewayConnection::Ptr& c, const nlohmann::json& d);
  bool token_ok(const nlohmann::json& token) const;
  void invalidate(const std::string& session_id);
  Clock::duration heartbeat_deadline() const;

  const Options& options;
  const Clock& clock;
  CommunityModel& model;
  IdentifyLimiter& limiter;
  InteractionRegistry& interactions;
  Recorder& recorder;

  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io};
  boost::asio::steady_timer sweep_timer{io};
  std::thread thread;
  GatewayConnection::Handlers handlers;
  std::atomic<std::size_t> queued{0};
  std::set<GatewayConnection::Ptr> connections;
  std::unordered_map<std::string, std::shared_ptr<GatewaySession>> sessions;
  std::mt19937_64 session_ids;
  std::uint64_t next_serial = 1;
};

}  // namespace arrakis::discord_sim
