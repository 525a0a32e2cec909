#include "control/admin_api.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include "control/admin_token.hpp"
#include "control/community_config_api.hpp"
#include "arrakis/plugin_host/plugin_name.hpp"
#include "arrakis/plugin_host/plugin_signature.hpp"
#include "control/command_sync.hpp"
#include "control/dead_letters.hpp"
#include "control/api_error.hpp"
#include "control/fleet_control.hpp"
#include "control/latency_tracker.hpp"
#include "control/or_nullopt.hpp"
#include "control/plugin_errors.hpp"
#include "control/plugin_pins.hpp"

namespace arrakis::worker {

namespace fs = std::filesystem;
using nlohmann::json;
using plugin_host::PluginError;

namespace {

http::Response reply(int status, const json& body) { return json_reply(status, body); }

int status_for(const PluginError& e) {
  const std::string what = e.what();
  for (const char* conflict : {"already handles", "overlaps", "already serves", "with different bytes"}) {
    if (what.find(conflict) != std::string::npos) return 409;
  }
  if (what.find("has no version") != std::string::npos) return 404;
  return 422;  // not a plugin, wrong ABI, bad signature, init or self-test failed
}

json outcome_json(const plugin_host::LoadOutcome& o) {
  return {{"name", o.name},
          {"version", o.version},
          {"previousVersion", o.previous_version},
          {"changed", o.changed},
          {"storedPath", o.stored_path.string()}};
}

std::int64_t to_unix_ms(fs::file_time_type t) {
  const auto sys = std::chrono::system_clock::now() +
                   std::chrono::duration_cast<std::chrono::system_clock::duration>(t - fs::file_time_type::clock::now());
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

std::string iso8601(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json shadow_json(const plugin_host::ShadowStats& s) {
  return {{"candidate", s.candidate_version}, {"compared", s.compared},
          {"matched", s.matched},             {"mismatched", s.mismatched},
          {"candidateErrors", s.candidate_errors}, {"candidateSlower", s.candidate_slower},
          {"dropped", s.dropped},
          {"matchPercent", s.compared ? 100.0 * static_cast<double>(s.matched) / static_cast<double>(s.compared) : 0.0}};
}

json canary_json(const plugin_host::CanaryState& c) {
  return {{"candidate", c.candidate_version}, {"percent", c.percent},
          {"candidateCalls", c.candidate_calls}, {"candidateErrors", c.candidate_errors},
          {"activeCalls", c.active_calls},    {"activeErrors", c.active_errors},
          {"rolledBack", c.rolled_back},      {"reason", c.reason}};
}

json parse_body(const http::Request& r) {
  if (r.body.empty()) return json::object();
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw ApiError(400, "the request body must be a JSON object");
  return body;
}

std::string string_field(const json& body, const char* key, bool required) {
  if (!body.contains(key) || body[key].is_null()) {
    if (required) throw ApiError(400, std::string("missing \"") + key + "\" in the request body");
    return {};
  }
  if (!body[key].is_string() || body[key].get<std::string>().empty()) {
    throw ApiError(400, std::string("\"") + key + "\" must be a non-empty string");
  }
  return body[key].get<std::string>();
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    if (end > start) parts.push_back(percent_decode(path.substr(start, end - start)));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else if (text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string query_param(const std::string& query, const std::string& key) {
  std::size_t start = 0;
  while (start < query.size()) {
    auto amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(start, amp - start);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == key) return eq == std::string::npos ? "1" : percent_decode(pair.substr(eq + 1));
    start = amp + 1;
  }
  return {};
}

bool looks_like_file(const std::string& candidate) {
  return candidate.find('/') != std::string::npos ||
         (candidate.size() > 3 && candidate.compare(candidate.size() - 3, 3, ".so") == 0);
}

AdminApi::AdminApi(AdminDeps deps, std::string token, std::string disabled_reason)
    : deps_(std::move(deps)), token_(std::move(token)), disabled_reason_(std::move(disabled_reason)) {}

http::Response AdminApi::serve(const http::Request& r) {
  if (!disabled_reason_.empty()) return reply(503, {{"error", "admin API disabled: " + disabled_reason_}});
  auto auth = r.headers.find("authorization");
  if (auth == r.headers.end() || !bearer_matches(auth->second, token_)) {
    return reply(401, {{"error", "missing or wrong bearer token: pass the token in ARRAKIS_ADMIN_TOKEN_FILE "
                                 "(arrakisctl --token-file)"}});
  }
  try {
    return route(r);
  } catch (const ApiError& e) {
    return reply(e.status, {{"error", e.what()}});
  } catch (const PluginError& e) {
    return reply(status_for(e), {{"error", e.what()}});
  } catch (const std::logic_error& e) {
    return reply(501, {{"error", std::string("not available in this build: ") + e.what()}});
  } catch (const std::exception& e) {
    spdlog::error("admin {} {} failed: {}", r.method, r.path, e.what());
    return reply(500, {{"error", e.what()}});
  }
}

http::Response AdminApi::route(const http::Request& r) {
  const auto parts = split_path(r.path);  // "admin", ...
  const bool get = r.method == "GET", post = r.method == "POST";
  auto wrong_method = [&] { return reply(405, {{"error", r.method + " is not allowed on " + r.path}}); };
  if (parts.size() < 2 || parts[0] != "admin") return reply(404, {{"error", "no admin endpoint " + r.path}});
  const std::string& area = parts[1];

  if (area == "health" && parts.size() == 2) {
    if (!get) return wrong_method();
    if (!deps_.health) return reply(503, {{"error", "health is not wired"}});
    return deps_.health();
  }
  if (area == "fleet" && parts.size() == 2) return get ? fleet_view() : wrong_method();

  if (area == "plugins") {
    if (parts.size() == 2) return get ? list_plugins() : wrong_method();
    if (parts.size() == 3 && parts[2] == "load") return post ? load(parse_body(r)) : wrong_method();
    // Checked after percent-decoding: "..%2F..%2Fetc" is refused here, before it can name a file.
    if (!plugin_host::valid_plugin_name(parts[2])) throw ApiError(400, plugin_host::invalid_plugin_name_message(parts[2]));
    if (parts.size() == 3) return get ? get_plugin(parts[2]) : wrong_method();
    if (parts.size() == 4) {
      const auto& action = parts[3];
      if (action == "diff") return get ? plugin_action(parts[2], action, r) : wrong_method();
      if (!post) return wrong_method();
      if (query_param(r.query, "fleet") == "1") return fleet_action(parts[2], action, parse_body(r));
      return plugin_action(parts[2], action, r);
    }
  }
  if (area == "communities" && parts.size() == 4 && parts[3] == "config") {
    if (!deps_.community_config) throw ApiError(503, "community configuration is not available on this worker (no database)");
    return deps_.community_config->serve(r.method, parts[2], r.body);
  }
  if (area == "commands" && parts.size() == 3 && parts[2] == "sync") {
    return post ? commands_sync(parse_body(r)) : wrong_method();
  }
  if (area == "dlq") {
    if (parts.size() == 2) return get ? dlq_list(r) : wrong_method();
    if (parts.size() == 3 && parts[2] == "replay") return post ? dlq_replay(parse_body(r)) : wrong_method();
    if (parts.size() == 3) return get ? dlq_show(parts[2]) : wrong_method();
  }
  return reply(404, {{"error", "no admin endpoint " + r.method + " " + r.path + " (see `arrakisctl --help`)"}});
}

json AdminApi::plugin_summary(const plugin_host::PluginStatus& s) const {
  const auto& name = s.info.name;
  json j = {{"name", name},
            {"version", s.info.version},
            {"state", "active"},
            {"calls", s.calls},
            {"errors", s.failures},
            {"inFlight", s.in_flight},
            {"p50Ms", deps_.latencies ? deps_.latencies->quantile_ms(name, 0.5) : 0.0},
            {"p99Ms", deps_.latencies ? deps_.latencies->quantile_ms(name, 0.99) : 0.0},
            {"shadow", nullptr},
            {"canary", nullptr},
            {"pinned", nullptr},
            {"path", s.path.string()}};
  if (auto sh = or_nullopt([&] { return deps_.plugins->shadow_stats(name); })) {
    j["shadow"] = shadow_json(*sh);
    j["state"] = "shadowing";
  }
  if (auto c = or_nullopt([&] { return deps_.plugins->canary_state(name); })) {
    j["canary"] = canary_json(*c);
    if (!c->rolled_back && c->percent > 0) j["state"] = "canary";
  }
  if (deps_.pins) {
    if (auto pin = deps_.pins->pinned(name)) j["pinned"] = *pin;
  }
  return j;
}

http::Response AdminApi::list_plugins() {
  json list = json::array();
  for (const auto& s : deps_.plugins->list()) list.push_back(plugin_summary(s));
  return reply(200, list);
}

http::Response AdminApi::get_plugin(const std::string& name) {
  const auto status = deps_.plugins->status(name);
  const auto versions = deps_.plugins->store().versions(name);
  if (!status && versions.empty()) {
    throw ApiError(404, "no plugin '" + name + "': `arrakisctl plugin list` shows the loaded ones, "
                        "`arrakisctl plugin load FILE` adds one");
  }
  json j = status ? plugin_summary(*status) : json{{"name", name}, {"version", nullptr}, {"state", "unloaded"}};
  j["active"] = status ? json(status->info.version) : json(nullptr);

  // The drop-in file's signature names the signer of the version it holds.
  const fs::path drop = deps_.plugin_dir / ("lib" + name + ".so");
  std::string drop_digest;
  std::error_code ec;
  if (fs::exists(drop, ec)) {
    try {
      drop_digest = plugin_host::sha256_file(drop);
    } catch (const std::exception&) {
    }
  }
  auto signer_of = [&](const plugin_host::StoredVersion& v) -> json {
    fs::path sig = v.path.string() + ".sig";
    if (!fs::exists(sig, ec)) {
      if (v.sha256 != drop_digest) return nullptr;
      sig = drop.string() + ".sig";
      if (!fs::exists(sig, ec)) return nullptr;
    }
    std::ifstream in(sig);
    std::string signature;
    std::getline(in, signature);
    if (deps_.trusted_keys.empty()) return "signed (not verified: no trusted keys configured)";
    const auto key = plugin_host::verify_plugin_file(v.path, signature, deps_.trusted_keys);
    return key ? json(key->substr(0, 16)) : json("untrusted signature");
  };
  const auto shadow = or_nullopt([&] { return deps_.plugins->shadow_stats(name); });
  const auto canary = or_nullopt([&] { return deps_.plugins->canary_state(name); });
  json vs = json::array();
  for (const auto& v : versions) {
    const auto stored_ms = to_unix_ms(v.stored_at);
    std::string role;
    if (status && v.version == status->info.version) role = "active";
    else if (shadow && shadow->candidate_version == v.version) role = "shadow";
    else if (canary && !canary->rolled_back && canary->candidate_version == v.version) role = "canary";
    vs.push_back({{"version", v.version},
                  {"sha256", v.sha256.substr(0, 12)},
                  {"signer", signer_of(v)},
                  {"storedAt", iso8601(stored_ms)},
                  {"role", role}});
  }
  j["versions"] = vs;
  j["lastError"] = nullptr;
  if (deps_.errors) {
    if (auto e = deps_.errors->last(name)) {
      j["lastError"] = {{"version", e->version}, {"error", e->error}, {"at", iso8601(e->at_ms)}, {"count", e->count}};
    }
  }
  if (status) {
    json cmds = json::array(), events = json::array();
    for (const auto& c : status->info.commands) cmds.push_back(c.name);
    for (const auto& e : status->info.event_types) events.push_back(e);
    j["commands"] = cmds;
    j["events"] = events;
  }
  return reply(200, j);
}

std::string AdminApi::previous_version(const std::string& name, const std::string& active) const {
  const auto versions = deps_.plugins->store().versions(name);  // oldest first
  for (std::size_t i = 0; i < versions.size(); ++i) {
    if (versions[i].version == active) {
      if (i == 0) break;
      return versions[i - 1].version;
    }
  }
  throw ApiError(409, "no version of '" + name + "' was stored before " + active +
                      ": name one with `arrakisctl plugin rollback " + name + " --to VERSION` (see `plugin get " +
                      name + "`)");
}

http::Response AdminApi::load(const json& body) {
  const std::string file = string_field(body, "file", true);
  if (!fs::is_regular_file(file)) {
    throw ApiError(404, "no file " + file + " on the worker's host: give a path the worker can read");
  }
  const auto out = deps_.plugins->load_file(file);
  if (deps_.pins) {
    if (auto pin = deps_.pins->pinned(out.name); pin && *pin != out.version) deps_.pins->pin(out.name, out.version);
  }
  return reply(200, outcome_json(out));
}

http::Response AdminApi::plugin_action(const std::string& name, const std::string& action, const http::Request& r) {
  auto& plugins = *deps_.plugins;
  const json body = action == "diff" ? json::object() : parse_body(r);
  const auto status = plugins.status(name);
  auto require_active = [&] {
    if (!status) {
      throw ApiError(404, "plugin '" + name + "' is not loaded: `arrakisctl plugin list` shows the loaded ones");
    }
  };
  auto require_stored = [&](const std::string& version) {
    if (plugins.store().find(name, version)) return;
    std::string known;
    for (const auto& v : plugins.store().versions(name)) known += (known.empty() ? "" : ", ") + v.version;
    throw ApiError(404, "plugin '" + name + "' has no version " + version + " in the store (stored: " +
                            (known.empty() ? "none" : known) + ")");
  };
  auto resolve_candidate = [&](const std::string& candidate) {
    if (looks_like_file(candidate)) {
      if (!fs::is_regular_file(candidate)) throw ApiError(404, "no file " + candidate + " on the worker's host");
    } else {
      require_stored(candidate);
    }
  };
  auto move_pin = [&](const std::string& version) {
    if (deps_.pins && deps_.pins->pinned(name)) deps_.pins->pin(name, version);
  };

  if (action == "reload") {
    if (deps_.pins) {
      if (auto pin = deps_.pins->pinned(name)) {
        throw ApiError(409, "plugin '" + name + "' is pinned to " + *pin + ": move the pin with `arrakisctl plugin pin " +
                                name + " VERSION` or release it with `arrakisctl plugin pin " + name + " --release`");
      }
    }
    const fs::path file = deps_.plugin_dir / ("lib" + name + ".so");
    if (!fs::is_regular_file(file)) {
      throw ApiError(404, "no file " + file.string() + ": copy the new build of '" + name + "' there, then reload");
    }
    return reply(200, outcome_json(plugins.load_file(file)));
  }
  if (action == "rollback") {
    require_active();
    std::string version = string_field(body, "version", false);
    if (version.empty()) version = previous_version(name, status->info.version);
    require_stored(version);
    const auto out = plugins.activate(name, version);
    move_pin(version);
    return reply(200, outcome_json(out));
  }
  if (action == "pin") {
    if (body.value("release", false)) {
      if (deps_.pins) deps_.pins->release(name);
      return reply(200, {{"name", name}, {"pinned", nullptr}});
    }
    const std::string version = string_field(body, "version", true);
    require_stored(version);
    const auto out = plugins.activate(name, version);
    if (deps_.pins) deps_.pins->pin(name, version);
    json j = outcome_json(out);
    j["pinned"] = version;
    return reply(200, j);
  }
  if (action == "prune") {
    if (!body.contains("keep") || !body["keep"].is_number_integer() || body["keep"].get<long long>() < 1) {
      throw ApiError(400, "\"keep\" must be an integer >= 1 (how many stored versions to keep)");
    }
    if (plugins.store().versions(name).empty()) throw ApiError(404, "no stored versions of '" + name + "'");
    const auto removed = plugins.prune(name, body["keep"].get<std::size_t>());
    json kept = json::array();
    for (const auto& v : plugins.store().versions(name)) kept.push_back(v.version);
    return reply(200, {{"name", name}, {"removed", removed}, {"kept", kept}});
  }
  if (action == "shadow") {
    require_active();
    const std::string candidate = string_field(body, "candidate", true);
    resolve_candidate(candidate);
    return reply(200, outcome_json(plugins.shadow(name, candidate)));
  }
  if (action == "diff") {
    const auto stats = plugins.shadow_stats(name);
    if (!stats) {
      throw ApiError(404, "no shadow running for '" + name + "': start one with `arrakisctl plugin shadow " + name +
                              " FILE|VERSION`");
    }
    const auto limit_text = query_param(r.query, "limit");
    const std::size_t limit = limit_text.empty() ? 100 : static_cast<std::size_t>(std::max(1, std::atoi(limit_text.c_str())));
    const auto mismatches = plugins.shadow_diff(name);
    json list = json::array();
    const std::size_t first = mismatches.size() > limit ? mismatches.size() - limit : 0;
    for (std::size_t i = first; i < mismatches.size(); ++i) {
      const auto& m = mismatches[i];
      list.push_back({{"eventType", m.event_type},
                      {"at", iso8601(m.at_ms)},
                      {"differingPaths", m.differing_paths},
                      {"active", m.active_effects},
                      {"candidate", m.candidate_effects}});
    }
    return reply(200, {{"name", name}, {"active", status ? json(status->info.version) : json(nullptr)},
                       {"shadow", shadow_json(*stats)}, {"mismatches", list}});
  }
  if (action == "promote") {
    require_active();
    const bool has_candidate = or_nullopt([&] { return plugins.shadow_stats(name); }).has_value() ||
                               or_nullopt([&] { return plugins.canary_state(name); }).has_value();
    if (!has_candidate) {
      throw ApiError(409, "plugin '" + name + "' has no shadow or canary candidate to promote: start one with "
                          "`arrakisctl plugin shadow` or `arrakisctl plugin canary`");
    }
    const auto out = plugins.promote(name);
    move_pin(out.version);
    return reply(200, outcome_json(out));
  }
  if (action == "discard") {
    require_active();
    if (!plugins.discard(name)) throw ApiError(409, "plugin '" + name + "' has no shadow or canary candidate to discard");
    return reply(200, {{"name", name}, {"discarded", true}, {"active", status->info.version}});
  }
  if (action == "canary") {
    require_active();
    if (!body.contains("percent") || !body["percent"].is_number_integer() || body["percent"].get<int>() < 0 ||
        body["percent"].get<int>() > 100) {
      throw ApiError(400, "\"percent\" must be an integer from 0 to 100 (0 ends the canary)");
    }
    const int percent = body["percent"].get<int>();
    std::string candidate = string_field(body, "candidate", false);
    if (candidate.empty()) {
      if (auto c = or_nullopt([&] { return plugins.canary_state(name); })) candidate = c->candidate_version;
      else if (auto s = or_nullopt([&] { return plugins.shadow_stats(name); })) candidate = s->candidate_version;
    }
    if (candidate.empty() && percent > 0) {
      throw ApiError(400, "no candidate for the canary of '" + name + "': give one with --candidate FILE|VERSION");
    }
    if (!candidate.empty()) resolve_candidate(candidate);
    const auto out = plugins.canary(name, percent, candidate);
    json j = outcome_json(out);
    j["percent"] = percent;
    return reply(200, j);
  }
  throw ApiError(404, "no plugin action '" + action + "' (reload, rollback, pin, prune, shadow, diff, promote, "
                      "discard, canary)");
}

http::Response AdminApi::fleet_action(const std::string& name, const std::string& action, const json& body) {
  if (!deps_.fleet) throw ApiError(503, "fleet control is not available on this worker (no database or broker)");
  auto& plugins = *deps_.plugins;
  const auto status = plugins.status(name);
  DesiredState initial;
  initial.plugin = name;
  initial.version = status ? status->info.version : std::string();
  const auto current = deps_.fleet->desired(name).value_or(initial);
  auto version_of = [&](const std::string& candidate) -> std::string {
    if (!looks_like_file(candidate)) return candidate;
    throw ApiError(400, "fleet changes take a version every replica can find; load " + candidate +
                            " on each host first (or copy it to each plugin directory and use `plugin reload --fleet`)");
  };
  std::function<void(DesiredState&)> edit;
  if (action == "reload") {
    if (current.pinned) {
      throw ApiError(409, "plugin '" + name + "' is pinned fleet-wide to " + current.version +
                              ": move the pin with `arrakisctl --fleet plugin pin " + name + " VERSION`");
    }
    const fs::path file = deps_.plugin_dir / ("lib" + name + ".so");
    if (!fs::is_regular_file(file)) throw ApiError(404, "no file " + file.string() + " on this replica");
    const auto out = plugins.load_file(file);  // this replica first: it learns the version
    edit = [v = out.version](DesiredState& d) { d.version = v; };
  } else if (action == "rollback") {
    std::string version = string_field(body, "version", false);
    if (version.empty()) version = previous_version(name, current.version);
    edit = [version](DesiredState& d) { d.version = version; };
  } else if (action == "pin") {
    if (body.value("release", false)) {
      edit = [](DesiredState& d) { d.pinned = false; };
    } else {
      const std::string version = string_field(body, "version", true);
      edit = [version](DesiredState& d) {
        d.version = version;
        d.pinned = true;
      };
    }
  } else if (action == "shadow") {
    const std::string v = version_of(string_field(body, "candidate", true));
    edit = [v](DesiredState& d) { d.shadow_version = v; };
  } else if (action == "canary") {
    if (!body.contains("percent") || !body["percent"].is_number_integer() || body["percent"].get<int>() < 0 ||
        body["percent"].get<int>() > 100) {
      throw ApiError(400, "\"percent\" must be an integer from 0 to 100 (0 ends the canary)");
    }
    const int percent = body["percent"].get<int>();
    std::string v = string_field(body, "candidate", false);
    v = v.empty() ? (current.canary_version.empty() ? current.shadow_version : current.canary_version) : version_of(v);
    if (v.empty() && percent > 0) throw ApiError(400, "no candidate for the canary: give one with --candidate VERSION");
    edit = [v, percent](DesiredState& d) {
      d.canary_percent = percent;
      d.canary_version = v;
    };
  } else if (action == "promote") {
    const std::string v = !current.canary_version.empty() ? current.canary_version : current.shadow_version;
    if (v.empty()) throw ApiError(409, "the fleet has no shadow or canary candidate of '" + name + "' to promote");
    edit = [v](DesiredState& d) {
      d.version = v;
      d.shadow_version.clear();
      d.canary_percent = 0;
      d.canary_version.clear();
    };
  } else if (action == "discard") {
    if (current.canary_version.empty() && current.shadow_version.empty()) {
      throw ApiError(409, "the fleet has no shadow or canary candidate of '" + name + "' to discard");
    }
    edit = [](DesiredState& d) {
      d.shadow_version.clear();
      d.canary_percent = 0;
      d.canary_version.clear();
    };
  } else {
    throw ApiError(400, "'" + action + "' is not a fleet operation (reload, rollback, pin, shadow, canary, promote, "
                        "discard); run it without --fleet on each replica");
  }
  if (initial.version.empty() && current.version.empty() && action != "rollback" && action != "pin") {
    throw ApiError(404, "plugin '" + name + "' is not loaded here and has no desired version yet");
  }
  const auto next = deps_.fleet->change(name, initial, edit, "admin@" + deps_.replica_id);
  return reply(200, {{"fleet", to_json(next)},
                     {"note", "every replica applies this within a moment; `arrakisctl --fleet plugin list` shows them"}});
}

http::Response AdminApi::dlq_list(const http::Request& r) {
  if (!deps_.dead_letters) throw ApiError(503, "the dead-letter queue is not reachable from this worker");
  const auto limit_text = query_param(r.query, "limit");
  int limit = limit_text.empty() ? 50 : std::atoi(limit_text.c_str());
  if (limit < 1 || limit > 1000) throw ApiError(400, "limit must be between 1 and 1000");
  std::uint32_t depth = 0;
  json list = json::array();
  for (const auto& d : deps_.dead_letters->peek(static_cast<std::size_t>(limit), &depth)) list.push_back(to_json(d, false));
  return reply(200, {{"depth", depth}, {"messages", list}});
}

http::Response AdminApi::dlq_show(const std::string& id) {
  if (!deps_.dead_letters) throw ApiError(503, "the dead-letter queue is not reachable from this worker");
  const auto d = deps_.dead_letters->find(id);
  if (!d) {
    throw ApiError(404, "no message " + id + " among the first " + std::to_string(deps_.dead_letters->max_scan()) +
                            " of the DLQ: `arrakisctl dlq list` shows what is there");
  }
  return reply(200, to_json(*d, true));
}

http::Response AdminApi::dlq_replay(const json& body) {
  if (!deps_.dead_letters) throw ApiError(503, "the dead-letter queue is not reachable from this worker");
  const std::string id = string_field(body, "messageId", false);
  const bool all = body.value("all", false);
  if (id.empty() == !all) throw ApiError(400, "give either \"messageId\" or \"all\": true");
  const auto report = deps_.dead_letters->replay(all ? std::nullopt : std::optional<std::string>(id));
  if (!all && report.replayed.empty() && report.refused.empty()) {
    throw ApiError(404, "no message " + id + " in the DLQ: `arrakisctl dlq list` shows what is there");
  }
  json refused = json::array();
  for (const auto& [mid, why] : report.refused) refused.push_back({{"messageId", mid}, {"reason", why}});
  // Bounded per call (DeadLetters::max_scan): what was beyond the bound is counted, and the
  // operator runs the replay again for it.
  return reply(200, {{"replayed", report.replayed}, {"refused", refused}, {"notScanned", report.not_scanned}});
}

http::Response AdminApi::commands_sync(const json& body) {
  const std::string guild = string_field(body, "guild", false);
  if (!guild.empty() && (guild.size() > 20 || guild.find_first_not_of("0123456789") != std::string::npos)) {
    throw ApiError(400, "\"guild\" must be a guild id (a snowflake), got '" + guild + "'");
  }
  if (body.contains("dry_run") && !body["dry_run"].is_boolean()) throw ApiError(400, "\"dry_run\" must be true or false");
  if (!deps_.commands) throw ApiError(503, "command sync is not available on this worker");
  try {
    return reply(200, to_json(deps_.commands->sync(guild, body.value("dry_run", false))));
  } catch (const CommandSyncError& e) {
    const int status = e.kind == CommandSyncError::Kind::unavailable ? 502 : 422;
    return reply(status, {{"error", e.what()}, {"details", e.details}});
  }
}

http::Response AdminApi::fleet_view() {
  if (!deps_.fleet) throw ApiError(503, "fleet control is not available on this worker (no database or broker)");
  auto view = worker::fleet_view(deps_.fleet->desired(), deps_.fleet->replicas());
  view["answeredBy"] = deps_.replica_id;
  return reply(200, view);
}

}  // namespace arrakis::worker
