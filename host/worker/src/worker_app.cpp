#include "worker_app.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <sstream>

#include "admin_token.hpp"
#include "arrakis/chain_rpc.hpp"
#include "arrakis/database.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/health.hpp"
#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/effect_recorder.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/plugin_host/plugin_signature.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/scheduler.hpp"
#include "arrakis/state_store.hpp"
#include "arrakis/topology.hpp"
#include "community_cache.hpp"
#include "event_handler.hpp"
#include "interaction_handler.hpp"
#include "latency_tracker.hpp"
#include "queue_consumer.hpp"
#include "worker_services.hpp"

namespace arrakis::worker {

using nlohmann::json;

namespace {

std::vector<std::string> split_urls(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

http::Response json_response(int status, const json& body) { return {status, "application/json", body.dump(), {}}; }

}  // namespace

struct WorkerApp::Parts {
  db::Pool app_pool;
  db::Pool admin_pool;
  plugin_host::PostgresSql tenant_sql;
  plugin_host::PostgresSql admin_sql;
  state::StateStore state;
  discord::DiscordRest rest;
  std::unique_ptr<chain::ChainRpc> chain;
  WorkerServices services;
  plugin_host::EffectRecorder self_test;
  plugin_host::PluginManager plugins;
  CommunityCache communities;
  LatencyTracker latencies;
  InteractionHandler interactions;
  EventHandler events;
  std::unique_ptr<QueueConsumer> interaction_consumer;
  std::unique_ptr<QueueConsumer> event_consumer;
  std::unique_ptr<sched::Scheduler> scheduler;
  std::unique_ptr<http::Server> http;
  std::string admin_token;
  std::string admin_error;

  static std::vector<std::string> trusted_keys(const Config& c) {
    if (c.trusted_keys_file.empty()) return {};
    auto keys = plugin_host::read_public_keys(c.trusted_keys_file);
    if (keys.empty()) throw std::runtime_error(c.trusted_keys_file + " lists no trusted key");
    return keys;
  }

  static std::unique_ptr<chain::ChainRpc> make_chain(const Config& c) {
    auto urls = split_urls(c.chain_rpc_urls);
    if (urls.empty()) return nullptr;
    chain::ChainRpc::Options o;
    o.endpoints = urls;
    return std::make_unique<chain::ChainRpc>(o);
  }

