#pragma once
// The control API under /control (loopback, no auth; a test tool):
//   GET  /control/model     the community model (guilds, roles, channels, members, wallets)
//   GET  /control/record    ?after=<id>&limit=<n>  recorded REST calls and gateway frames
//   GET  /control/stats     latency histograms, errors by code, gateway sessions, traffic
//   POST /control/traffic   {rate, count|duration, seed}   DELETE /control/traffic stops it
//   POST /control/scenario  JSON lines (see scenario.hpp)
//   POST /control/faults    {drop_socket, send_reconnect, send_invalid_session, send_heartbeat_request,
//                            session_id, latency_ms, rate_limit_storm:{route,duration},
//                            server_error:{route,status,count}, clear}
//   POST /control/clock     {advance_ms}: jump the simulated clock (deadlines, windows)
//   POST /control/reset     clears the record and the statistics
#include "arrakis/http_server.hpp"

namespace arrakis::discord_sim {

class Simulator;

class ControlApi {
 public:
  explicit ControlApi(Simulator& sim) : sim_(sim) {}
  http::Response handle(const http::Request& request);

 private:
  Simulator& sim_;
};

}  // namespace arrakis::discord_sim
