#include "arrakis/redis.hpp"

#include <hiredict/hiredict.h>
#include <hiredict/hiredict_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "arrakis/url.hpp"

namespace arrakis::redis {
namespace {

Reply convert(const redictReply* r) {
  Reply out;
  switch (r->type) {
    case REDICT_REPLY_STRING: out.type = Reply::Type::string; out.str.assign(r->str, r->len); break;
    case REDICT_REPLY_STATUS: out.type = Reply::Type::status; out.str.assign(r->str, r->len); break;
    case REDICT_REPLY_ERROR: out.type = Reply::Type::error; out.str.assign(r->str, r->len); break;
    case REDICT_REPLY_INTEGER: out.type = Reply::Type::integer; out.integer = r->integer; break;
    case REDICT_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default: out.type = Reply::Type::nil; break;
  }
  return out;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// An SSL object that verifies the server's chain against the CA (or the system store) and its
// certificate against `host`; nullptr with `error` set when a file cannot be loaded.
SSL* client_ssl(const TlsFiles& tls, const std::string& host, std::string& error) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  if (!ctx) {
    error = "cannot create a TLS context";
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  const int loaded = tls.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get())
                                         : SSL_CTX_load_verify_locations(ctx.get(), tls.ca_file.c_str(), nullptr);
  if (loaded != 1) {
    error = tls.ca_file.empty() ? "cannot load the system CA store" : "cannot load the CA file " + tls.ca_file;
    return nullptr;
  }
  if (!tls.cert_file.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx.get(), tls.cert_file.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx.get(), tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
    error = "cannot load the client certificate " + tls.cert_file + " / key " + tls.key_file;
    return nullptr;
  }
  SSL* ssl = SSL_new(ctx.get());  // holds its own reference to ctx
  if (!ssl || SSL_set1_host(ssl, host.c_str()) != 1 || SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    if (ssl) SSL_free(ssl);
    error = "cannot set up TLS for host " + host;
    return nullptr;
  }
  return ssl;
}

}  // namespace

void Connection::Free::operator()(redictContext* c) const { redictFree(c); }

Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const std::string& url, std::chrono::milliseconds timeout) {
  return open(url, default_redis_tls(), timeout);
}

Connection Connection::open(const std::string& url, const TlsFiles& tls, std::chrono::milliseconds timeout) {
  auto parsed = parse_service_url(url);
  if (!parsed || (parsed->scheme != "redis" && parsed->scheme != "rediss")) {
    throw RedisError("not a redis:// or rediss:// URL");
  }
  if (parsed->port == 0) parsed->port = 6379;
  const std::string endpoint = parsed->host + ":" + std::to_string(parsed->port);
  redictContext* ctx = redictConnectWithTimeout(parsed->host.c_str(), parsed->port, to_timeval(timeout));
  if (!ctx || ctx->err) {
    std::string why = ctx ? ctx->errstr : "out of memory";
    if (ctx) redictFree(ctx);
    throw RedisError("Redis " + endpoint + ": cannot connect (is the server running?): " + why);
  }
  redictSetTimeout(ctx, to_timeval(timeout));
  Connection c(ctx, endpoint);
  if (parsed->scheme == "rediss") {
    std::string error;
    SSL* ssl = client_ssl(tls, parsed->host, error);
    if (!ssl) throw RedisError("Redis " + endpoint + ": " + error);
    ERR_clear_error();
    // hiredict owns `ssl` once the handshake succeeds; on failure it is still ours to free.
    if (redictInitiateSSL(ctx, ssl) != REDICT_OK) {
      SSL_free(ssl);
      throw RedisError("Redis " + endpoint + ": TLS handshake failed (certificate not trusted for this host name?): " +
                       ctx->errstr);
    }
  }
  if (!parsed->password.empty()) {
    // A user name selects an ACL user (ElastiCache RBAC); without one, the default user.
    std::vector<std::string> auth{"AUTH"};
    if (!parsed->user.empty()) auth.push_back(parsed->user);
    auth.push_back(parsed->password);
    if (auto r = c.command(auth); r.is_error()) throw RedisError("Redis " + endpoint + ": AUTH failed");
  }
  if (!parsed->path.empty() && parsed->path != "0") {
    if (auto r = c.command({"SELECT", parsed->path}); r.is_error()) {
      throw RedisError("Redis " + endpoint + ": SELECT " + parsed->path + ": " + r.str);
    }
  }
  return c;
}

void Connection::append(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (redictAppendCommandArgv(ctx_.get(), static_cast<int>(args.size()), argv.data(), lens.data()) != REDICT_OK) {
    throw RedisError("Redis " + endpoint_ + ": " + ctx_->errstr);
  }
}

Reply Connection::read_reply() {
  void* raw = nullptr;
  if (redictGetReply(ctx_.get(), &raw) != REDICT_OK || !raw) {
    throw RedisError("Redis " + endpoint_ + ": " + (ctx_->err ? std::string(ctx_->errstr) : "no reply"));
  }
  auto* reply = static_cast<redictReply*>(raw);
  Reply out = convert(reply);
  freeReplyObject(reply);
  return out;
}

Reply Connection::command(const std::vector<std::string>& args) {
  append(args);
  return read_reply();
}

std::vector<Reply> Connection::pipeline(const std::vector<std::vector<std::string>>& commands) {
  for (const auto& c : commands) append(c);
  std::vector<Reply> out;
  out.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) out.push_back(read_reply());
  return out;
}

bool Connection::is_broken() const { return !ctx_ || ctx_->err != 0; }

}  // namespace arrakis::redis
