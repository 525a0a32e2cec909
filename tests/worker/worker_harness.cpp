#include "worker_harness.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/interaction_registry.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/migrations.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/testing/servers.hpp"
#include "arrakis/testing/slash_command_payload.hpp"
#include "arrakis/topology.hpp"

namespace arrakis::testing {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string uuid_like() {
  static std::mt19937_64 rng(std::random_device{}());
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-8%03llx-%012llx", (unsigned long long)(rng() & 0xffffffff),
                (unsigned long long)(rng() & 0xffff), (unsigned long long)(rng() & 0xfff),
                (unsigned long long)(rng() & 0xfff), (unsigned long long)(rng() & 0xffffffffffffull));
  return buf;
}

}  // namespace

WorkerHarness::WorkerHarness() {
  migrations::apply_migrations(database_admin_url(), ARRAKIS_MIGRATIONS_DIR);
  admin_ = std::make_unique<db::Pool>(database_admin_url(), 1);
  discord_sim::Options o;
  o.guilds = 1;
  o.members_per_guild = 5;
  sim_ = std::make_unique<discord_sim::Simulator>(o);
  guild_id_ = std::to_string(700000000000000000ull + static_cast<unsigned long long>(::getpid()) * 1000 +
                             static_cast<unsigned long long>(std::random_device{}() % 1000));

  root_ = fs::temp_directory_path() / ("arrakis-worker-test-" + std::to_string(::getpid()) + "-" +
                                      std::to_string(std::random_device{}()));
  fs::create_directories(root_ / "plugins");
  fs::copy_file(fs::path(ARRAKIS_TEST_PLUGINS) / "libecho-v1.so", root_ / "plugins" / "libecho.so");

  amqp_.emplace(amqp::Connection::open(rabbitmq_url()));
  topology::declare_topology(*amqp_);
  for (auto q : {topology::kInteractionsQueue, topology::kGuildEventsQueue, topology::kDeadLetterQueue}) {
    amqp_->purge_queue(std::string(q));
  }
  amqp_->enable_confirms();
  http_port_ = free_port();
  routes_port_ = free_port();
}

void WorkerHarness::use_sim_guild() {
  discord_sim::Options o;
  o.guilds = 1;
  o.members_per_guild = 5;
  o.seed = std::random_device{}();
  sim_ = std::make_unique<discord_sim::Simulator>(o);
  guild_id_ = std::to_string(sim_->model().guild_ids().front());
}

