#pragma once
// RAII wrapper of one hiredict connection (hiredis with TLS), replies copied into value types, plus pipelining.
// Not thread-safe: one connection per thread (the worker's StateStore pools them).
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "arrakis/tls.hpp"

struct redictContext;

namespace arrakis::redis {

class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Reply {
  enum class Type { nil, string, integer, array, status, error } type = Type::nil;
  std::string str;  // string, status and error replies
  std::int64_t integer = 0;
  std::vector<Reply> elements;

  bool is_nil() const { return type == Type::nil; }
  bool is_error() const { return type == Type::error; }
};

class Connection {
 public:
  // url: redis[s]://[[user]:password@]host:port[/db]; a user means `AUTH user password` (ACL users).
  // rediss:// connects over TLS with default_redis_tls() (or `tls`): the server's certificate must
  // chain to the CA and name the URL's host (docs/security.md). Throws RedisError naming the address.
  static Connection open(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  static Connection open(const std::string& url, const TlsFiles& tls,
                         std::chrono::milliseconds timeout = std::chrono::seconds(2));
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // One command, arguments sent as binary-safe strings. Error replies are returned, not thrown;
  // I/O failures throw RedisError and leave the connection broken.
  Reply command(const std::vector<std::string>& args);
  // Sends every command before reading any reply: one round trip for the batch.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);

  bool is_broken() const;
  const std::string& endpoint() const { return endpoint_; }

 private:
  Connection(redictContext* ctx, std::string endpoint) : ctx_(ctx), endpoint_(std::move(endpoint)) {}
  void append(const std::vector<std::string>& args);
  Reply read_reply();
  struct Free {
    void operator()(redictContext* c) const;
  };
  std::unique_ptr<redictContext, Free> ctx_;
  std::string endpoint_;
};

}  // namespace arrakis::redis
