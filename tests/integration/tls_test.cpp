// TLS to RabbitMQ, Redis and PostgreSQL (docs/security.md): this test makes its own CA, starts its
// own three servers with TLS only, on free loopback ports with data in a temporary folder, and shows
// our clients (amqp::Connection, redis::Connection, db::Pool) working over TLS and refusing a server
// whose certificate names another host or comes from a CA they do not trust.
//
// One test, one start of the servers: RabbitMQ alone takes seconds to boot.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "arrakis/amqp.hpp"
#include "arrakis/config.hpp"
#include "arrakis/database.hpp"
#include "arrakis/redis.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/fake_clock.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using arrakis::TlsFiles;
using arrakis::testing::ChildProcess;
using arrakis::testing::free_port;

namespace {

void run(const std::string& command) {
  ASSERT_EQ(std::system((command + " >/dev/null 2>&1").c_str()), 0) << command;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// CA `name`, and a server certificate for DNS:localhost signed by it (no IP address: connecting to
// 127.0.0.1 must fail host-name verification).
void make_ca_and_server(const fs::path& dir, const std::string& name) {
  const auto ca_key = dir / (name + "-ca.key"), ca = dir / (name + "-ca.pem");
  const auto key = dir / (name + "-server.key"), csr = dir / (name + "-server.csr"), crt = dir / (name + "-server.pem");
  const auto ext = dir / (name + "-server.ext");
  std::ofstream(ext) << "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                        "extendedKeyUsage=serverAuth\n";
  run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj '/CN=" + name +
      " test CA' -keyout " + quoted(ca_key) + " -out " + quoted(ca));
  run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' -keyout " +
      quoted(key) + " -out " + quoted(csr));
  run("openssl x509 -req -in " + quoted(csr) + " -CA " + quoted(ca) + " -CAkey " + quoted(ca_key) +
      " -CAcreateserial -days 2 -extfile " + quoted(ext) + " -out " + quoted(crt));
}

std::string pg_bin() {
  std::string last;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql")) {
    if (fs::exists(e.path() / "bin/postgres") && e.path().string() > last) last = e.path().string();
  }
  return last + "/bin";
}

std::string epmd_bin() {
  for (const char* p : {"/usr/bin/epmd", "/usr/lib/erlang/bin/epmd"}) {
    if (fs::exists(p)) return p;
  }
  for (const auto& e : fs::directory_iterator("/usr/lib/erlang")) {
    if (e.path().filename().string().rfind("erts-", 0) == 0 && fs::exists(e.path() / "bin/epmd")) {
      return (e.path() / "bin/epmd").string();
    }
  }
  return "epmd";
}

