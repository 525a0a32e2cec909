#include "app/worker_app.hpp"

#include <cstdlib>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sstream>

#include "control/admin_api.hpp"
#include "control/admin_token.hpp"
#include "control/community_config_api.hpp"
#include "control/command_sync.hpp"
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
#include "message/community_cache.hpp"
#include "control/dead_letters.hpp"
#include "message/event_handler.hpp"
#include "control/fleet_agent.hpp"
#include "control/fleet_control.hpp"
#include "message/interaction_handler.hpp"
#include "control/latency_tracker.hpp"
#include "control/plugin_errors.hpp"
#include "control/plugin_pins.hpp"
#include "control/plugin_watcher.hpp"
#include "message/queue_consumer.hpp"
#include "routes/route_dispatcher.hpp"
#include "routes/route_server.hpp"
#include "routes/route_tenants.hpp"
#include "services/worker_services.hpp"
#include "jobs/job_handler.hpp"
#include "jobs/job_scheduler.hpp"
#include "outbox/outbox_relay.hpp"

namespace arrakis::worker {

namespace {

// ARRAKIS_SCHEDULES=off: this replica fires no schedules (plugin jobs, host jobs); the job items
// other replicas queue still run here. For a replica kept to interactions, and for tests that
// queue job items themselves and must not see a real firing in the middle (docs/internal-events-and-jobs.md).
bool schedules_enabled() {
  const char* v = std::getenv("ARRAKIS_SCHEDULES");
  if (!v || !*v || std::string(v) == "on") return true;
  if (std::string(v) == "off") return false;
  throw std::invalid_argument("ARRAKIS_SCHEDULES must be on or off, not '" + std::string(v) + "'");
}

}  // namespace

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
  db::Pool jobs_pool;    // global jobs' SQL (the DML-only jobs role)
  db::Pool host_pool;    // the host role (docs/database.md): outbox relay, job fan-out, communities, DM bindings, fleet
  db::Pool route_pool;   // route tenant lookups (the host role): public traffic never waits for the outbox's connections
  plugin_host::PostgresSql tenant_sql;
  plugin_host::PostgresSql jobs_sql;  // every global job's SQL goes through this one object
  plugin_host::PostgresSql shadow_sql;  // shadow candidates: every transaction rolls back
  state::StateStore state;
  discord::DiscordRest rest;
  std::unique_ptr<chain::ChainRpc> chain;
  DmBindings dm_bindings;  // host-only table: which community each DM belongs to
  routes::RouteTenants route_tenants;  // host-only table: route keys -> plugin and community
  WorkerServices services;
  plugin_host::EffectRecorder self_test;
  plugin_host::PluginManager plugins;
  CommunityCache communities;
  LatencyTracker latencies;
  PluginErrors errors;
  PluginPins pins;
  InteractionHandler interactions;
  EventHandler events;
  jobs::JobHandler job_items;
  std::unique_ptr<QueueConsumer> interaction_consumer;
  std::unique_ptr<QueueConsumer> event_consumer;
  std::unique_ptr<jobs::JobScheduler> job_scheduler;
  std::unique_ptr<outbox::OutboxRelay> outbox_relay;
  std::unique_ptr<http::Server> http;
  std::unique_ptr<routes::RouteDispatcher> route_dispatcher;
  std::unique_ptr<routes::RouteServer> route_server;  // the public plugin routes (not the admin listener)
  DeadLetters dead_letters;
  FleetControl fleet;
  CommunityConfigApi community_config;  // arrakisctl community show|set
  std::unique_ptr<FleetAgent> fleet_agent;
  std::unique_ptr<PluginWatcher> watcher;
  CommandSync command_sync;
  std::unique_ptr<AdminApi> admin;
  std::vector<std::string> trusted;

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
        jobs_pool(jobs::jobs_database_url(c), 2),
        host_pool(outbox::OutboxRelay::database_url(c), 2),
        route_pool(outbox::OutboxRelay::database_url(c), 2),
        tenant_sql(app_pool),
        jobs_sql(jobs_pool),
        shadow_sql(app_pool, plugin_host::PostgresSql::Options{std::chrono::milliseconds(5000), true}),
        state(state::StateStore::Options{c.redis_url, 8, std::chrono::milliseconds(1000), std::chrono::hours(24)}),
        rest(discord::DiscordRest::Options{c.discord_api_base, c.discord_bot_token, c.discord_application_id}),
        chain(make_chain(c)),
        dm_bindings(host_pool),
        route_tenants(route_pool),
        services(ServiceDeps{&rest, &state, &tenant_sql, &jobs_sql, chain.get(), &dm_bindings, &route_tenants}),
        plugins(plugin_host::PluginManager::Options{c.plugin_dir, c.plugin_store_dir, trusted_keys(c)}, services,
                self_test),
        communities(host_pool),  // finds or creates community rows: the host role's job
        interactions(plugins, services, rest, communities, state, c.max_attempts),
        events(plugins, services, communities, state),
        job_items(plugins, services, state),
        dead_letters(c.rabbitmq_url),
        fleet(host_pool, c.rabbitmq_url),  // plugin_deployments/plugin_replicas are the host role's
        community_config(host_pool),       // the host role reads and sets community_config (0018)
        command_sync(plugins, rest),
        trusted(trusted_keys(c)) {
    plugins.set_shadow_sql(&shadow_sql);
    interactions.latencies = &latencies;
    interactions.dm_bindings = &dm_bindings;
    events.latencies = &latencies;
    interactions.errors = &errors;
    events.errors = &errors;
    events.jobs = &job_items;
  }
};

