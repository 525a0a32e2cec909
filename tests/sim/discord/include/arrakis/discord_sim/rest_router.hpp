#pragma once
// Discord's REST API under /api/v10 (spec 0, 1.1, 3, 4, 5; checklist 1, 6-8): routing, bot-token
// checks, body validation, rate-limit buckets and headers, injected faults, and the record of
// every call.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/http_server.hpp"

namespace arrakis::discord_sim {

struct Options;
class Clock;
class CommandRegistry;
class CommunityModel;
class InteractionRegistry;
class EventFactory;
class GatewayServer;
class IdentifyLimiter;
class RateLimiter;
class Faults;
class Recorder;
class SnowflakeGenerator;

class RestRouter {
 public:
  struct Parts {
    const Options& options;
    const Clock& clock;
    CommunityModel& model;
    InteractionRegistry& interactions;
    EventFactory& events;
    GatewayServer& gateway;
    IdentifyLimiter& identify;
    RateLimiter& limiter;
    Faults& faults;
    Recorder& recorder;
    SnowflakeGenerator& ids;
    CommandRegistry& commands;
  };
  explicit RestRouter(Parts parts) : p_(parts) {}
  struct Route;  // a matched route: bucket name, major id, auth rules

  // Any request whose path starts with /api/.
  http::Response handle(const http::Request& request);

 private:
  http::Response route(const http::Request& request, const Route& r, const nlohmann::json& body);
  http::Response create_message(std::uint64_t channel_id, const nlohmann::json& body);
  // PATCH /channels/{c}/messages/{m}: the bot's own message only (rest_guild_routes.cpp).
  http::Response edit_message(const std::string& channel, const std::string& message, const nlohmann::json& body);
  // GET /guilds/{g}, roles, channels; role and channel creation and changes (rest_guild_routes.cpp).
  http::Response guild_admin(const http::Request& request, const std::vector<std::string>& parts,
                             const nlohmann::json& body);
  http::Response commands(const http::Request& request, std::uint64_t guild_id, const nlohmann::json& body);

  Parts p_;
};

}  // namespace arrakis::discord_sim
