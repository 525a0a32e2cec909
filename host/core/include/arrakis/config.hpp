#pragma once
// The process configuration, read once from the environment (12-factor) into one typed object.
// Every value is validated at start; an error names the variable and says what is expected.
#include <chrono>
#include <functional>
#include <optional>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "arrakis/tls.hpp"

namespace arrakis {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads variables through a lookup function so tests need not touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// Which shards one ingestor process runs: [first, last] of count, or all the shards Discord
// recommends (GET /gateway/bot) when `automatic`.
struct ShardRange {
  bool automatic = true;
  int first = 0;
  int last = 0;
  int count = 1;
};
// "auto", "first..last of count" or "id of count" (e.g. "0..3 of 16", "5 of 16"); nullopt when malformed
// or out of range (first <= last < count, count >= 1).
std::optional<ShardRange> parse_shard_range(const std::string& text);

// When the worker registers the loaded plugins' application commands with Discord at start
// (docs/commands.md): not at all, globally, or in one guild.
struct CommandsSync {
  enum class Scope { off, global, guild };
  Scope scope = Scope::off;
  std::string guild_id;  // Scope::guild only
};
// "off", "global" or "guild:<snowflake>"; nullopt when malformed.
std::optional<CommandsSync> parse_commands_sync(const std::string& text);
std::string to_string(const CommandsSync& sync);

// What a program needs; variables it does not need are still read and validated when set.
struct ConfigNeeds {
  bool database = true;  // DATABASE_URL must be set (the ingestor does not use PostgreSQL)
};

struct Config {
  std::string rabbitmq_url;        // RABBITMQ_URL   amqp[s]://user:pass@host:port/vhost
  std::string redis_url;           // REDIS_URL      redis[s]://[user:pass@]host:port[/db]
  std::string database_url;        // DATABASE_URL   postgresql://user:pass@host:port/db (RLS-bound app role)
  std::string database_admin_url;  // DATABASE_ADMIN_URL (migrations, jobs); may be empty
  // TLS (docs/security.md): files for amqps:// and rediss://, the CA that makes every PostgreSQL
  // connection sslmode=verify-full.
  TlsFiles amqp_tls;               // ARRAKIS_AMQP_CA_FILE, ARRAKIS_AMQP_CERT_FILE, ARRAKIS_AMQP_KEY_FILE
  TlsFiles redis_tls;              // ARRAKIS_REDIS_CA_FILE, ARRAKIS_REDIS_CERT_FILE, ARRAKIS_REDIS_KEY_FILE
  std::string database_ca_file;    // ARRAKIS_DATABASE_CA_FILE
  // What is allowed but weak (sslmode=require without a CA), for the programs to log at start.
  std::vector<std::string> warnings;
  std::string discord_application_id;  // DISCORD_APPLICATION_ID
  std::string discord_bot_token;       // DISCORD_BOT_TOKEN (secret; empty = use the simulator)
  std::string discord_api_base;        // DISCORD_API_BASE  default https://discord.com/api/v10
  std::string plugin_dir;              // ARRAKIS_PLUGIN_DIR default /opt/arrakis/plugins
  std::string plugin_store_dir;        // ARRAKIS_PLUGIN_STORE default /var/lib/arrakis/plugin-store
  std::string http_bind;               // ARRAKIS_HTTP_BIND default 127.0.0.1
  std::uint16_t http_port = 8080;      // ARRAKIS_HTTP_PORT
  std::string routes_bind;             // ARRAKIS_ROUTES_BIND default 127.0.0.1: the public plugin-route listener
  std::uint16_t routes_port = 8090;    // ARRAKIS_ROUTES_PORT (0 = any free port)
  std::string trusted_proxies;         // ARRAKIS_TRUSTED_PROXIES: IPs/CIDRs whose X-Forwarded-For is believed
  std::string log_level;               // ARRAKIS_LOG_LEVEL trace|debug|info|warn|error (default info)
  std::string log_format;              // ARRAKIS_LOG_FORMAT json|text (default: text on a terminal)
  int db_pool_size = 4;                // ARRAKIS_DB_POOL_SIZE
  int interaction_prefetch = 10;       // ARRAKIS_INTERACTION_PREFETCH
  int event_prefetch = 20;             // ARRAKIS_EVENT_PREFETCH
  // Worker runtime
  int worker_threads = 8;                 // ARRAKIS_WORKER_THREADS: plugin calls running at once
  int rest_io_threads = 2;                // ARRAKIS_REST_IO_THREADS: cpprestsdk's I/O threads (Discord REST, chain RPC)
  int plugin_call_budget_ms = 10000;      // ARRAKIS_PLUGIN_CALL_BUDGET_MS: time budget of one plugin call
  int max_attempts = 5;                   // ARRAKIS_MAX_ATTEMPTS: deliveries before a message is dead-lettered
  std::string admin_token_file;           // ARRAKIS_ADMIN_TOKEN_FILE (mode 0600; created when missing)
  std::string chain_rpc_urls;             // ARRAKIS_CHAIN_RPC_URLS: comma-separated JSON-RPC endpoints, in order
  std::string replica_id;                 // ARRAKIS_REPLICA_ID (default: host name and process id)
  std::string trusted_keys_file;          // ARRAKIS_TRUSTED_KEYS_FILE: Ed25519 keys; set = only signed plugins load
  bool plugin_watch = false;              // ARRAKIS_PLUGIN_WATCH=1: load lib*.so dropped into the plugin dir by itself
  CommandsSync commands_sync;             // ARRAKIS_COMMANDS_SYNC off|global|guild:<id> (default off)

