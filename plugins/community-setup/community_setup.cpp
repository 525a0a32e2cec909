// /onboard and /resume (administrators only; every answer private): the community-setup wizard of
// a server, not member onboarding (that is the DM wizard of the onboarding plugin). One plugin owns
// both commands and the `wizard:` custom-id prefix: the wizard's sessions live in the host's state
// service, which namespaces keys per plugin, so /resume can only read what /onboard wrote if the
// two are one plugin.
//
// /onboard starts a session at INIT (or, when the admin already has one under way, offers Resume
// and Start Over). The steps CHAIN_SELECT, ASSET_CONFIG, ELIGIBILITY_RULES, ROLE_MAPPING,
// CHANNEL_STRUCTURE and REVIEW edit the one private message in place; Back works up to REVIEW,
// Cancel ends the session. DEPLOY creates the chosen roles and channels through the host's guild
// operations, reusing what the server already has (by configured id, then by name), and stores
// their ids in community_config; then COMPLETE, or FAILED with Discord's reason and a retry.
// /resume [session_id] shows a session's current step again. Sessions last 15 minutes after the
// last step; a click on an expired session, on another admin's session or from another server is
// refused privately. The Administrator bit is re-checked on every command and click.
// Messages, state keys and decisions: docs/commands/onboard.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/admin.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "catalogue.hpp"
#include "deploy.hpp"
#include "render.hpp"
#include "wizard.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace community_setup;
using nlohmann::json;

