#pragma once
// A gateway session: what survives a dropped connection and makes RESUME possible (its identity,
// shard, intents, sequence and replay buffer). Lives on the gateway's thread only.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/dispatch.hpp"
#include "arrakis/discord_sim/intents.hpp"
#include "arrakis/discord_sim/replay_buffer.hpp"

namespace arrakis::discord_sim {

class GatewayConnection;

// {"op":op,"d":d,"s":s,"t":"t"}; s and t are null for anything but a dispatch.
std::string gateway_frame(int op, const std::string& d, std::uint64_t s = 0, const std::string& t = {});

struct GatewaySession {
  GatewaySession(std::string session_id, int shard, int shards, std::uint32_t intent_bits, std::size_t replay)
      : id(std::move(session_id)), shard_id(shard), shard_count(shards), intents(intent_bits), buffer(replay) {}

  std::string id;
  int shard_id = 0;
  int shard_count = 1;
  std::uint32_t intents = 0;
  std::uint64_t seq = 0;
  ReplayBuffer buffer;
  std::shared_ptr<GatewayConnection> connection;  // none while disconnected
  Clock::time_point disconnected_at{};

  // Whether this session receives the event at all (shard routing, intents).
  bool accepts(const Dispatch& d) const {
    if (d.guild_id) {
      if (static_cast<int>((*d.guild_id >> 22) % static_cast<std::uint64_t>(shard_count)) != shard_id) return false;
    } else if (shard_id != 0) {
      return false;
    }
    const auto needed = intents::required_for(d.type, d.guild_id.has_value());
    if (needed == 0 || (intents & needed)) return true;
    return d.about_bot && d.type == "GUILD_MEMBER_UPDATE";
  }

  // Sequences the event into this session's stream and buffer; returns the frame.
  Frame push(const Dispatch& d) {
    const bool blank = !d.data_without_content.empty() && !(intents & intents::kMessageContent);
    auto frame = std::make_shared<const std::string>(gateway_frame(0, blank ? d.data_without_content : d.data, ++seq, d.type));
    buffer.push(seq, frame);
    return frame;
  }
};

}  // namespace arrakis::discord_sim
