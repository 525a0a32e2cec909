#include "arrakis/config.hpp"

#include <algorithm>

#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <sstream>

#include "arrakis/url.hpp"

namespace arrakis {
namespace {

// Collects every problem so an operator fixes the whole environment in one go.
class Reader {
 public:
  explicit Reader(const EnvLookup& env) : env_(env) {}

  std::string text(const std::string& name, const std::string& fallback) {
    auto v = env_(name);
    return v && !v->empty() ? *v : fallback;
  }

  std::string required(const std::string& name, const std::string& what) {
    auto v = env_(name);
    if (!v || v->empty()) {
      problems_ << name << " is not set: expected " << what << "\n";
      return {};
    }
    return *v;
  }

  std::string url(const std::string& name, const std::string& fallback,
                  std::initializer_list<const char*> schemes) {
    std::string value = text(name, fallback);
    if (value.empty()) return value;
    auto parsed = parse_service_url(value);
    bool scheme_ok = false;
    if (parsed) {
      for (const char* s : schemes) scheme_ok = scheme_ok || parsed->scheme == s;
    }
    if (!parsed || !scheme_ok) {
      problems_ << name << " is not a valid URL (" << mask_url_password(value) << "): expected ";
      const char* sep = "";
      for (const char* s : schemes) {
        problems_ << sep << s << "://";
        sep = " or ";
      }
      problems_ << "user:password@host:port/...\n";
    }
    return value;
  }

  // An optional file that must be readable when named (a CA bundle, a certificate, a key).
  std::string file(const std::string& name) {
    std::string value = text(name, "");
    if (!value.empty() && access(value.c_str(), R_OK) != 0) {
      problems_ << name << "=" << value << " is not a readable file\n";
    }
    return value;
  }

  TlsFiles tls(const std::string& prefix) {
    TlsFiles files{file(prefix + "_CA_FILE"), file(prefix + "_CERT_FILE"), file(prefix + "_KEY_FILE")};
    if (files.cert_file.empty() != files.key_file.empty()) {
      problems_ << prefix << "_CERT_FILE and " << prefix << "_KEY_FILE go together: set both or neither\n";
    }
    return files;
  }

  double number(const std::string& name, double fallback, double min, double max) {
    auto v = env_(name);
    if (!v || v->empty()) return fallback;
    try {
      std::size_t used = 0;
      const double value = std::stod(*v, &used);
      if (used == v->size() && value >= min && value <= max) return value;
    } catch (const std::exception&) {
    }
    problems_ << name << "=" << *v << " is not a number from " << min << " to " << max << "\n";
    return fallback;
  }

  ShardRange shards(const std::string& name) {
    const std::string value = text(name, "auto");
    if (auto parsed = parse_shard_range(value)) return *parsed;
    problems_ << name << "=" << value << " is not \"auto\" or \"first..last of count\" with first <= last < count\n";
    return {};
  }

  long integer(const std::string& name, long fallback, long min, long max) {
    auto v = env_(name);
    if (!v || v->empty()) return fallback;
    long value = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || ptr != v->data() + v->size() || value < min || value > max) {
      problems_ << name << "=" << *v << " is not a whole number from " << min << " to " << max << "\n";
      return fallback;
    }
    return value;
  }

  std::string one_of(const std::string& name, const std::string& fallback,
                     std::initializer_list<const char*> allowed) {
    std::string value = text(name, fallback);
    for (const char* a : allowed) {
      if (value == a) return value;
    }
    problems_ << name << "=" << value << " is not one of:";
    for (const char* a : allowed) problems_ << " " << a;
    problems_ << "\n";
    return fallback;
  }

  CommandsSync commands_sync(const std::string& name) {
    const std::string value = text(name, "off");
    if (auto parsed = parse_commands_sync(value)) return *parsed;
    problems_ << name << "=" << value << " is not \"off\", \"global\" or \"guild:<guild id>\"\n";
    return {};
  }

