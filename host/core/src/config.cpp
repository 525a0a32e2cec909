#include "arrakis/config.hpp"

#include <unistd.h>

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

  void finish() const {
    const std::string all = problems_.str();
    if (!all.empty()) throw ConfigError("invalid configuration:\n" + all);
  }

 private:
  const EnvLookup& env_;
  std::ostringstream problems_;
};

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Config Config::load(const EnvLookup& env) {
  Reader r(env);
  Config c;
  c.rabbitmq_url = r.url("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/", {"amqp"});
  c.redis_url = r.url("REDIS_URL", "redis://127.0.0.1:6379", {"redis"});
  c.database_url = r.url("DATABASE_URL", "", {"postgresql", "postgres"});
  if (c.database_url.empty()) r.required("DATABASE_URL", "postgresql://user:password@host:port/database");
  c.database_admin_url = r.url("DATABASE_ADMIN_URL", "", {"postgresql", "postgres"});
  c.discord_application_id = r.text("DISCORD_APPLICATION_ID", "");
  c.discord_bot_token = r.text("DISCORD_BOT_TOKEN", "");
  c.discord_api_base = r.url("DISCORD_API_BASE", "https://discord.com/api/v10", {"http", "https"});
  c.plugin_dir = r.text("ARRAKIS_PLUGIN_DIR", "/opt/arrakis/plugins");
  c.plugin_store_dir = r.text("ARRAKIS_PLUGIN_STORE", "/var/lib/arrakis/plugin-store");
  c.http_bind = r.text("ARRAKIS_HTTP_BIND", "127.0.0.1");
  c.http_port = static_cast<std::uint16_t>(r.integer("ARRAKIS_HTTP_PORT", 8080, 0, 65535));
  c.log_level = r.one_of("ARRAKIS_LOG_LEVEL", "info", {"trace", "debug", "info", "warn", "error"});
  c.log_format = r.one_of("ARRAKIS_LOG_FORMAT", isatty(STDERR_FILENO) ? "text" : "json", {"json", "text"});
  c.db_pool_size = static_cast<int>(r.integer("ARRAKIS_DB_POOL_SIZE", 4, 1, 256));
  c.interaction_prefetch = static_cast<int>(r.integer("ARRAKIS_INTERACTION_PREFETCH", 10, 1, 1000));
  c.event_prefetch = static_cast<int>(r.integer("ARRAKIS_EVENT_PREFETCH", 20, 1, 1000));
  if (!c.discord_bot_token.empty() && c.discord_application_id.empty()) {
    r.required("DISCORD_APPLICATION_ID", "the application's id (a snowflake) whenever DISCORD_BOT_TOKEN is set");
  }
  r.finish();
  return c;
}

std::string mask_secret(const std::string& secret) { return secret.empty() ? "" : "***"; }

std::string mask_url_password(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto at = url.find('@', scheme_end + 3);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::vector<std::string> Config::describe() const {
  return {
      "RABBITMQ_URL=" + mask_url_password(rabbitmq_url),
      "REDIS_URL=" + mask_url_password(redis_url),
      "DATABASE_URL=" + mask_url_password(database_url),
      "DATABASE_ADMIN_URL=" + mask_url_password(database_admin_url),
      "DISCORD_APPLICATION_ID=" + discord_application_id,
      "DISCORD_BOT_TOKEN=" + mask_secret(discord_bot_token),
      "DISCORD_API_BASE=" + discord_api_base,
      "ARRAKIS_PLUGIN_DIR=" + plugin_dir,
      "ARRAKIS_PLUGIN_STORE=" + plugin_store_dir,
      "ARRAKIS_HTTP_BIND=" + http_bind,
      "ARRAKIS_HTTP_PORT=" + std::to_string(http_port),
      "ARRAKIS_LOG_LEVEL=" + log_level,
      "ARRAKIS_LOG_FORMAT=" + log_format,
      "ARRAKIS_DB_POOL_SIZE=" + std::to_string(db_pool_size),
      "ARRAKIS_INTERACTION_PREFETCH=" + std::to_string(interaction_prefetch),
      "ARRAKIS_EVENT_PREFETCH=" + std::to_string(event_prefetch),
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
  return out;
}

}  // namespace arrakis