class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/arrakis-tls-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    make_ca_and_server(dir_, "good");
    make_ca_and_server(dir_, "other");
    // RabbitMQ first: it boots for the longest, while the others start.
    ASSERT_NO_FATAL_FAILURE(start_rabbitmq());
    ASSERT_NO_FATAL_FAILURE(start_redis());
    ASSERT_NO_FATAL_FAILURE(start_postgres());
  }

  void TearDown() override {
    if (rabbit_) rabbit_->stop(20s);
    if (epmd_) epmd_->stop();
    if (redis_) redis_->stop();
    if (pg_started_) {
      // The postmaster's PID is the first line of postmaster.pid.
      std::ifstream pid_file(dir_ / "pg/postmaster.pid");
      pid_t pid = 0;
      if (pid_file >> pid && pid > 0) {
        ::kill(pid, SIGQUIT);  // immediate shutdown: the data folder is thrown away
        for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(50ms);
      }
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  TlsFiles trust(const std::string& ca) const { return TlsFiles{file(ca + "-ca.pem"), "", ""}; }

  void start_redis() {
    redis_port_ = free_port();
    std::ofstream(dir_ / "redis.conf") << "bind 127.0.0.1\nport 0\ntls-port " << redis_port_ << "\n"
                                       << "tls-cert-file " << file("good-server.pem") << "\n"
                                       << "tls-key-file " << file("good-server.key") << "\n"
                                       << "tls-ca-cert-file " << file("good-ca.pem") << "\n"
                                       << "tls-auth-clients no\nsave \"\"\nappendonly no\ndir " << dir_.string() << "\n"
                                       // An ACL user, as ElastiCache RBAC gives: AUTH user password.
                                       << "user default off\nuser arrakis on >s3cret-pass ~* &* +@all\n";
    redis_.emplace("/usr/bin/redis-server", std::vector<std::string>{file("redis.conf")}, std::map<std::string, std::string>{},
                   file("redis.log"));
  }

  void start_postgres() {
    const bool root = ::getuid() == 0;
    const auto data = dir_ / "pg";
    const std::string as_pg = root ? "runuser -u postgres -- " : "";
    fs::create_directory(data);
    for (const char* f : {"good-server.key", "good-server.pem"}) fs::copy_file(dir_ / f, data / (std::string("tls-") + f));
    fs::permissions(data / "tls-good-server.key", fs::perms::owner_read | fs::perms::owner_write);
    if (root) run("chown -R postgres:postgres " + quoted(data));
    run(as_pg + pg_bin() + "/initdb -D " + quoted(data / "db") + " -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N");
    pg_port_ = free_port();
    std::ofstream(data / "db/postgresql.conf", std::ios::app)
        << "listen_addresses = '127.0.0.1'\nport = " << pg_port_ << "\nunix_socket_directories = '" << data.string()
        << "'\nssl = on\nssl_cert_file = '" << (data / "tls-good-server.pem").string() << "'\nssl_key_file = '"
        << (data / "tls-good-server.key").string() << "'\nfsync = off\n";
    // TLS only: a connection without it finds no pg_hba line.
    std::ofstream(data / "db/pg_hba.conf") << "hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n";
    run(as_pg + pg_bin() + "/pg_ctl -D " + quoted(data / "db") + " -l " + quoted(data / "postgres.log") +
        " -w -t 30 -o '-c external_pid_file=" + (dir_ / "pg/postmaster.pid").string() + "' start");
    pg_started_ = true;
  }

  void start_rabbitmq() {
    const auto r = dir_ / "rabbit";
    fs::create_directories(r / "home");
    fs::create_directories(r / "log");
    amqp_port_ = free_port();
    const auto epmd_port = free_port(), dist_port = free_port();
    std::ofstream(r / "rabbitmq.conf") << "listeners.tcp = none\nlisteners.ssl.default = 127.0.0.1:" << amqp_port_ << "\n"
                                       << "ssl_options.cacertfile = " << file("good-ca.pem") << "\n"
                                       << "ssl_options.certfile = " << file("good-server.pem") << "\n"
                                       << "ssl_options.keyfile = " << file("good-server.key") << "\n"
                                       << "ssl_options.verify = verify_none\nssl_options.fail_if_no_peer_cert = false\n"
                                       << "loopback_users = none\nlog.console = false\nlog.file.level = warning\n";
    std::ofstream(r / "enabled_plugins") << "[].\n";
    std::ofstream(r / "rabbitmq-env.conf");
    {
      std::ofstream cookie(r / "home/.erlang.cookie");
      cookie << "arrakistlstest" << ::getpid();
    }
    fs::permissions(r / "home/.erlang.cookie", fs::perms::owner_read);
    std::map<std::string, std::string> env{
        {"HOME", (r / "home").string()},
        {"RABBITMQ_CONF_ENV_FILE", (r / "rabbitmq-env.conf").string()},
        {"RABBITMQ_CONFIG_FILE", (r / "rabbitmq.conf").string()},
        {"RABBITMQ_ENABLED_PLUGINS_FILE", (r / "enabled_plugins").string()},
        {"RABBITMQ_MNESIA_BASE", (r / "mnesia").string()},
        {"RABBITMQ_LOG_BASE", (r / "log").string()},
        {"RABBITMQ_PID_FILE", (r / "rabbit.pid").string()},
        {"RABBITMQ_NODENAME", "arrakistls" + std::to_string(amqp_port_) + "@localhost"},
        {"RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"},
        {"RABBITMQ_NODE_PORT", std::to_string(amqp_port_)},
        {"RABBITMQ_DIST_PORT", std::to_string(dist_port)},
        {"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"},
        {"ERL_EPMD_ADDRESS", "127.0.0.1"},
        {"ERL_EPMD_PORT", std::to_string(epmd_port)},
    };
    epmd_.emplace(epmd_bin(), std::vector<std::string>{"-address", "127.0.0.1", "-port", std::to_string(epmd_port)},
                  env, file("rabbit/log/epmd.log"));
    rabbit_.emplace("/usr/lib/rabbitmq/bin/rabbitmq-server", std::vector<std::string>{}, env,
                    file("rabbit/log/stdout.log"));
  }

  fs::path dir_;
  std::uint16_t redis_port_ = 0, pg_port_ = 0, amqp_port_ = 0;
  bool pg_started_ = false;
  std::optional<ChildProcess> redis_, epmd_, rabbit_;
};

TEST_F(Tls, ClientsWorkOverTlsAndRefuseServersTheyCannotVerify) {
  const std::string amqp_good = "amqps://guest:guest@localhost:" + std::to_string(amqp_port_) + "/";
  const std::string amqp_by_ip = "amqps://guest:guest@127.0.0.1:" + std::to_string(amqp_port_) + "/";
  const std::string redis_good = "rediss://arrakis:s3cret-pass@localhost:" + std::to_string(redis_port_);
  const std::string redis_by_ip = "rediss://arrakis:s3cret-pass@127.0.0.1:" + std::to_string(redis_port_);
  const std::string pg_base = "postgresql://postgres@localhost:" + std::to_string(pg_port_) + "/postgres";
  const std::string pg_by_ip = "postgresql://postgres@127.0.0.1:" + std::to_string(pg_port_) + "/postgres";

  // Redis over TLS with an ACL user (AUTH user password).
  {
    std::optional<arrakis::redis::Connection> redis;
    ASSERT_TRUE(arrakis::testing::eventually([&] {
      try {
        redis.emplace(arrakis::redis::Connection::open(redis_good, trust("good")));
        return true;
      } catch (const arrakis::redis::RedisError&) {
        return false;
      }
    })) << "Redis with TLS did not come up; see " << file("redis.log");
    EXPECT_EQ(redis->command({"SET", "tls:k", "over tls"}).str, "OK");
    EXPECT_EQ(redis->command({"GET", "tls:k"}).str, "over tls");
    EXPECT_EQ(redis->command({"ACL", "WHOAMI"}).str, "arrakis");
    // The certificate names localhost, not 127.0.0.1; another CA is not trusted.
    EXPECT_THROW(arrakis::redis::Connection::open(redis_by_ip, trust("good")), arrakis::redis::RedisError);
    EXPECT_THROW(arrakis::redis::Connection::open(redis_good, trust("other")), arrakis::redis::RedisError);
    // Plain redis:// to a TLS port gets no valid reply.
    EXPECT_ANY_THROW({
      auto plain = arrakis::redis::Connection::open("redis://arrakis:s3cret-pass@localhost:" + std::to_string(redis_port_), 500ms);
      plain.command({"PING"});
    });
  }

  // PostgreSQL: ARRAKIS_DATABASE_CA_FILE turns the Terraform's sslmode=require into verify-full.
  {
    const std::string url = arrakis::database_tls_url(pg_base + "?sslmode=require", file("good-ca.pem"));
    EXPECT_NE(url.find("sslmode=verify-full"), std::string::npos) << url;
    arrakis::db::Pool pool(url, 1);
    const auto ssl = pool.transaction([](pqxx::work& tx) {
      return tx.exec1("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0].as<bool>();
    });
    EXPECT_TRUE(ssl);
    arrakis::db::Pool by_ip(arrakis::database_tls_url(pg_by_ip + "?sslmode=require", file("good-ca.pem")), 1);
    EXPECT_THROW(by_ip.lease(), arrakis::db::DatabaseError);
    arrakis::db::Pool other_ca(arrakis::database_tls_url(pg_base + "?sslmode=require", file("other-ca.pem")), 1);
    EXPECT_THROW(other_ca.lease(), arrakis::db::DatabaseError);
    // sslmode=require alone connects (encrypted) but is reported as not authenticating the server.
    EXPECT_TRUE(arrakis::database_tls_warning(pg_base + "?sslmode=require").has_value());
  }

  // RabbitMQ over TLS: publish with confirms, consume.
  std::optional<arrakis::amqp::Connection> amqp;
  ASSERT_TRUE(arrakis::testing::eventually(
      [&] {
        try {
          amqp.emplace(arrakis::amqp::Connection::open(amqp_good, trust("good"), 30s, 2s));
          return true;
        } catch (const arrakis::amqp::AmqpError&) {
          return !rabbit_->running() ? (ADD_FAILURE() << "rabbitmq-server exited", true) : false;
        }
      },
      120s))  // a loaded 2-core machine can take long to boot the broker
      << "RabbitMQ with TLS did not come up; see " << file("rabbit/log");
  ASSERT_TRUE(amqp && amqp->is_open());
  amqp->declare_queue("tls-test", {}, false);
  amqp->enable_confirms();
  const auto seq = amqp->publish("", "tls-test", R"({"over":"tls"})");
  EXPECT_TRUE(amqp->wait_for_confirm(seq, 5s));
  amqp->consume("tls-test");
  std::optional<arrakis::amqp::Message> got;
  for (int i = 0; i < 50 && !got; ++i) got = amqp->next_message(100ms);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, R"({"over":"tls"})");
  amqp->ack(got->delivery_tag);

  EXPECT_THROW(arrakis::amqp::Connection::open(amqp_by_ip, trust("good"), 30s, 2s), arrakis::amqp::AmqpError);
  EXPECT_THROW(arrakis::amqp::Connection::open(amqp_good, trust("other"), 30s, 2s), arrakis::amqp::AmqpError);
}

}  // namespace
