#include "arrakis/database.hpp"

#include "arrakis/config.hpp"
#include "arrakis/tls.hpp"
#include "arrakis/url.hpp"

namespace arrakis::db {

Lease::~Lease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

Pool::Pool(std::string url, std::size_t size)
    : url_(database_tls_url(url, default_database_ca())), size_(size == 0 ? 1 : size) {}

std::unique_ptr<pqxx::connection> Pool::connect() {
  try {
    return std::make_unique<pqxx::connection>(url_);
  } catch (const std::exception& e) {
    throw DatabaseError("PostgreSQL " + describe_endpoint(url_) + ": cannot connect (is the server running?): " +
                        std::string(e.what()).substr(0, 200));
  }
}

Lease Pool::lease(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool got = freed_.wait_for(lock, timeout, [&] { return !idle_.empty() || opened_ < size_; });
  if (!got) throw DatabaseError("PostgreSQL pool: no free connection within " + std::to_string(timeout.count()) + " ms");
  while (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->is_open()) return Lease(*this, std::move(conn));
    --opened_;  // broken: drop it and open a fresh one below
  }
  ++opened_;
  lock.unlock();
  try {
    return Lease(*this, connect());
  } catch (...) {
    std::lock_guard relock(mutex_);
    --opened_;
    freed_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --opened_;
  }
  freed_.notify_one();
}

std::size_t Pool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

std::string describe_endpoint(const std::string& url) {
  auto parsed = parse_service_url(url);
  if (!parsed) return "(unparsable URL)";
  return parsed->host + ":" + std::to_string(parsed->port ? parsed->port : 5432) + "/" + parsed->path;
}

}  // namespace arrakis::db