WorkerHarness::~WorkerHarness() {
  if (worker_) worker_->stop(10s);
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void WorkerHarness::start_worker() {
  const auto urls = json::parse(http_request("127.0.0.1", sim_->rest_port(), "GET", "/control/urls").body);
  std::map<std::string, std::string> env = {
      {"RABBITMQ_URL", rabbitmq_url()},
      {"REDIS_URL", redis_url()},
      {"DATABASE_URL", database_url()},
      {"DATABASE_ADMIN_URL", database_admin_url()},
      {"DISCORD_API_BASE", sim_->api_base()},
      {"DISCORD_BOT_TOKEN", urls["bot_token"]},
      {"DISCORD_APPLICATION_ID", urls["application_id"]},
      {"ARRAKIS_PLUGIN_DIR", (root_ / "plugins").string()},
      {"ARRAKIS_PLUGIN_STORE", (root_ / "store").string()},
      {"ARRAKIS_ADMIN_TOKEN_FILE", (root_ / "admin-token").string()},
      {"ARRAKIS_HTTP_PORT", std::to_string(http_port_)},
      {"ARRAKIS_ROUTES_PORT", std::to_string(routes_port_)},
      {"ARRAKIS_LOG_FORMAT", "text"},
      {"ARRAKIS_LOG_LEVEL", "info"}};
  for (const auto& [k, v] : extra_env) env[k] = v;
  worker_ = std::make_unique<ChildProcess>(ARRAKIS_WORKER_BINARY, std::vector<std::string>{}, env,
                                           (root_ / ("worker-" + std::to_string(++worker_runs_) + ".log")).string());
}

void WorkerHarness::kill_worker() {
  worker_->signal(SIGKILL);
  worker_->wait();
}

int WorkerHarness::stop_worker() { return worker_->stop(20s); }

bool WorkerHarness::wait_for_health(int status, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (http_request("127.0.0.1", http_port_, "GET", "/health").status == status) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

SimInteraction WorkerHarness::command(const std::string& name, const json& options, std::chrono::milliseconds age) {
  discord_sim::InteractionSeed seed;
  seed.type = 2;
  seed.guild_id = std::stoull(guild_id_);
  seed.channel_id = 1;
  seed.user_id = 42;
  seed.name = name;
  const auto issued = sim_->interactions().create(seed);
  sim_->interactions().mark_dispatched(issued.id);
  const std::string event_id = uuid_like();
  const auto sent_at = std::chrono::system_clock::now() - age;
  const json payload = slash_command_payload(
      {event_id, guild_id_, name, options, std::to_string(issued.id), issued.token,
       std::chrono::duration_cast<std::chrono::milliseconds>(sent_at.time_since_epoch()).count()});
  publish("interaction.command." + name, payload.dump(), 10, event_id);
  return {issued.id, issued.token};
}

SimInteraction WorkerHarness::interaction(const InteractionSpec& spec) {
  discord_sim::InteractionSeed seed;
  seed.type = spec.type;
  seed.guild_id = spec.dm ? 0 : std::stoull(guild_id_);
  seed.channel_id = 1;
  seed.user_id = spec.user_id;
  seed.name = spec.name;
  seed.source_message = spec.source_message;
  const auto issued = sim_->interactions().create(seed);
  sim_->interactions().mark_dispatched(issued.id);
  const std::string event_id = uuid_like();
  json data = {{"type", spec.type}, {"memberPermissions", spec.permissions}, {"userName", "tester"}};
  if (spec.type == 2) {
    data["commandName"] = spec.name;
    data["options"] = json::object();
  } else {
    data["customId"] = spec.name;
  }
  if (spec.dm) data["dm"] = true;
  if (spec.source_message.is_object()) data["messageId"] = spec.source_message.value("id", std::string());
  for (const auto& [k, v] : spec.data.items()) data[k] = v;
  json payload = {{"eventId", event_id},
                  {"eventType", spec.event_type},
                  {"timestamp", std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count()},
                  {"shardId", 0},
                  {"channelId", "1"},
                  {"userId", std::to_string(spec.user_id)},
                  {"interactionId", std::to_string(issued.id)},
                  {"interactionToken", issued.token},
                  {"data", data}};
  if (!spec.dm) payload["guildId"] = guild_id_;
  publish(spec.event_type, payload.dump(), 10, event_id);
  return {issued.id, issued.token};
}

void WorkerHarness::add_plugin(const std::string& fixture_file_name) {
  fs::copy_file(fs::path(ARRAKIS_TEST_PLUGINS) / fixture_file_name, root_ / "plugins" / fixture_file_name,
                fs::copy_options::overwrite_existing);
}

void WorkerHarness::publish(const std::string& key, const std::string& body, std::uint8_t priority, const std::string& id) {
  amqp::PublishOptions o;
  o.priority = priority;
  o.message_id = id;
  o.headers = {{"shardId", std::int64_t{0}}, {"guildId", guild_id_}};
  const auto seq = amqp_->publish(std::string(topology::kEventsExchange), key, body, o);
  ASSERT_TRUE(amqp_->wait_for_confirm(seq, 10s));
}

std::string WorkerHarness::publish_member_join(const std::string& user_id, const std::string& event_id, bool audit) {
  const json payload = {{"eventId", event_id},
                        {"eventType", "member.join"},
                        {"timestamp", 0},
                        {"shardId", 0},
                        {"guildId", guild_id_},
                        {"userId", user_id},
                        {"data", {{"userId", user_id}, {"username", "u" + user_id}, {"audit", audit}}}};
  publish("member.join", payload.dump(), 5, event_id);
  return event_id;
}

json WorkerHarness::rest_calls(const std::string& needle) {
  json out = json::array();
  const json all = sim_->recorder().records(0, 100000);  // kept alive: the loop reads into it
  for (const auto& r : all["records"]) {
    if (r.value("kind", "") == "rest" && r.value("path", "").find(needle) != std::string::npos) out.push_back(r);
  }
  return out;
}

bool WorkerHarness::wait_for_calls(const std::string& needle, std::size_t count, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (rest_calls(needle).size() >= count) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::vector<amqp::Message> WorkerHarness::drain_dlq() {
  std::vector<amqp::Message> out;
  while (auto m = amqp_->get(std::string(topology::kDeadLetterQueue), true)) out.push_back(std::move(*m));
  return out;
}

std::uint32_t WorkerHarness::queue_depth(const std::string& queue) { return amqp_->declare_queue(queue, {}, true, true); }

long long WorkerHarness::audit_rows(const std::string& user_id) {
  // Retried once: after a PostgreSQL restart the pooled connection is stale on first use.
  for (int attempt = 0;; ++attempt) {
    try {
      return audit_rows_once(user_id);
    } catch (const std::exception&) {
      if (attempt > 0) throw;
    }
  }
}

long long WorkerHarness::audit_rows_total() { return audit_rows(""); }

long long WorkerHarness::audit_rows_once(const std::string& user_id) {
  return admin_->transaction([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT count(*) FROM audit_log a JOIN communities c ON c.id = a.community_id "
                           "WHERE c.discord_guild_id = $1 AND ($2 = '' OR a.actor = $2) "
                           "AND a.event_type = 'echo.member.join'",
                           guild_id_, user_id)[0]
        .as<long long>();
  });
}

}  // namespace arrakis::testing