  void finish() const {
    const std::string all = problems_.str();
    if (!all.empty()) throw ConfigError("invalid configuration:\n" + all);
  }

 private:
  const EnvLookup& env_;
  std::ostringstream problems_;
};

std::string default_replica_id() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid());
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::optional<ShardRange> parse_shard_range(const std::string& text) {
  if (text == "auto") return ShardRange{};
  std::istringstream in(text);
  std::string range, of;
  long count = 0;
  if (!(in >> range >> of >> count) || of != "of" || !(in >> std::ws).eof()) return std::nullopt;
  long first = 0, last = 0;
  const auto dots = range.find("..");
  auto whole = [](const std::string& s, long& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
  };
  if (dots == std::string::npos) {
    if (!whole(range, first)) return std::nullopt;
    last = first;
  } else if (!whole(range.substr(0, dots), first) || !whole(range.substr(dots + 2), last)) {
    return std::nullopt;
  }
  if (count < 1 || count > 65536 || first < 0 || first > last || last >= count) return std::nullopt;
  return ShardRange{false, static_cast<int>(first), static_cast<int>(last), static_cast<int>(count)};
}

Config Config::load(const EnvLookup& env) { return load(env, ConfigNeeds{}); }

Config Config::load(const EnvLookup& env, const ConfigNeeds& needs) {
  Reader r(env);
  Config c;
  c.rabbitmq_url = r.url("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/", {"amqp", "amqps"});
  c.redis_url = r.url("REDIS_URL", "redis://127.0.0.1:6379", {"redis", "rediss"});
  c.database_url = r.url("DATABASE_URL", "", {"postgresql", "postgres"});
  if (c.database_url.empty() && needs.database) r.required("DATABASE_URL", "postgresql://user:password@host:port/database");
  c.database_admin_url = r.url("DATABASE_ADMIN_URL", "", {"postgresql", "postgres"});
  c.amqp_tls = r.tls("ARRAKIS_AMQP");
  c.redis_tls = r.tls("ARRAKIS_REDIS");
  c.database_ca_file = r.file("ARRAKIS_DATABASE_CA_FILE");
  for (auto [name, url] : {std::pair{"DATABASE_URL", &c.database_url}, std::pair{"DATABASE_ADMIN_URL", &c.database_admin_url}}) {
    if (url->empty()) continue;
    *url = database_tls_url(*url, c.database_ca_file);
    if (auto weak = database_tls_warning(*url)) c.warnings.push_back(std::string(name) + ": " + *weak);
  }
  c.discord_application_id = r.text("DISCORD_APPLICATION_ID", "");
  c.discord_bot_token = r.text("DISCORD_BOT_TOKEN", "");
  c.discord_api_base = r.url("DISCORD_API_BASE", "https://discord.com/api/v10", {"http", "https"});
  c.plugin_dir = r.text("ARRAKIS_PLUGIN_DIR", "/opt/arrakis/plugins");
  c.plugin_store_dir = r.text("ARRAKIS_PLUGIN_STORE", "/var/lib/arrakis/plugin-store");
  c.http_bind = r.text("ARRAKIS_HTTP_BIND", "127.0.0.1");
  c.http_port = static_cast<std::uint16_t>(r.integer("ARRAKIS_HTTP_PORT", 8080, 0, 65535));
  c.routes_bind = r.text("ARRAKIS_ROUTES_BIND", "127.0.0.1");
  c.routes_port = static_cast<std::uint16_t>(r.integer("ARRAKIS_ROUTES_PORT", 8090, 0, 65535));
  c.trusted_proxies = r.text("ARRAKIS_TRUSTED_PROXIES", "");
  c.log_level = r.one_of("ARRAKIS_LOG_LEVEL", "info", {"trace", "debug", "info", "warn", "error"});
  c.log_format = r.one_of("ARRAKIS_LOG_FORMAT", isatty(STDERR_FILENO) ? "text" : "json", {"json", "text"});
  c.db_pool_size = static_cast<int>(r.integer("ARRAKIS_DB_POOL_SIZE", 4, 1, 256));
  c.interaction_prefetch = static_cast<int>(r.integer("ARRAKIS_INTERACTION_PREFETCH", 10, 1, 1000));
  c.event_prefetch = static_cast<int>(r.integer("ARRAKIS_EVENT_PREFETCH", 20, 1, 1000));
  c.discord_gateway_url = r.url("DISCORD_GATEWAY_URL", "", {"ws", "wss"});
  c.shards = r.shards("ARRAKIS_SHARDS");
  c.gateway_intents = static_cast<std::uint32_t>(r.integer("ARRAKIS_GATEWAY_INTENTS", 1539, 0, (1L << 26) - 1));
  c.gateway_compress = r.one_of("ARRAKIS_GATEWAY_COMPRESS", "zlib-stream", {"zlib-stream", "none"}) == "zlib-stream";
  c.gateway_time_factor = r.number("ARRAKIS_GATEWAY_TIME_FACTOR", 1.0, 1.0, 1000.0);
  c.ingestor_buffer = static_cast<int>(r.integer("ARRAKIS_INGESTOR_BUFFER", 10000, 1, 10'000'000));
  c.ingestor_window = static_cast<int>(r.integer("ARRAKIS_INGESTOR_WINDOW", 256, 1, 65535));
  c.ingestor_http_port = static_cast<std::uint16_t>(r.integer("ARRAKIS_INGESTOR_HTTP_PORT", 8081, 0, 65535));
  c.memory_threshold_mb = static_cast<int>(r.integer("ARRAKIS_MEMORY_THRESHOLD_MB", 256, 1, 1 << 20));
  c.worker_threads = static_cast<int>(r.integer("ARRAKIS_WORKER_THREADS", 8, 1, 256));
  c.rest_io_threads = static_cast<int>(r.integer("ARRAKIS_REST_IO_THREADS", 2, 1, 64));
  c.plugin_call_budget_ms = static_cast<int>(r.integer("ARRAKIS_PLUGIN_CALL_BUDGET_MS", 10000, 10, 600000));
  c.max_attempts = static_cast<int>(r.integer("ARRAKIS_MAX_ATTEMPTS", 5, 1, 100));
  c.admin_token_file = r.text("ARRAKIS_ADMIN_TOKEN_FILE", c.plugin_store_dir + "/../admin-token");
  c.chain_rpc_urls = r.text("ARRAKIS_CHAIN_RPC_URLS", "");
  c.replica_id = r.text("ARRAKIS_REPLICA_ID", default_replica_id());
  c.trusted_keys_file = r.text("ARRAKIS_TRUSTED_KEYS_FILE", "");
  c.plugin_watch = r.one_of("ARRAKIS_PLUGIN_WATCH", "0", {"0", "1"}) == "1";
  c.commands_sync = r.commands_sync("ARRAKIS_COMMANDS_SYNC");
  if (!c.discord_bot_token.empty() && c.discord_application_id.empty()) {
    r.required("DISCORD_APPLICATION_ID", "the application's id (a snowflake) whenever DISCORD_BOT_TOKEN is set");
  }
  r.finish();
  return c;
}