WorkerApp::WorkerApp(const Config& config) : config_(config), p_(std::make_unique<Parts>(config)) {}

WorkerApp::~WorkerApp() { stop(); }

void WorkerApp::start() {
  auto proxies = routes::TrustedProxies::parse(config_.trusted_proxies);  // a bad list stops the start here
  std::filesystem::create_directories(config_.plugin_store_dir);
  const auto report = p_->plugins.discover();
  spdlog::info("{} plugin(s) loaded, {} refused", report.loaded.size(), report.refused.size());

  // Fleet: converge on the desired versions before taking any message.
  p_->fleet_agent = std::make_unique<FleetAgent>(
      FleetAgent::Options{config_.replica_id, config_.rabbitmq_url, config_.plugin_dir, std::chrono::seconds(15)},
      p_->plugins, p_->host_pool, &p_->pins);  // plugin_deployments/plugin_replicas are the host role's
  p_->fleet_agent->start();
  if (config_.plugin_watch) {
    p_->watcher = std::make_unique<PluginWatcher>(PluginWatcher::Options{config_.plugin_dir, std::chrono::milliseconds(500)},
                                                  p_->plugins, &p_->pins);
    try {
      p_->watcher->start();
    } catch (const std::exception& e) {
      spdlog::error("watch mode off: {}", e.what());
      p_->watcher.reset();
    }
  }

  sync_commands_at_start();

  AdminDeps deps;
  deps.plugins = &p_->plugins;
  deps.latencies = &p_->latencies;
  deps.errors = &p_->errors;
  deps.pins = &p_->pins;
  deps.dead_letters = &p_->dead_letters;
  deps.fleet = &p_->fleet;
  deps.community_config = &p_->community_config;
  deps.commands = &p_->command_sync;
  deps.plugin_dir = config_.plugin_dir;
  deps.trusted_keys = p_->trusted;
  deps.replica_id = config_.replica_id;
  deps.health = [this] { return health(false); };
  try {
    const auto token = load_or_create_admin_token(config_.admin_token_file);
    p_->admin = std::make_unique<AdminApi>(std::move(deps), token);
    spdlog::info("admin API token in {}", config_.admin_token_file);
  } catch (const std::exception& e) {
    p_->admin = std::make_unique<AdminApi>(std::move(deps), "", e.what());
    spdlog::error("admin API disabled: {}", e.what());
  }

  // The outbox first: its writer key must be registered before a call can publish an event.
  p_->outbox_relay = std::make_unique<outbox::OutboxRelay>(
      outbox::OutboxRelay::from_environment({config_.rabbitmq_url, outbox::OutboxRelay::database_url(config_),
                                             config_.replica_id}),
      p_->host_pool);
  p_->outbox_relay->start();

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

  if (schedules_enabled()) {
    p_->job_scheduler = std::make_unique<jobs::JobScheduler>(
        jobs::JobScheduler::Deps{p_->state, p_->plugins, p_->host_pool, p_->host_pool, config_.replica_id});
    p_->job_scheduler->start();
  } else {
    spdlog::warn("ARRAKIS_SCHEDULES=off: this replica fires no schedules (job items other replicas queue are still run)");
  }

  p_->route_dispatcher = std::make_unique<routes::RouteDispatcher>(routes::DispatcherDeps{
      &p_->plugins, &p_->services, &p_->state, &p_->route_tenants, std::move(proxies), &p_->latencies});
  routes::RouteServer::Options route_options;
  route_options.bind = config_.routes_bind;
  route_options.port = config_.routes_port;
  p_->route_server = std::make_unique<routes::RouteServer>(route_options, *p_->route_dispatcher);
  spdlog::info("plugin routes on http://{}:{}", config_.routes_bind, p_->route_server->port());

  p_->http = std::make_unique<http::Server>(http::ServerOptions{config_.http_bind, config_.http_port, 64 * 1024, 2},
                                            [this](const http::Request& r) { return serve(r); });
}

