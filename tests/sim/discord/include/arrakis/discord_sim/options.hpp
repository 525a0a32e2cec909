#pragma once
// Everything that shapes one simulator instance. The CLI of `discord-sim` maps onto these fields
// one to one; tests fill them directly.
#include <cstdint>
#include <string>

namespace arrakis::discord_sim {

struct Options {
  std::string bind = "127.0.0.1";
  std::uint16_t gateway_port = 0;  // 0 = any free port
  std::uint16_t rest_port = 0;     // REST (/api/v10) and the control API (/control) share it
  int guilds = 3;
  int members_per_guild = 50;
  std::uint64_t seed = 1;
  int heartbeat_ms = 41250;
  // Discord's clocks (3 s interaction deadline, 15 min token life, 5 s identify bucket, rate-limit
  // windows, resumable-session life) run this many times faster, so tests never sleep seconds.
  double time_factor = 1.0;
  std::string bot_token = "sim-bot-token";
  std::string application_id;  // empty = derived from the seed
  int max_concurrency = 1;
  int recommended_shards = 1;
  // Privileged intents "enabled in the developer portal": GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT.
  std::uint32_t enabled_privileged_intents = (1u << 1) | (1u << 8) | (1u << 15);
  std::size_t replay_capacity = 4096;    // dispatches kept per session for RESUME
  std::size_t record_capacity = 20000;   // recorder ring buffer
  int gateway_send_limit = 120;          // client payloads per connection per 60 s
  int global_rest_limit = 50;            // bot requests per second
  int rest_threads = 4;
  int session_resume_ms = 180000;        // how long a dropped session stays resumable
};

}  // namespace arrakis::discord_sim