std::optional<CommandsSync> parse_commands_sync(const std::string& text) {
  CommandsSync sync;
  if (text == "off") return sync;
  if (text == "global") {
    sync.scope = CommandsSync::Scope::global;
    return sync;
  }
  constexpr std::string_view prefix = "guild:";
  if (!text.starts_with(prefix)) return std::nullopt;
  const std::string id = text.substr(prefix.size());
  if (id.empty() || id.size() > 20 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  sync.scope = CommandsSync::Scope::guild;
  sync.guild_id = id;
  return sync;
}

std::string to_string(const CommandsSync& sync) {
  switch (sync.scope) {
    case CommandsSync::Scope::global: return "global";
    case CommandsSync::Scope::guild: return "guild:" + sync.guild_id;
    case CommandsSync::Scope::off: break;
  }
  return "off";
}

namespace {

// The query of a PostgreSQL URI as ordered name=value pairs (values kept as written).
std::vector<std::pair<std::string, std::string>> query_pairs(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < query.size()) {
    const auto amp = std::min(query.find('&', start), query.size());
    const std::string item = query.substr(start, amp - start);
    if (!item.empty()) {
      const auto eq = item.find('=');
      out.emplace_back(item.substr(0, eq), eq == std::string::npos ? "" : item.substr(eq + 1));
    }
    start = amp + 1;
  }
  return out;
}

std::string query_value(const std::string& url, const std::string& name) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  for (const auto& [k, v] : query_pairs(url.substr(question + 1))) {
    if (k == name) return v;
  }
  return {};
}