  // arrakis-ingestor
  std::string discord_gateway_url;     // DISCORD_GATEWAY_URL  ws:// or wss://; empty = ask GET /gateway/bot
  ShardRange shards;                   // ARRAKIS_SHARDS  "auto" | "first..last of count"
  std::uint32_t gateway_intents = 1539;  // ARRAKIS_GATEWAY_INTENTS GUILDS|GUILD_MEMBERS|GUILD_MESSAGES|REACTIONS
  bool gateway_compress = true;        // ARRAKIS_GATEWAY_COMPRESS zlib-stream|none
  double gateway_time_factor = 1.0;    // ARRAKIS_GATEWAY_TIME_FACTOR Discord's waits run this much faster (tests)
  int ingestor_buffer = 10000;         // ARRAKIS_INGESTOR_BUFFER events held until confirmed
  int ingestor_window = 256;           // ARRAKIS_INGESTOR_WINDOW publishes in flight (unconfirmed)
  std::uint16_t ingestor_http_port = 8081;  // ARRAKIS_INGESTOR_HTTP_PORT health + metrics
  int memory_threshold_mb = 256;       // ARRAKIS_MEMORY_THRESHOLD_MB /health turns 503 above this RSS

  // Throws ConfigError listing every problem found, one per line.
  static Config load(const EnvLookup& env);
  static Config load(const EnvLookup& env, const ConfigNeeds& needs);

  // Every value as "NAME=value", secrets (tokens, passwords inside URLs) masked.
  std::vector<std::string> describe() const;
  // The secrets this configuration carries, for the log redactor.
  std::vector<std::string> secrets() const;
};

// "amqp://guest:secret@host/" -> "amqp://guest:***@host/".
std::string mask_url_password(const std::string& url);
std::string mask_secret(const std::string& secret);

// A PostgreSQL URL made to verify the server against `ca_file`: sslmode becomes verify-full and
// sslrootcert names the file (unless the URL names one). Unchanged when ca_file is empty or the URL
// says sslmode=disable (a local server without TLS).
std::string database_tls_url(const std::string& url, const std::string& ca_file);
// Why the URL's sslmode does not authenticate the server (allow, prefer, require, verify-ca); nullopt
// for verify-full, disable or no sslmode at all (local development).
std::optional<std::string> database_tls_warning(const std::string& url);

}  // namespace arrakis
