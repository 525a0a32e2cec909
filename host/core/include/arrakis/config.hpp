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

namespace arrakis {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads variables through a lookup function so tests need not touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

struct Config {
  std::string rabbitmq_url;        // RABBITMQ_URL   amqp://user:pass@host:port/vhost
  std::string redis_url;           // REDIS_URL      redis://[:pass@]host:port[/db]
  std::string database_url;        // DATABASE_URL   postgresql://user:pass@host:port/db (RLS-bound app role)
  std::string database_admin_url;  // DATABASE_ADMIN_URL (migrations, jobs); may be empty
  std::string discord_application_id;  // DISCORD_APPLICATION_ID
  std::string discord_bot_token;       // DISCORD_BOT_TOKEN (secret; empty = use the simulator)
  std::string discord_api_base;        // DISCORD_API_BASE  default https://discord.com/api/v10
  std::string plugin_dir;              // ARRAKIS_PLUGIN_DIR default /opt/arrakis/plugins
  std::string plugin_store_dir;        // ARRAKIS_PLUGIN_STORE default /var/lib/arrakis/plugin-store
  std::string http_bind;               // ARRAKIS_HTTP_BIND default 127.0.0.1
  std::uint16_t http_port = 8080;      // ARRAKIS_HTTP_PORT
  std::string log_level;               // ARRAKIS_LOG_LEVEL trace|debug|info|warn|error (default info)
  std::string log_format;              // ARRAKIS_LOG_FORMAT json|text (default: text on a terminal)
  int db_pool_size = 4;                // ARRAKIS_DB_POOL_SIZE
  int interaction_prefetch = 10;       // ARRAKIS_INTERACTION_PREFETCH
  int event_prefetch = 20;             // ARRAKIS_EVENT_PREFETCH

  // Throws ConfigError listing every problem found, one per line.
  static Config load(const EnvLookup& env);

  // Every value as "NAME=value", secrets (tokens, passwords inside URLs) masked.
  std::vector<std::string> describe() const;
  // The secrets this configuration carries, for the log redactor.
  std::vector<std::string> secrets() const;
};

// "amqp://guest:secret@host/" -> "amqp://guest:***@host/".
std::string mask_url_password(const std::string& url);
std::string mask_secret(const std::string& secret);

}  // namespace arrakis