std::string percent_encode_value(const std::string& in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : in) {
    if (std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out += {'%', hex[ch >> 4], hex[ch & 15]};
    }
  }
  return out;
}

}  // namespace

std::string database_tls_url(const std::string& url, const std::string& ca_file) {
  if (ca_file.empty()) return url;
  const auto question = url.find('?');
  const std::string base = url.substr(0, question);
  auto pairs = query_pairs(question == std::string::npos ? "" : url.substr(question + 1));
  bool has_root = false;
  for (auto& [k, v] : pairs) {
    if (k == "sslmode" && v == "disable") return url;  // explicitly without TLS (a local server)
    if (k == "sslmode") v = "verify-full";
    has_root = has_root || k == "sslrootcert";
  }
  if (query_value(url, "sslmode").empty()) pairs.emplace_back("sslmode", "verify-full");
  if (!has_root) pairs.emplace_back("sslrootcert", percent_encode_value(ca_file));
  std::string out = base;
  char sep = '?';
  for (const auto& [k, v] : pairs) {
    out += sep + k + "=" + v;
    sep = '&';
  }
  return out;
}

std::optional<std::string> database_tls_warning(const std::string& url) {
  const std::string mode = query_value(url, "sslmode");
  if (mode == "allow" || mode == "prefer" || mode == "require") {
    return "sslmode=" + mode + " encrypts but does not authenticate the server (anyone on the path can "
           "impersonate it); set ARRAKIS_DATABASE_CA_FILE to the server's CA bundle to use sslmode=verify-full";
  }
  if (mode == "verify-ca") {
    return "sslmode=verify-ca checks the CA but not the host name; use sslmode=verify-full";
  }
  return std::nullopt;
}

std::string mask_secret(const std::string& secret) { return secret.empty() ? "" : "***"; }

std::string mask_url_password(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  // The user info ends at the LAST '@' of the authority: a password may contain '@' itself.
  const auto authority_end = std::min(url.find('/', scheme_end + 3), url.size());
  const auto at = url.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
  if (at == std::string::npos || at < scheme_end + 3) return url;
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

namespace {

// What in a chain RPC endpoint is a credential: a password, and the path and query, where hosted
// RPC providers put the API key (https://host/v2/<key>, https://host/?apikey=<key>).
void add_rpc_url_secrets(const std::string& url, std::vector<std::string>& out) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return;
  if (auto parsed = parse_service_url(url); parsed && !parsed->password.empty()) out.push_back(parsed->password);
  const auto path = url.find_first_of("/?", scheme_end + 3);
  if (path == std::string::npos) return;
  std::string rest = url.substr(path);
  while (!rest.empty() && (rest.back() == '/')) rest.pop_back();
  if (rest.size() > 1) out.push_back(rest.front() == '/' ? rest.substr(1) : rest);
}

}  // namespace