  explicit Parts(const Config& c)
      : app_pool(c.database_url, static_cast<std::size_t>(c.db_pool_size)),
        admin_pool(c.database_admin_url.empty() ? c.database_url : c.database_admin_url, 2),
        tenant_sql(app_pool),
        admin_sql(admin_pool),
        state(state::StateStore::Options{c.redis_url, 8, std::chrono::milliseconds(1000), std::chrono::hours(24)}),
        rest(discord::DiscordRest::Options{c.discord_api_base, c.discord_bot_token, c.discord_application_id}),
        chain(make_chain(c)),
        services(ServiceDeps{&rest, &state, &tenant_sql, &admin_sql, chain.get()}),
        plugins(plugin_host::PluginManager::Options{c.plugin_dir, c.plugin_store_dir, trusted_keys(c)}, services,
                self_test),
        communities(app_pool),
        interactions(plugins, services, rest, communities, state, c.max_attempts),
        events(plugins, services, communities, state) {
    interactions.latencies = &latencies;
    events.latencies = &latencies;
  }
};

WorkerApp::WorkerApp(const Config& config) : config_(config), p_(std::make_unique<Parts>(config)) {}

WorkerApp::~WorkerApp() { stop(); }

void WorkerApp::start() {
  std::filesystem::create_directories(config_.plugin_store_dir);
  const auto report = p_->plugins.discover();
  spdlog::info("{} plugin(s) loaded, {} refused", report.loaded.size(), report.refused.size());

  try {
    p_->admin_token = load_or_create_admin_token(config_.admin_token_file);
    spdlog::info("admin API token in {}", config_.admin_token_file);
  } catch (const std::exception& e) {
    p_->admin_error = e.what();
    spdlog::error("admin API disabled: {}", e.what());
  }

  auto consumer = [&](const std::string& queue, int prefetch, MessageHandler& handler) {
    QueueConsumer::Options o;
    o.amqp_url = config_.rabbitmq_url;
    o.queue = queue;
    o.prefetch = prefetch;
    o.threads = std::max(prefetch, config_.worker_threads);
    o.max_attempts = config_.max_attempts;
    o.budget = std::chrono::milliseconds(config_.plugin_call_budget_ms);
    return std::make_unique<QueueConsumer>(o, handler, &p_->state);
  };
  p_->interaction_consumer = consumer(std::string(topology::kInteractionsQueue), config_.interaction_prefetch, p_->interactions);
  p_->event_consumer = consumer(std::string(topology::kGuildEventsQueue), config_.event_prefetch, p_->events);
  p_->interaction_consumer->start();
  p_->event_consumer->start();

  p_->scheduler = std::make_unique<sched::Scheduler>(
      p_->state, config_.replica_id,
      [this](const sched::ScheduleEntry& entry, std::chrono::system_clock::time_point fired, std::int64_t fence) {
        plugin_host::Invocation inv;
        inv.kind = ARRAKIS_EVENT_SCHEDULE;
        inv.type = "schedule." + entry.name;
        inv.schedule = entry.name;
        const auto fired_ms = std::chrono::duration_cast<std::chrono::milliseconds>(fired.time_since_epoch()).count();
        inv.payload_json = json{{"schedule", entry.name}, {"firedAt", fired_ms}, {"fence", fence}}.dump();
        auto r = p_->plugins.dispatch_to(entry.plugin, inv, p_->services);
        if (r.found && r.status != ARRAKIS_OK) {
          spdlog::error("scheduled job {}/{} failed: {}", entry.plugin, entry.name, r.error);
          metrics::registry().counter_add("arrakis_schedule_failures_total", {{"plugin", entry.plugin}});
        }
      });
  std::vector<sched::ScheduleEntry> schedules;
  for (const auto& s : p_->plugins.list()) {
    for (const auto& sch : s.info.schedules) schedules.push_back({s.info.name, sch.name, sch.cron});
  }
  try {
    p_->scheduler->set_schedules(schedules);
    p_->scheduler->start();
  } catch (const std::exception& e) {
    spdlog::error("schedules not started: {}", e.what());
  }

  p_->http = std::make_unique<http::Server>(http::ServerOptions{config_.http_bind, config_.http_port, 64 * 1024, 2},
                                            [this](const http::Request& r) { return serve(r); });
}

void WorkerApp::stop() {
  if (!p_ || !p_->http) return;
  spdlog::info("stopping: no new messages; finishing calls in flight");
  if (p_->scheduler) p_->scheduler->stop();
  const auto drain = std::chrono::milliseconds(std::max(1000, config_.plugin_call_budget_ms));
  if (p_->interaction_consumer) p_->interaction_consumer->stop(drain);
  if (p_->event_consumer) p_->event_consumer->stop(drain);
  p_->http->stop();
  p_->plugins.shutdown(std::chrono::seconds(5));
  p_->http.reset();
}

std::uint16_t WorkerApp::http_port() const { return p_->http ? p_->http->port() : 0; }

http::Response WorkerApp::health(bool readiness) {
  std::vector<health::Probe> probes;
  probes.push_back({"rabbitmq", [this] {
                      const auto i = p_->interaction_consumer->stats();
                      const auto e = p_->event_consumer->stats();
                      return health::ProbeResult{i.connected && e.connected,
                                                 {{"connected", i.connected && e.connected},
                                                  {"channelOpen", i.connected && e.connected},
                                                  {"consumersActive", int(i.connected) + int(e.connected)},
                                                  {"inFlight", i.in_flight + e.in_flight}}};
                    }});
  probes.push_back({"redis", [this] {
                      std::chrono::milliseconds latency{0};
                      const bool ok = p_->state.ping(&latency);
                      return health::ProbeResult{ok, {{"connected", ok}, {"pingMs", latency.count()}}};
                    }});
  probes.push_back({"postgres", [this] {
                      try {
                        auto conn = p_->app_pool.lease(std::chrono::seconds(2));
                        pqxx::nontransaction tx(*conn);
                        tx.exec("SELECT 1");
                        return health::ProbeResult{true, {{"connected", true}}};
                      } catch (const std::exception& e) {
                        return health::ProbeResult{false, {{"connected", false}, {"error", std::string(e.what()).substr(0, 200)}}};
                      }
                    }});
  if (readiness) {
    probes.push_back({"plugins", [this] {
                        const auto n = p_->plugins.list().size();
                        return health::ProbeResult{n > 0, {{"loaded", n}}};
                      }});
  }
  const auto rss = health::resident_bytes();
  auto report = health::evaluate(probes, {{"plugins", {{"loaded", p_->plugins.list().size()}}},
                                          {"memory", {{"rssMB", static_cast<double>(rss) / (1 << 20)}}}});
  return json_response(report.healthy ? 200 : 503, report.body);
}

http::Response WorkerApp::serve(const http::Request& r) {
  if (r.method == "GET" && r.path == "/health") return health(false);
  if (r.method == "GET" && r.path == "/ready") return health(true);
  if (r.method == "GET" && r.path == "/metrics") {
    return {200, "text/plain; version=0.0.4", metrics::registry().prometheus_text(), {}};
  }
  if (r.path.rfind("/admin/", 0) == 0) return serve_admin(r);
  return serve_plugin_route(r);
}

http::Response WorkerApp::serve_admin(const http::Request& r) {
  if (!p_->admin_error.empty()) return json_response(503, {{"error", "admin API disabled: " + p_->admin_error}});
  auto auth = r.headers.find("authorization");
  if (auth == r.headers.end() || !bearer_matches(auth->second, p_->admin_token)) {
    return json_response(401, {{"error", "missing or wrong bearer token (see ARRAKIS_ADMIN_TOKEN_FILE)"}});
  }
  if (r.method == "GET" && r.path == "/admin/health") return health(false);
  if (r.method == "GET" && r.path == "/admin/plugins") {
    json list = json::array();
    for (const auto& s : p_->plugins.list()) {
      list.push_back({{"name", s.info.name},
                      {"version", s.info.version},
                      {"state", "active"},
                      {"calls", s.calls},
                      {"errors", s.failures},
                      {"inFlight", s.in_flight},
                      {"p50Ms", p_->latencies.quantile_ms(s.info.name, 0.5)},
                      {"p99Ms", p_->latencies.quantile_ms(s.info.name, 0.99)},
                      {"path", s.path.string()}});
    }
    return json_response(200, list);
  }
  const std::string prefix = "/admin/plugins/";
  if (r.method == "POST" && r.path.rfind(prefix, 0) == 0 && r.path.size() > prefix.size() + 7 &&
      r.path.compare(r.path.size() - 7, 7, "/reload") == 0) {
    const std::string name = r.path.substr(prefix.size(), r.path.size() - prefix.size() - 7);
    const auto file = std::filesystem::path(config_.plugin_dir) / ("lib" + name + ".so");
    try {
      auto out = p_->plugins.load_file(file);
      return json_response(200, {{"name", out.name},
                                 {"version", out.version},
                                 {"previousVersion", out.previous_version},
                                 {"changed", out.changed}});
    } catch (const std::exception& e) {
      return json_response(422, {{"error", e.what()}, {"file", file.string()}});
    }
  }
  return json_response(404, {{"error", "no admin endpoint " + r.method + " " + r.path}});
}

http::Response WorkerApp::serve_plugin_route(const http::Request& r) {
  plugin_host::Invocation inv;
  inv.kind = ARRAKIS_EVENT_HTTP;
  inv.type = "http.request";
  inv.http_method = r.method;
  inv.http_path = r.path;
  const auto owners = p_->plugins.owners(inv);
  if (owners.empty()) return json_response(404, {{"error", "not found"}});
  try {
    if (!p_->state.rate_limit_hit("http:" + r.remote_address, 120, std::chrono::minutes(1)).allowed) {
      return json_response(429, {{"error", "too many requests"}});
    }
  } catch (const std::exception&) {
    // Redis down: serve without the per-IP limit rather than refuse everyone.
  }
  json headers = json::object();
  for (const char* h : {"origin", "referer", "user-agent", "content-type", "accept"}) {
    if (auto it = r.headers.find(h); it != r.headers.end()) headers[h] = it->second;
  }
  inv.payload_json = json{{"method", r.method},       {"path", r.path},         {"query", r.query},
                          {"headers", headers},       {"body", r.body},         {"remoteAddress", r.remote_address}}
                         .dump();
  const auto result = p_->plugins.dispatch_to(owners.front(), inv, p_->services);
  p_->latencies.record(result.plugin, result.duration);
  if (result.status != ARRAKIS_OK) {
    spdlog::warn("route {} {} failed in {}: {}", r.method, r.path, result.plugin, result.error);
    return json_response(result.status == ARRAKIS_BAD_INPUT ? 400 : 500, {{"error", "the request could not be handled"}});
  }
  if (!result.http_status) return json_response(204, json::object());
  return {static_cast<int>(*result.http_status), result.http_content_type.empty() ? "text/plain" : result.http_content_type,
          result.http_body, {}};
}

}  // namespace arrakis::worker
