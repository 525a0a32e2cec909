#pragma once
// What a REST request is to Discord's rate limiter (spec 5): the route it learns a bucket for, the
// major parameter that splits the bucket, and whether the bot token (and so the global limit) applies.
#include <string>

namespace arrakis::discord {

struct Route {
  // Method and path template, the key under which X-RateLimit-Bucket is learned, e.g.
  // "PUT /guilds/{guild_id}/members/{id}/roles/{id}". Minor ids are folded to {id}.
  std::string name;
  // The top-level resource the limit is split by: "guilds/<id>", "channels/<id>",
  // "webhooks/<id>/<token>" or "interactions/<id>/<token>"; empty when there is none. It may hold
  // an interaction token, so it is never logged.
  std::string major;
  // Webhook-with-token and interaction routes authenticate with the token in the URL: no bot token,
  // and they are exempt from the global limit.
  bool bot = true;
};

// `path` is below the API base, with or without a query ("/channels/1/messages?x=1").
Route route_of(const std::string& method, const std::string& path);

}  // namespace arrakis::discord