// ARRAKIS_COMMANDS_SYNC: once the plugins are loaded, before any message is taken. Discord being
// unreachable or refusing a definition is an operator's problem to fix, never a reason not to serve.
void WorkerApp::sync_commands_at_start() {
  const auto& mode = config_.commands_sync;
  if (mode.scope == CommandsSync::Scope::off) return;
  const std::string guild = mode.scope == CommandsSync::Scope::guild ? mode.guild_id : std::string();
  try {
    const auto report = p_->command_sync.sync(guild, false);
    spdlog::info("commands sync ({}): {} added, {} changed, {} removed, {} unchanged{}", to_string(mode),
                 report.diff.added.size(), report.diff.changed.size(), report.diff.removed.size(),
                 report.diff.unchanged.size(), report.applied ? "" : " (no change)");
  } catch (const CommandSyncError& e) {
    spdlog::error("commands sync ({}) failed: {}", to_string(mode), e.what());
    for (const auto& line : e.details) spdlog::error("  {}", line);
  } catch (const std::exception& e) {
    spdlog::error("commands sync ({}) failed: {}", to_string(mode), e.what());
  }
}

void WorkerApp::stop() {
  if (!p_ || !p_->http) return;
  spdlog::info("stopping: no new messages; finishing calls in flight");
  if (p_->job_scheduler) p_->job_scheduler->stop();
  if (p_->watcher) p_->watcher->stop();
  if (p_->fleet_agent) p_->fleet_agent->stop();
  const auto drain = std::chrono::milliseconds(std::max(1000, config_.plugin_call_budget_ms));
  if (p_->interaction_consumer) p_->interaction_consumer->stop(drain);
  if (p_->event_consumer) p_->event_consumer->stop(drain);
  if (p_->outbox_relay) p_->outbox_relay->stop();  // after the consumers: calls in flight may still publish
  if (p_->route_server) p_->route_server->stop();  // before the plugins unload: route calls finish first
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
  // The BGT ranking's freshness (eligibility_health_status, written by plugins/eligibility-sync;
  // docs/events/eligibility-sync.md): 24 hours without a successful sync is "degraded", never
  // "unhealthy" (commands still answer from the last ranking; restarting the worker fixes nothing).
  // An unreadable row says nothing here: the postgres check reports the database.
  probes.push_back({"eligibility", [this] {
                      try {
                        auto conn = p_->app_pool.lease(std::chrono::seconds(2));
                        pqxx::nontransaction tx(*conn);
                        const auto r = tx.exec(
                            "SELECT in_grace_period OR coalesce(last_successful_query < now() - interval '24 hours', false), "
                            "consecutive_failures, to_char(last_successful_query AT TIME ZONE 'UTC', "
                            "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM eligibility_health_status WHERE id = 1");
                        if (r.empty()) return health::ProbeResult{true, {{"synced", false}}};
                        const bool grace = r[0][0].as<bool>();
                        health::ProbeResult result{true, {{"gracePeriod", grace}, {"consecutiveFailures", r[0][1].as<int>()}}};
                        result.degraded = grace;
                        result.detail["lastSuccess"] = r[0][2].is_null() ? nlohmann::json(nullptr) : nlohmann::json(r[0][2].c_str());
                        return result;
                      } catch (const std::exception&) {
                        return health::ProbeResult{true, {{"readable", false}}};
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
  if (r.path.rfind("/admin/", 0) == 0) return p_->admin->serve(r);
  return json_response(404, {{"error", "not found"}});  // plugin routes have their own listener (routes/)
}

}  // namespace arrakis::worker
