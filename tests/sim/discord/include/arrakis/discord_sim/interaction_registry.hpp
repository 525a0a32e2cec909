#pragma once
// Every interaction the simulator dispatched: its token, its 3 s first-response deadline and 15 min
// life (spec 3.1, checklist 6), the original response and follow-up messages, and the buttons,
// selects and modals the bot answered with, so the traffic generator can click them later.
// Thread-safe.
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/clock.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

struct InteractionSeed {
  int type = 2;  // 2 command, 3 component, 4 autocomplete, 5 modal submit
  std::uint64_t guild_id = 0;
  std::uint64_t channel_id = 0;
  std::uint64_t user_id = 0;
  std::string name;               // command name or custom_id
  nlohmann::json source_message;  // components and modals opened from components
};

struct IssuedInteraction {
  std::uint64_t id = 0;
  std::string token;
};

// An answer for the REST router: status and JSON body (null = no body, i.e. 204).
struct RestAnswer {
  int status = 200;
  nlohmann::json body;
  // A message the bot just posted in a channel (not ephemeral): dispatched as MESSAGE_CREATE.
  std::optional<nlohmann::json> created_message;
};

// Something the bot offered that a user can act on next.
struct ComponentTarget {
  std::uint64_t guild_id = 0, channel_id = 0, user_id = 0;
  std::string custom_id;
  int component_type = 2;
  std::vector<std::string> option_values;  // string selects
  nlohmann::json message;
};
struct ModalTarget {
  std::uint64_t guild_id = 0, channel_id = 0, user_id = 0;
  std::string custom_id;
  struct Field {
    std::string custom_id;
    int max_length = 4000;
    bool label_form = true;  // current (type 18) or legacy (action row) layout
  };
  std::vector<Field> fields;
  nlohmann::json source_message;
};

// Which offer a scripted click or submit acts on (POST /control/scenario); empty fields match any.
// With a filter the most recent matching offer is taken, so a test knows what it clicks.
struct OfferFilter {
  std::string custom_id;         // exact
  std::uint64_t user_id = 0;     // who was offered it
  std::optional<bool> dm;        // true: only offers in a DM; false: only in guilds
  bool any() const { return custom_id.empty() && user_id == 0 && !dm; }
};

class InteractionRegistry {
 public:
  InteractionRegistry(const Clock& clock, Recorder& recorder, SnowflakeGenerator& ids, std::uint64_t application_id,
                      const nlohmann::json& bot_user, std::uint64_t seed);

  IssuedInteraction create(const InteractionSeed& seed);
  void mark_dispatched(std::uint64_t id);  // first time its INTERACTION_CREATE reached a socket

  RestAnswer callback(std::uint64_t id, const std::string& token, const nlohmann::json& body, bool with_response);
  RestAnswer followup(const std::string& token, const nlohmann::json& body);
  RestAnswer get_message(const std::string& token, const std::string& message_id);
  RestAnswer edit_message(const std::string& token, const std::string& message_id, const nlohmann::json& body);
  RestAnswer delete_message(const std::string& token, const std::string& message_id);

  // A message the bot sent by DM through REST: its recipient can click its components.
  void offer_direct_message(std::uint64_t user_id, std::uint64_t channel_id, const nlohmann::json& message);

  std::optional<ComponentTarget> take_component(std::mt19937_64& rng, const OfferFilter& filter = {});
  std::optional<ModalTarget> take_modal(std::mt19937_64& rng, const OfferFilter& filter = {});

  std::size_t size() const;

 private:
  struct Interaction {
    std::uint64_t id = 0;
    std::string token;
    InteractionSeed seed;
    Clock::time_point created{};
    std::optional<Clock::time_point> dispatched;
    bool acknowledged = false;
    int response_type = 0;
    bool followup_measured = false;
    std::optional<nlohmann::json> original;
    std::map<std::string, nlohmann::json> followups;  // by message id
  };

  Interaction* live_by_token(const std::string& token);  // nullptr when unknown or older than 15 min
  nlohmann::json make_message(const Interaction& i, const nlohmann::json& data, bool followup);
  void offer_components(const InteractionSeed& where, const nlohmann::json& message);
  void measure_followup(Interaction& i);
  void purge();

  const Clock& clock_;
  Recorder& recorder_;
  SnowflakeGenerator& ids_;
  std::uint64_t application_id_;
  nlohmann::json bot_user_;
  std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Interaction> by_id_;
  std::unordered_map<std::string, std::uint64_t> by_token_;
  std::deque<std::uint64_t> order_;
  std::deque<ComponentTarget> components_;
  std::deque<ModalTarget> modals_;
};

}  // namespace arrakis::discord_sim
