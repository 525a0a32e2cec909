#pragma once
// Scripted traffic for tests (POST /control/scenario): one JSON object per line, played in order.
//   {"kind":"command","name":"stats","guild":0,"user":"<id>","options":[...]}  options optional;
//       a name outside the catalog (a test plugin's command) is sent with exactly these options
//   {"kind":"autocomplete","guild":0}            {"kind":"component"}   {"kind":"modal_submit"}
//   component / modal_submit act on something the bot offered: a random offer, or with any of
//       "custom_id":"<id>","user":"<id>","dm":true|false the most recent matching one. The bot's
//       DMs (POST /channels/{dm}/messages) are offered to their recipient, and a click on one (or
//       a submit of a modal opened from one) is a DM interaction: user, no guild, channel type 1.
//       modal_submit takes "fields":{"<input custom_id>":"text"} (else generated text).
//   {"kind":"member_add"|"member_remove"|"member_update","guild":0}
//   {"kind":"message","guild":0,"from_bot":false}   {"kind":"dm","guild":0}   {"kind":"reaction","guild":0}
//   message and reaction may pick who, where and what (event_factory.hpp, MessagePick/ReactionPick):
//       {"kind":"message","user":"<id>","channel":"<id>","id":"<message id>","content":"text"}
//       {"kind":"reaction","user":"<id>","message_id":"<id>"}  on a scripted message: its channel
//       and message_author_id; else "channel":"<id>" optional, and no author
//   {"kind":"dispatch","t":"EVENT","d":{...},"guild_id":"<id>"}   raw, routed by guild_id
//   {"kind":"random","count":N}   {"kind":"seed","seed":N}   {"kind":"sleep","ms":N}
// "guild" is an index into the model's guilds or a guild id string.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

class EventFactory;
class GatewayServer;
class CommunityModel;

// Returns {lines, dispatched, interactions:[{line,id,token,type}], errors:[{line,error}]}.
nlohmann::json play_scenario(const std::string& jsonl, std::uint64_t seed, EventFactory& events,
                             GatewayServer& gateway, CommunityModel& model);

}  // namespace arrakis::discord_sim
