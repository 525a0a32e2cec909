// Guild administration for plugins (ABI 1.1, docs/plugin-abi.md): the call's guild, its roles and
// channels, role and channel creation, role changes and edits of the bot's messages, all through
// DiscordRest with the bot token and Discord's rate limits. Discord's refusals become statuses the
// way from_rest maps every REST answer; Discord's explanation stays in last_error.
#include "services/worker_services.hpp"

namespace arrakis::worker {

using nlohmann::json;

namespace {

json parse_object(std::string_view text, const char* what) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument(std::string(what) + " must be a JSON object");
  return j;
}

}  // namespace

discord::Files WorkerServices::take_files(Call& c) {
  discord::Files files;
  files.reserve(c.staged_files.size());
  for (auto& f : c.staged_files) files.push_back({std::move(f.filename), std::move(f.content_type), std::move(f.bytes)});
  c.staged_files.clear();
  return files;
}

const std::string* WorkerServices::call_guild(Call& c) {
  if (!c.invocation || c.invocation->guild_id.empty()) {
    failed(c, ARRAKIS_BAD_INPUT, "this call has no guild (a global job, or an HTTP route without a community)");
    return nullptr;
  }
  return &c.invocation->guild_id;
}

template <typename Send>
arrakis_status WorkerServices::on_call_guild(Call& c, std::string& out, const char* what, Send&& send) {
  const auto* guild = call_guild(c);
  if (!guild) return ARRAKIS_BAD_INPUT;
  const discord::RestResponse r = send(*guild);
  out = r.body;
  return from_rest(c, r, what);
}

arrakis_status WorkerServices::guild_get(Call& c, std::string& out) {
  return on_call_guild(c, out, "get guild", [&](const std::string& g) { return d_.rest->get_guild(g); });
}

arrakis_status WorkerServices::guild_list_roles(Call& c, std::string& out) {
  return on_call_guild(c, out, "list roles", [&](const std::string& g) { return d_.rest->list_roles(g); });
}

arrakis_status WorkerServices::guild_list_channels(Call& c, std::string& out) {
  return on_call_guild(c, out, "list channels", [&](const std::string& g) { return d_.rest->list_channels(g); });
}

arrakis_status WorkerServices::guild_create_role(Call& c, std::string_view role_json, std::string_view reason,
                                                 std::string& out) {
  const json role = parse_object(role_json, "role");
  return on_call_guild(c, out, "create role",
                       [&](const std::string& g) { return d_.rest->create_role(g, role, std::string(reason)); });
}

arrakis_status WorkerServices::guild_modify_role(Call& c, std::string_view role_id, std::string_view patch_json,
                                                 std::string_view reason, std::string& out) {
  const json patch = parse_object(patch_json, "role patch");
  return on_call_guild(c, out, "modify role", [&](const std::string& g) {
    return d_.rest->modify_role(g, std::string(role_id), patch, std::string(reason));
  });
}

arrakis_status WorkerServices::guild_create_channel(Call& c, std::string_view channel_json, std::string_view reason,
                                                    std::string& out) {
  const json channel = parse_object(channel_json, "channel");
  return on_call_guild(c, out, "create channel",
                       [&](const std::string& g) { return d_.rest->create_channel(g, channel, std::string(reason)); });
}

arrakis_status WorkerServices::guild_edit_message(Call& c, std::string_view channel, std::string_view message_id,
                                                  std::string_view message_json) {
  auto r = d_.rest->edit_message(std::string(channel), std::string(message_id), parse_object(message_json, "message"),
                                 take_files(c));
  return from_rest(c, r, "edit message");
}

}  // namespace arrakis::worker
