// bench_worker: arrakis-worker (the real binary, with the threshold, naib and echo plugins) under an
// open-loop load of slash commands published straight to RabbitMQ, answered into discord-sim running
// in this process. discord-sim's recorder times, per interaction, dispatch -> first response (the
// worker's defer) and dispatch -> first follow-up (the plugin's answer). Issue 7's goals at 1,000
// interactions/s for 60 s: p99 < 10 ms and < 20 ms. Writes the figures and the worker's RSS as JSON.
//
//   eval "$(tools/dev services env)"; build/release/bench/worker/bench_worker --out bench/results/worker.json
#include <sys/utsname.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/discord_sim/simulator.hpp"
#include "arrakis/migrations.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/http_client.hpp"
#include "arrakis/topology.hpp"
#include "interaction_publisher.hpp"
#include "worker_process_stats.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string required_env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    std::cerr << "bench_worker: " << name << " is not set; start the servers with `tools/dev services start` and "
              << "eval \"$(tools/dev services env)\"\n";
    std::exit(2);
  }
  return v;
}

json get_json(std::uint16_t port, const std::string& target) {
  return json::parse(arrakis::testing::http_request("127.0.0.1", port, "GET", target).body);
}

bool wait_ready(std::uint16_t port, arrakis::testing::ChildProcess& worker, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!worker.running()) return false;
    try {
      if (arrakis::testing::http_request("127.0.0.1", port, "GET", "/ready").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

struct Completion {
  std::uint64_t responses = 0;
  std::uint64_t followups = 0;
  double seconds = 0;  // from the first publish until the last answer was seen (20 ms polls)
  bool complete = false;
};

// Polls the recorder until `expected` follow-ups were recorded, or nothing moved for `stall`.
Completion wait_answered(arrakis::discord_sim::Simulator& sim, std::uint64_t expected,
                         std::chrono::steady_clock::time_point started, std::chrono::seconds stall) {
  Completion c;
  auto last_progress = std::chrono::steady_clock::now();
  while (true) {
    const auto stats = sim.recorder().stats()["latency_ms"];
    const auto responses = stats["dispatch_to_first_response"]["count"].get<std::uint64_t>();
    const auto followups = stats["dispatch_to_first_followup"]["count"].get<std::uint64_t>();
    const auto now = std::chrono::steady_clock::now();
    if (followups != c.followups || responses != c.responses) {
      last_progress = now;
      c.seconds = std::chrono::duration<double>(now - started).count();  // until the last answer seen
    }
    c.responses = responses;
    c.followups = followups;
    if (followups >= expected && responses >= expected) {
      c.complete = true;
      return c;
    }
    if (now - last_progress > stall) return c;
    std::this_thread::sleep_for(20ms);
  }
}

json latency(const json& summary) {
  json out = json::object();
  for (const char* k : {"count", "p50", "p95", "p99", "max", "mean"}) {
    if (summary.contains(k)) out[k] = summary[k];
  }
  return out;
}

// The worker's tuning variables as this driver passes them on (unset = the worker's default).
json worker_tuning() {
  json out = json::object();
  for (const char* name : {"ARRAKIS_INTERACTION_PREFETCH", "ARRAKIS_WORKER_THREADS", "ARRAKIS_REST_IO_THREADS",
                           "ARRAKIS_DB_POOL_SIZE"}) {
    const char* v = std::getenv(name);
    out[name] = v ? json(v) : json("default");
  }
  return out;
}

std::string utc_now() {
  char buf[32];
  const auto t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_worker: arrakis-worker latency and RSS under a fixed rate of slash commands"};
  double rate = 1000;
  double duration_s = 60;
  double warmup_s = 3;
  std::string out_path = "bench/results/worker.json";
  std::string worker_binary = ARRAKIS_WORKER_BINARY;
  std::vector<std::string> commands = {"echo", "threshold", "naib"};
  app.add_option("--rate", rate, "interactions per second")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--duration", duration_s, "seconds of measured load")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--warmup", warmup_s, "seconds of load at the same rate before measuring (connections, caches)")
      ->capture_default_str();
  app.add_option("--commands", commands, "commands sent in turn")->capture_default_str();
  app.add_option("--worker", worker_binary, "the arrakis-worker program")->capture_default_str();
  app.add_option("--out", out_path, "where the JSON goes")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const auto rabbitmq = required_env("RABBITMQ_URL");
  const auto redis = required_env("REDIS_URL");
  const auto database = required_env("DATABASE_URL");
  const auto database_admin = required_env("DATABASE_ADMIN_URL");

  arrakis::migrations::apply_migrations(database_admin, ARRAKIS_MIGRATIONS_DIR);
  {
    auto amqp = arrakis::amqp::Connection::open(rabbitmq);
    arrakis::topology::declare_topology(amqp);
    for (auto q : {arrakis::topology::kInteractionsQueue, arrakis::topology::kDeadLetterQueue}) {
      amqp.purge_queue(std::string(q));
    }
  }

  // Discord, in-process. Its REST threads answer two calls per interaction (defer + follow-up).
  arrakis::discord_sim::Options sim_options;
  sim_options.guilds = 1;
  sim_options.members_per_guild = 5;
  sim_options.record_capacity = 1000;  // the latencies are kept apart from the ring of records
  arrakis::discord_sim::Simulator sim(sim_options);
  const auto urls = get_json(sim.rest_port(), "/control/urls");

  // The worker's plugin folder: every demo plugin plus the echo fixture.
  const fs::path root = fs::temp_directory_path() / ("arrakis-bench-worker-" + std::to_string(::getpid()));
  fs::create_directories(root / "plugins");
  for (const auto& entry : fs::directory_iterator(ARRAKIS_DEMO_PLUGINS)) {
    if (entry.path().extension() == ".so") fs::copy_file(entry.path(), root / "plugins" / entry.path().filename());
  }
  fs::copy_file(fs::path(ARRAKIS_TEST_PLUGINS) / "libecho-v1.so", root / "plugins" / "libecho.so");
  std::vector<std::string> plugin_files;
  for (const auto& entry : fs::directory_iterator(root / "plugins")) plugin_files.push_back(entry.path().filename().string());

  const auto http_port = arrakis::testing::free_port();
  const std::map<std::string, std::string> env = {
      {"RABBITMQ_URL", rabbitmq},
      {"REDIS_URL", redis},
      {"DATABASE_URL", database},
      {"DATABASE_ADMIN_URL", database_admin},
      {"DISCORD_API_BASE", sim.api_base()},
      {"DISCORD_BOT_TOKEN", urls["bot_token"]},
      {"DISCORD_APPLICATION_ID", urls["application_id"]},
      {"ARRAKIS_PLUGIN_DIR", (root / "plugins").string()},
      {"ARRAKIS_PLUGIN_STORE", (root / "store").string()},
      {"ARRAKIS_ADMIN_TOKEN_FILE", (root / "admin-token").string()},
      {"ARRAKIS_HTTP_PORT", std::to_string(http_port)},
      {"ARRAKIS_ROUTES_PORT", "0"},  // the bench serves no route: any free port
      {"ARRAKIS_LOG_FORMAT", "json"}};
  const auto worker_log = (root / "worker.log").string();
  arrakis::testing::ChildProcess worker(worker_binary, {}, env, worker_log);
  if (!wait_ready(http_port, worker, 60s)) {
    std::cerr << "bench_worker: the worker did not become ready; its log:\n" << worker.log() << "\n";
    return 1;
  }
  const auto idle_health = get_json(http_port, "/health");
  const auto idle_memory = arrakis::bench::process_memory(worker.pid());
  std::cerr << "worker ready (pid " << worker.pid() << ", " << plugin_files.size() << " plugins, RSS "
            << idle_memory.rss_mb << " MB)\n";

  const std::string guild_id = std::to_string(710000000000000000ull + static_cast<unsigned long long>(::getpid()) * 1000 +
                                              std::random_device{}() % 1000);
  arrakis::bench::InteractionPublisher publisher(sim, rabbitmq, guild_id);

  // Warm-up: the community row, pooled connections, prepared statements, REST keep-alive.
  if (warmup_s > 0) {
    const auto n = static_cast<std::uint64_t>(rate * warmup_s);
    const auto started = std::chrono::steady_clock::now();
    publisher.run(rate, n, commands);
    const auto done = wait_answered(sim, n, started, 20s);
    std::cerr << "warm-up: " << done.followups << "/" << n << " answered\n";
  }
  sim.recorder().clear();

  const auto count = static_cast<std::uint64_t>(rate * duration_s);
  std::cerr << "measuring: " << count << " interactions at " << rate << "/s\n";
  const auto started = std::chrono::steady_clock::now();
  std::atomic<double> peak_rss_during{0};
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    while (sampling) {
      peak_rss_during = std::max(peak_rss_during.load(), arrakis::bench::process_memory(worker.pid()).rss_mb);
      std::this_thread::sleep_for(250ms);
    }
  });
  const auto cpu_before = arrakis::bench::process_cpu_seconds(worker.pid());
  const auto machine_before = arrakis::bench::machine_cpu();
  const auto published = publisher.run(rate, count, commands);
  const auto done = wait_answered(sim, count, started, 30s);
  const auto worker_cpu_s = arrakis::bench::process_cpu_seconds(worker.pid()) - cpu_before;
  const auto machine_after = arrakis::bench::machine_cpu();
  const double machine_busy = (machine_after.total - machine_before.total) > 0
                                  ? (machine_after.busy - machine_before.busy) / (machine_after.total - machine_before.total)
                                  : 0;
  sampling = false;
  sampler.join();

  const auto stats = sim.recorder().stats();
  // Per second of answers (at a steady rate, `rate` answers make one second): shows whether a tail
  // comes from one stall or is spread over the run.
  auto per_second = sim.recorder().latency_windows(static_cast<std::size_t>(rate));
  for (auto& [name, series] : per_second.items()) {
    for (auto& v : series) v = std::round(v.get<double>() * 10) / 10;
  }
  const auto after_memory = arrakis::bench::process_memory(worker.pid());
  const auto after_health = get_json(http_port, "/health");
  std::uint32_t dlq = 0;
  {
    auto amqp = arrakis::amqp::Connection::open(rabbitmq);
    dlq = amqp.declare_queue(std::string(arrakis::topology::kDeadLetterQueue), {}, true, true);
  }
  std::uint64_t rest_errors = 0;
  for (const auto& [status, n] : stats["errors_by_status"].items()) rest_errors += n.get<std::uint64_t>();
  const int exit_status = worker.stop(20s);

  utsname host{};
  ::uname(&host);
  const auto& lat = stats["latency_ms"];
  const json result = {
      {"benchmark", "arrakis-worker under load (issue 7)"},
      {"date", utc_now()},
      {"machine", {{"cpus", std::thread::hardware_concurrency()}, {"kernel", host.release}}},
      {"config",
       {{"rate_per_s", rate},
        {"duration_s", duration_s},
        {"warmup_s", warmup_s},
        {"commands_in_turn", commands},
        {"plugins", plugin_files},
        {"worker_env", worker_tuning()},
        {"note",
         "open loop: interaction i is published at start + i/rate whatever the worker does; the clock starts when it "
         "is marked dispatched in discord-sim (just before the publish to RabbitMQ), so both latencies include the "
         "broker hop. discord-sim, RabbitMQ, Redis, PostgreSQL and the worker share the machine."}}},
      {"defer_latency_ms", latency(lat["dispatch_to_first_response"])},
      {"event_to_followup_latency_ms", latency(lat["dispatch_to_first_followup"])},
      {"max_latency_ms_per_second_of_answers", per_second},
      {"goals", {{"defer_p99_ms", 10}, {"followup_p99_ms", 20}}},
      {"goals_met",
       {{"defer_p99", lat["dispatch_to_first_response"].value("p99", 1e9) < 10},
        {"followup_p99", lat["dispatch_to_first_followup"].value("p99", 1e9) < 20}}},
      {"throughput",
       {{"published", published.published},
        {"publish_seconds", published.seconds},
        {"publish_rate_per_s", published.seconds > 0 ? published.published / published.seconds : 0},
        {"publisher_max_behind_schedule_ms", published.max_behind_ms},
        {"broker_acked", published.acked},
        {"broker_nacked", published.nacked},
        {"answered", done.followups},
        {"deferred", done.responses},
        {"all_answered", done.complete},
        {"answered_within_s", done.seconds},
        {"answered_rate_per_s", done.seconds > 0 ? done.followups / done.seconds : 0}}},
      {"errors",
       {{"unanswered", count > done.followups ? count - done.followups : 0},
        {"rest_errors_by_status", stats["errors_by_status"]},
        {"rest_errors_by_code", stats["errors_by_code"]},
        {"rest_errors_total", rest_errors},
        {"dead_lettered", dlq},
        {"worker_exit_status", exit_status}}},
      {"cpu",
       {{"worker_cpu_seconds", worker_cpu_s},
        {"worker_cpu_ms_per_interaction", done.followups > 0 ? worker_cpu_s * 1000.0 / done.followups : 0},
        {"worker_cores_used", done.seconds > 0 ? worker_cpu_s / done.seconds : 0},
        {"machine_busy_fraction", machine_busy},
        {"note", "machine_busy_fraction covers every process (RabbitMQ, PostgreSQL, Redis, discord-sim, this driver)"}}},
      {"worker_memory_mb",
       {{"rss_idle_all_plugins_loaded", idle_memory.rss_mb},
        {"health_rss_idle", idle_health["memory"]["rssMB"]},
        {"rss_peak_during_load", peak_rss_during.load()},
        {"rss_after_load", after_memory.rss_mb},
        {"vm_hwm_after_load", after_memory.peak_rss_mb},
        {"health_rss_after_load", after_health["memory"]["rssMB"]}}}};

  fs::create_directories(fs::absolute(out_path).parent_path());
  std::ofstream(out_path) << result.dump(2) << "\n";
  std::cout << result.dump(2) << "\n";
  std::error_code ec;
  if (done.complete && rest_errors == 0) fs::remove_all(root, ec);
  else std::cerr << "kept the worker's log: " << worker_log << "\n";
  return done.complete ? 0 : 1;
}
