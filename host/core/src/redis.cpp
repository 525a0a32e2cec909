#include "arrakis/redis.hpp"

#include <hiredis/hiredis.h>

#include "arrakis/url.hpp"

namespace arrakis::redis {
namespace {

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING: out.type = Reply::Type::string; out.str.assign(r->str, r->len); break;
    case REDIS_REPLY_STATUS: out.type = Reply::Type::status; out.str.assign(r->str, r->len); break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::error; out.str.assign(r->str, r->len); break;
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::integer; out.integer = r->integer; break;
    case REDIS_REPLY_ARRAY:
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

}  // namespace

void Connection::Free::operator()(redisContext* c) const { redisFree(c); }

Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const std::string& url, std::chrono::milliseconds timeout) {
  auto parsed = parse_service_url(url);
  if (!parsed || parsed->scheme != "redis") throw RedisError("not a redis:// URL");
  if (parsed->port == 0) parsed->port = 6379;
  const std::string endpoint = parsed->host + ":" + std::to_string(parsed->port);
  redisContext* ctx = redisConnectWithTimeout(parsed->host.c_str(), parsed->port, to_timeval(timeout));
  if (!ctx || ctx->err) {
    std::string why = ctx ? ctx->errstr : "out of memory";
    if (ctx) redisFree(ctx);
    throw RedisError("Redis " + endpoint + ": cannot connect (is the server running?): " + why);
  }
  redisSetTimeout(ctx, to_timeval(timeout));
  Connection c(ctx, endpoint);
  if (!parsed->password.empty()) {
    if (auto r = c.command({"AUTH", parsed->password}); r.is_error()) throw RedisError("Redis " + endpoint + ": AUTH failed");
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
  if (redisAppendCommandArgv(ctx_.get(), static_cast<int>(args.size()), argv.data(), lens.data()) != REDIS_OK) {
    throw RedisError("Redis " + endpoint_ + ": " + ctx_->errstr);
  }
}

Reply Connection::read_reply() {
  void* raw = nullptr;
  if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || !raw) {
    throw RedisError("Redis " + endpoint_ + ": " + (ctx_->err ? std::string(ctx_->errstr) : "no reply"));
  }
  auto* reply = static_cast<redisReply*>(raw);
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