std::vector<std::string> Config::describe() const {
  return {
      "RABBITMQ_URL=" + mask_url_password(rabbitmq_url),
      "REDIS_URL=" + mask_url_password(redis_url),
      "DATABASE_URL=" + mask_url_password(database_url),
      "DATABASE_ADMIN_URL=" + mask_url_password(database_admin_url),
      "ARRAKIS_AMQP_CA_FILE=" + amqp_tls.ca_file,
      "ARRAKIS_AMQP_CERT_FILE=" + amqp_tls.cert_file,
      "ARRAKIS_AMQP_KEY_FILE=" + amqp_tls.key_file,
      "ARRAKIS_REDIS_CA_FILE=" + redis_tls.ca_file,
      "ARRAKIS_REDIS_CERT_FILE=" + redis_tls.cert_file,
      "ARRAKIS_REDIS_KEY_FILE=" + redis_tls.key_file,
      "ARRAKIS_DATABASE_CA_FILE=" + database_ca_file,
      "DISCORD_APPLICATION_ID=" + discord_application_id,
      "DISCORD_BOT_TOKEN=" + mask_secret(discord_bot_token),
      "DISCORD_API_BASE=" + discord_api_base,
      "ARRAKIS_PLUGIN_DIR=" + plugin_dir,
      "ARRAKIS_PLUGIN_STORE=" + plugin_store_dir,
      "ARRAKIS_PLUGIN_WATCH=" + std::string(plugin_watch ? "1" : "0"),
      "ARRAKIS_COMMANDS_SYNC=" + to_string(commands_sync),
      "ARRAKIS_HTTP_BIND=" + http_bind,
      "ARRAKIS_HTTP_PORT=" + std::to_string(http_port),
      "ARRAKIS_ROUTES_BIND=" + routes_bind,
      "ARRAKIS_ROUTES_PORT=" + std::to_string(routes_port),
      "ARRAKIS_TRUSTED_PROXIES=" + trusted_proxies,
      "ARRAKIS_LOG_LEVEL=" + log_level,
      "ARRAKIS_LOG_FORMAT=" + log_format,
      "ARRAKIS_DB_POOL_SIZE=" + std::to_string(db_pool_size),
      "ARRAKIS_INTERACTION_PREFETCH=" + std::to_string(interaction_prefetch),
      "ARRAKIS_EVENT_PREFETCH=" + std::to_string(event_prefetch),
      "ARRAKIS_WORKER_THREADS=" + std::to_string(worker_threads),
      "ARRAKIS_REST_IO_THREADS=" + std::to_string(rest_io_threads),
      "DISCORD_GATEWAY_URL=" + discord_gateway_url,
      "ARRAKIS_SHARDS=" + (shards.automatic ? std::string("auto")
                                            : std::to_string(shards.first) + ".." + std::to_string(shards.last) +
                                                  " of " + std::to_string(shards.count)),
      "ARRAKIS_GATEWAY_INTENTS=" + std::to_string(gateway_intents),
      "ARRAKIS_GATEWAY_COMPRESS=" + std::string(gateway_compress ? "zlib-stream" : "none"),
      "ARRAKIS_GATEWAY_TIME_FACTOR=" + std::to_string(gateway_time_factor),
      "ARRAKIS_INGESTOR_BUFFER=" + std::to_string(ingestor_buffer),
      "ARRAKIS_INGESTOR_WINDOW=" + std::to_string(ingestor_window),
      "ARRAKIS_INGESTOR_HTTP_PORT=" + std::to_string(ingestor_http_port),
      "ARRAKIS_MEMORY_THRESHOLD_MB=" + std::to_string(memory_threshold_mb),
  };
}

std::vector<std::string> Config::secrets() const {
  std::vector<std::string> out;
  if (!discord_bot_token.empty()) out.push_back(discord_bot_token);
  for (const auto* u : {&rabbitmq_url, &redis_url, &database_url, &database_admin_url}) {
    if (auto parsed = parse_service_url(*u); parsed && !parsed->password.empty()) {
      out.push_back(parsed->password);
    }
  }
  std::size_t start = 0;
  while (start <= chain_rpc_urls.size()) {
    const auto comma = std::min(chain_rpc_urls.find(',', start), chain_rpc_urls.size());
    add_rpc_url_secrets(chain_rpc_urls.substr(start, comma - start), out);
    start = comma + 1;
  }
  return out;
}

}  // namespace arrakis
