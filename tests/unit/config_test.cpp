#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "arrakis/config.hpp"

namespace {

arrakis::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::map<std::string, std::string> valid() {
  return {{"RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5680/"},
          {"REDIS_URL", "redis://127.0.0.1:6395"},
          {"DATABASE_URL", "postgresql://arrakis_app:s3cretpw@127.0.0.1:5450/arrakis"}};
}

}  // namespace

TEST(Config, LoadsTypedValuesAndDefaults) {
  auto vars = valid();
  vars["ARRAKIS_HTTP_PORT"] = "9090";
  vars["ARRAKIS_LOG_LEVEL"] = "debug";
  auto c = arrakis::Config::load(env_of(vars));
  EXPECT_EQ(c.http_port, 9090);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.plugin_dir, "/opt/arrakis/plugins");
  EXPECT_EQ(c.interaction_prefetch, 10);
  EXPECT_EQ(c.event_prefetch, 20);
  EXPECT_EQ(c.rest_io_threads, 2);
}

TEST(Config, RestIoThreadsAreBounded) {
  auto vars = valid();
  vars["ARRAKIS_REST_IO_THREADS"] = "6";
  EXPECT_EQ(arrakis::Config::load(env_of(vars)).rest_io_threads, 6);
  vars["ARRAKIS_REST_IO_THREADS"] = "0";
  EXPECT_THROW(arrakis::Config::load(env_of(vars)), arrakis::ConfigError);
}

TEST(Config, RouteListenerHasItsOwnAddressAndTrustsNoProxyByDefault) {
  auto c = arrakis::Config::load(env_of(valid()));
  EXPECT_EQ(c.routes_bind, "127.0.0.1");
  EXPECT_EQ(c.routes_port, 8090);
  EXPECT_EQ(c.trusted_proxies, "");
  auto vars = valid();
  vars["ARRAKIS_ROUTES_BIND"] = "0.0.0.0";
  vars["ARRAKIS_ROUTES_PORT"] = "9443";
  vars["ARRAKIS_TRUSTED_PROXIES"] = "10.0.0.0/8,192.168.1.7";
  c = arrakis::Config::load(env_of(vars));
  EXPECT_EQ(c.routes_bind, "0.0.0.0");
  EXPECT_EQ(c.routes_port, 9443);
  EXPECT_EQ(c.trusted_proxies, "10.0.0.0/8,192.168.1.7");
  vars["ARRAKIS_ROUTES_PORT"] = "70000";
  EXPECT_THROW(arrakis::Config::load(env_of(vars)), arrakis::ConfigError);
}

TEST(Config, CommandsSyncIsOffGlobalOrOneGuild) {
  auto c = arrakis::Config::load(env_of(valid()));
  EXPECT_EQ(c.commands_sync.scope, arrakis::CommandsSync::Scope::off);
  auto vars = valid();
  vars["ARRAKIS_COMMANDS_SYNC"] = "global";
  EXPECT_EQ(arrakis::Config::load(env_of(vars)).commands_sync.scope, arrakis::CommandsSync::Scope::global);
  vars["ARRAKIS_COMMANDS_SYNC"] = "guild:1180000000000000001";
  c = arrakis::Config::load(env_of(vars));
  EXPECT_EQ(c.commands_sync.scope, arrakis::CommandsSync::Scope::guild);
  EXPECT_EQ(c.commands_sync.guild_id, "1180000000000000001");
  EXPECT_EQ(arrakis::to_string(c.commands_sync), "guild:1180000000000000001");
  for (const char* bad : {"on", "guild:", "guild:abc", "Global", "guild:123456789012345678901"}) {
    vars["ARRAKIS_COMMANDS_SYNC"] = bad;
    try {
      arrakis::Config::load(env_of(vars));
      ADD_FAILURE() << bad << " was accepted";
    } catch (const arrakis::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("ARRAKIS_COMMANDS_SYNC"), std::string::npos) << e.what();
    }
  }
}

TEST(Config, ErrorNamesEveryBadVariable) {
  auto vars = valid();
  vars.erase("DATABASE_URL");
  vars["ARRAKIS_HTTP_PORT"] = "eighty";
  vars["REDIS_URL"] = "http://nope";
  try {
    arrakis::Config::load(env_of(vars));
    FAIL() << "expected ConfigError";
  } catch (const arrakis::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("DATABASE_URL is not set"), std::string::npos) << what;
    EXPECT_NE(what.find("ARRAKIS_HTTP_PORT=eighty"), std::string::npos) << what;
    EXPECT_NE(what.find("REDIS_URL is not a valid URL"), std::string::npos) << what;
  }
}

TEST(Config, BotTokenNeedsApplicationId) {
  auto vars = valid();
  vars["DISCORD_BOT_TOKEN"] = "MTA.token.value";
  EXPECT_THROW(arrakis::Config::load(env_of(vars)), arrakis::ConfigError);
  vars["DISCORD_APPLICATION_ID"] = "123456789012345678";
  EXPECT_NO_THROW(arrakis::Config::load(env_of(vars)));
}

TEST(Config, DescribeMasksSecrets) {
  auto vars = valid();
  vars["DISCORD_BOT_TOKEN"] = "MTA.super-secret-token";
  vars["DISCORD_APPLICATION_ID"] = "1";
  auto c = arrakis::Config::load(env_of(vars));
  std::string all;
  for (const auto& line : c.describe()) all += line + "\n";
  EXPECT_EQ(all.find("super-secret-token"), std::string::npos) << all;
  EXPECT_EQ(all.find("s3cretpw"), std::string::npos) << all;
  EXPECT_NE(all.find("DATABASE_URL=postgresql://arrakis_app:***@127.0.0.1:5450/arrakis"), std::string::npos) << all;
  EXPECT_NE(all.find("DISCORD_BOT_TOKEN=***"), std::string::npos) << all;
  auto secrets = c.secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "s3cretpw"), secrets.end());
}