namespace {

// --- the session store: the host's state service (Redis), keys namespaced per plugin and community
std::string session_key(const std::string& id) { return "wizard:session:" + id; }
std::string user_key(const std::string& user_id) { return "wizard:user:" + user_id; }

std::optional<Session> load(sdk::Host& host, const std::string& id) {
  const auto raw = host.state_get(session_key(id));
  if (!raw) return std::nullopt;
  return session_from_json(json::parse(*raw, nullptr, false));
}

// Every save starts the 15 minutes again, for the session and the admin's pointer to it.
void save(sdk::Host& host, const Session& s) {
  host.state_set(session_key(s.id), to_json(s).dump(), kSessionTtlMs);
  host.state_set(user_key(s.user_id), s.id, kSessionTtlMs);
}

void forget(sdk::Host& host, const Session& s) {
  host.state_delete(session_key(s.id));
  const auto current = host.state_get(user_key(s.user_id));
  if (current && *current == s.id) host.state_delete(user_key(s.user_id));
}

// The admin's latest session in this community, if it is still alive.
std::optional<Session> latest_of(sdk::Host& host, const std::string& user_id) {
  const auto id = host.state_get(user_key(user_id));
  if (!id) return std::nullopt;
  return load(host, *id);
}

std::string new_session_id() {
  std::random_device rd;
  const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

// --- answers
void refuse(sdk::Host& host, const std::string& why) { host.reply(sdk::Message().content(why).ephemeral()); }

sdk::Message render(sdk::Host& host, const Session& s, View view) {
  std::optional<Preview> plan;
  if (s.state == State::role_mapping || s.state == State::channel_structure || s.state == State::review) {
    plan = preview(host, s);
    view.preview = &*plan;
  }
  return step_message(s, view);
}

void onboard(sdk::Host& host, const sdk::Event& event) {
  if (const auto current = latest_of(host, event.user_id())) {
    if (!is_terminal(current->state) && current->guild_id == event.guild_id()) {
      return host.reply(already_running_message(*current));
    }
    forget(host, *current);  // a finished or failed setup: /onboard starts a new one
  }
  const Session s = new_session(new_session_id(), event.user_id(), event.guild_id(), host.now_ms());
  save(host, s);
  host.reply(render(host, s, {}));
}

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t`");
  if (first == std::string::npos) return {};
  s = s.substr(first, s.find_last_not_of(" \t`") - first + 1);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void resume(sdk::Host& host, const sdk::Event& event) {
  const std::string wanted = trimmed(event.option_string("session_id").value_or(""));
  std::optional<Session> s;
  if (wanted.empty()) {
    s = latest_of(host, event.user_id());
    if (!s) return refuse(host, kNoActiveSession);
  } else {
    if (!is_session_id(wanted)) {
      return refuse(host, "❌ `" + wanted.substr(0, 40) +
                              "` is not a wizard session id (16 letters and digits, shown in the wizard's footer). "
                              "Use /resume without an id for your own setup, or /onboard to start one.");
    }
    s = load(host, wanted);
    if (!s) {
      return refuse(host, "❌ Session `" + wanted + "` was not found or has expired (a session lasts 15 minutes "
                          "after its last step). Use /onboard to start a new one.");
    }
    if (s->guild_id != event.guild_id()) return refuse(host, kOtherServer);
    if (s->user_id != event.user_id()) return refuse(host, kNotYours);
  }
  save(host, *s);
  View view;
  view.resumed = true;
  host.reply(render(host, *s, view));
}

// The values of a select, each one of `allowed`, in the catalogue's order; nullopt when any is not.
std::optional<std::vector<std::string>> chosen(const sdk::Event& event, const std::vector<std::string>& allowed) {
  const auto values = event.values();
  for (const auto& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& a : allowed) {
    if (std::find(values.begin(), values.end(), a) != values.end()) out.push_back(a);
  }
  return out;
}

void run_deploy(sdk::Host& host, Session& s) {
  // Saved first: a deployment cut short shows as DEPLOY on /resume, with "Deploy Again".
  s.state = State::deploy;
  s.failure.clear();
  save(host, s);
  try {
    s.result = deploy(host, s);
    s.state = State::complete;
    host.count("setup_deploys_total");
  } catch (const DeployFailure& e) {
    s.state = State::failed;
    s.failure = e.what();
    host.warn(std::string("setup: deployment failed: ") + e.what());
    host.count("setup_deploy_failures_total");
  }
  save(host, s);
  host.update_message(render(host, s, {}));
}

void use_control(sdk::Host& host, const sdk::Event& event) {
  const auto id = parse_control_id(event.custom_id());
  if (!id) return refuse(host, kUnknownControl);
  auto s = load(host, id->session_id);
  if (!s) return refuse(host, kExpired);
  if (s->guild_id != event.guild_id()) return refuse(host, kOtherServer);
  if (s->user_id != event.user_id()) return refuse(host, kNotYours);

  const std::string& action = id->action;
  const std::string at(state_name(s->state));
  View view;
  // A control of another step than the current one (an older message): show where the setup is.
  const auto stale = [&] {
    view.note = kStale;
    save(host, *s);
    host.update_message(render(host, *s, view));
  };
  if (action == "cancel") {
    forget(host, *s);
    return host.update_message(cancelled_message());
  }
  if (action == "restart") {
    forget(host, *s);
    const Session fresh = new_session(new_session_id(), event.user_id(), event.guild_id(), host.now_ms());
    save(host, fresh);
    return host.update_message(render(host, fresh, {}));
  }
  if (action == "resume-existing") {
    save(host, *s);
    return host.update_message(render(host, *s, {}));
  }
  if (action == "back") {
    const auto to = back_state(s->state);
    if (id->extra != at || !to) return stale();
    s->state = *to;
    s->failure.clear();
  } else if (action == "next") {
    const auto to = next_state(s->state);
    if (id->extra != at || !to) return stale();
    s->state = *to;
  } else if (action == "start") {
    if (s->state != State::init) return stale();
    s->state = State::chain_select;
  } else if (action == "tiers") {
    if (s->state != State::eligibility_rules) return stale();
    const auto v = chosen(event, {"ranks", "tiers"});
    if (!v || v->size() != 1) return refuse(host, kUnknownControl);
    s->tier_roles = v->front() == "tiers";
  } else if (action == "roles" || action == "channels") {
    const bool roles = action == "roles";
    if (s->state != (roles ? State::role_mapping : State::channel_structure)) return stale();
    const auto v = chosen(event, roles ? optional_role_keys() : optional_channel_keys());
    if (!v) return refuse(host, kUnknownControl);
    (roles ? s->roles : s->channels) = *v;
  } else if (action == "deploy") {
    if (s->state != State::review && s->state != State::deploy && s->state != State::failed) return stale();
    return run_deploy(host, *s);
  } else {
    return refuse(host, kUnknownControl);
  }
  save(host, *s);
  host.update_message(render(host, *s, view));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return use_control(host, event);
  if (event.kind() != ARRAKIS_EVENT_COMMAND) return refuse(host, kUnknownControl);
  if (event.command_name() == "resume") return resume(host, event);
  onboard(host, event);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("onboard", ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN,
                            ARRAKIS_COMMAND_DEFINITION_ONBOARD)
                   .command("resume", ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN,
                            ARRAKIS_COMMAND_DEFINITION_RESUME)
                   // Buttons and selects: a silent update, then the wizard's message is edited in place
                   // (or a refusal is answered privately).
                   .component(std::string(kPrefix), ARRAKIS_COMPONENT_ADMIN),
               handle)
