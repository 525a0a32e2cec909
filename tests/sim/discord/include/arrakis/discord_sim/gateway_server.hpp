#pragma once
// The gateway (spec 1, checklist 2-5, 9): accepts WebSocket connections, runs the protocol
// (HELLO, heartbeats, IDENTIFY/READY, RESUME/RESUMED, close codes, limits), keeps the sessions and
// fans dispatches out to them with shard routing and intent filtering. Everything runs on one
// thread; the public methods are thread-safe and post to it.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/dispatch.hpp"
#include "arrakis/discord_sim/options.hpp"

namespace arrakis::discord_sim {

class CommunityModel;
class IdentifyLimiter;
class InteractionRegistry;
class Recorder;

class GatewayServer {
 public:
  GatewayServer(const Options& options, const Clock& clock, CommunityModel& model, IdentifyLimiter& limiter,
                InteractionRegistry& interactions, Recorder& recorder);
  ~GatewayServer();
  GatewayServer(const GatewayServer&) = delete;
  GatewayServer& operator=(const GatewayServer&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // ws://host:port
  void stop();

  void dispatch(Dispatch event);
  void dispatch(std::vector<Dispatch> events);
  // Frames waiting in connection write queues; the traffic generator slows down when it grows.
  std::size_t queued_frames() const;

  // Faults, applied to every connection (or the one of `session_id`).
  void drop_sockets(const std::string& session_id = {});
  void send_reconnect(const std::string& session_id = {});
  void send_invalid_session(bool resumable, const std::string& session_id = {});
  void request_heartbeat(const std::string& session_id = {});
  // Sends `text` as one frame, as a buggy or hostile gateway would (tests of a client's defences).
  void send_raw(const std::string& text, const std::string& session_id = {});

  nlohmann::json status() const;  // connections and sessions (for GET /control/stats)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::discord_sim