TEST(Config, MaskUrlPasswordLeavesUrlsWithoutPassword) {
  EXPECT_EQ(arrakis::mask_url_password("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
  EXPECT_EQ(arrakis::mask_url_password("amqp://u:p@h/"), "amqp://u:***@h/");
}

TEST(Config, APasswordContainingAnAtSignIsMaskedWhole) {
  EXPECT_EQ(arrakis::mask_url_password("postgresql://app:p@ss@w0rd@db:5432/arrakis"), "postgresql://app:***@db:5432/arrakis");
  // An '@' after the authority (in the path) is not user info.
  EXPECT_EQ(arrakis::mask_url_password("redis://h:6379/0@x"), "redis://h:6379/0@x");
}

TEST(Config, ChainRpcKeysAreSecrets) {
  auto vars = valid();
  vars["ARRAKIS_CHAIN_RPC_URLS"] = "https://berachain.example/v2/k3y-abcdef123456,https://u:rpcpass@rpc2.example/?apikey=zz9900";
  auto c = arrakis::Config::load(env_of(vars));
  const auto secrets = c.secrets();
  for (const char* s : {"v2/k3y-abcdef123456", "rpcpass", "?apikey=zz9900"}) {
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), s), secrets.end()) << s;
  }
}

TEST(Config, AcceptsTlsSchemesAndMasksTheirPasswords) {
  auto vars = valid();
  vars["RABBITMQ_URL"] = "amqps://arrakis:mq-pass@b-1.mq.eu-west-1.amazonaws.com:5671/";
  vars["REDIS_URL"] = "rediss://arrakis:cache-pass@master.cache.amazonaws.com:6379";
  auto c = arrakis::Config::load(env_of(vars));
  std::string all;
  for (const auto& line : c.describe()) all += line + "\n";
  EXPECT_NE(all.find("RABBITMQ_URL=amqps://arrakis:***@b-1.mq"), std::string::npos) << all;
  EXPECT_NE(all.find("REDIS_URL=rediss://arrakis:***@master"), std::string::npos) << all;
  EXPECT_EQ(all.find("mq-pass"), std::string::npos);
  EXPECT_EQ(all.find("cache-pass"), std::string::npos);
  const auto secrets = c.secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "mq-pass"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "cache-pass"), secrets.end());
}

TEST(Config, TlsFilesMustBeReadableAndACertNeedsItsKey) {
  auto vars = valid();
  vars["ARRAKIS_AMQP_CA_FILE"] = "/nonexistent/ca.pem";
  vars["ARRAKIS_REDIS_CERT_FILE"] = "/etc/hostname";
  try {
    arrakis::Config::load(env_of(vars));
    FAIL() << "expected a ConfigError";
  } catch (const arrakis::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("ARRAKIS_AMQP_CA_FILE=/nonexistent/ca.pem is not a readable file"), std::string::npos) << what;
    EXPECT_NE(what.find("ARRAKIS_REDIS_CERT_FILE and ARRAKIS_REDIS_KEY_FILE go together"), std::string::npos) << what;
  }
}

TEST(Config, DatabaseCaTurnsRequireIntoVerifyFullAndRequireAloneIsWarnedAbout) {
  using arrakis::database_tls_url;
  EXPECT_EQ(database_tls_url("postgresql://u:p@db:5432/arrakis?sslmode=require", "/etc/ssl/rds ca.pem"),
            "postgresql://u:p@db:5432/arrakis?sslmode=verify-full&sslrootcert=/etc/ssl/rds%20ca.pem");
  EXPECT_EQ(database_tls_url("postgresql://u:p@db/arrakis", "/ca.pem"),
            "postgresql://u:p@db/arrakis?sslmode=verify-full&sslrootcert=/ca.pem");
  // A URL naming its own root certificate keeps it; sslmode=disable (a local server) stays as it is.
  EXPECT_EQ(database_tls_url("postgresql://u@db/a?sslrootcert=/mine.pem&sslmode=verify-ca", "/ca.pem"),
            "postgresql://u@db/a?sslrootcert=/mine.pem&sslmode=verify-full");
  EXPECT_EQ(database_tls_url("postgresql://u@127.0.0.1/a?sslmode=disable", "/ca.pem"),
            "postgresql://u@127.0.0.1/a?sslmode=disable");
  EXPECT_EQ(database_tls_url("postgresql://u@db/a?sslmode=require", ""), "postgresql://u@db/a?sslmode=require");

  auto vars = valid();
  vars["DATABASE_URL"] = "postgresql://app:pw@db:5432/arrakis?sslmode=require";
  auto weak = arrakis::Config::load(env_of(vars));  // allowed: the service still starts
  ASSERT_EQ(weak.warnings.size(), 1u);
  EXPECT_NE(weak.warnings[0].find("DATABASE_URL: sslmode=require encrypts but does not authenticate"), std::string::npos);
  EXPECT_EQ(weak.warnings[0].find("pw"), std::string::npos);

  vars["ARRAKIS_DATABASE_CA_FILE"] = "/etc/hostname";  // any readable file: only the URL is checked here
  auto verified = arrakis::Config::load(env_of(vars));
  EXPECT_TRUE(verified.warnings.empty());
  EXPECT_NE(verified.database_url.find("sslmode=verify-full&sslrootcert=/etc/hostname"), std::string::npos);
  // A local development URL without sslmode is not warned about.
  EXPECT_TRUE(arrakis::Config::load(env_of(valid())).warnings.empty());
}
