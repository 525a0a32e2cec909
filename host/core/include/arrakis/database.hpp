#pragma once
// A fixed-size pool of libpqxx connections. A lease returns its connection when it goes out of
// scope; a connection found broken is replaced on the next lease, so the pool heals by itself
// after PostgreSQL restarts.
#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace arrakis::db {

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pool;

class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<pqxx::connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  pqxx::connection& operator*() { return *conn_; }
  pqxx::connection* operator->() { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
};

class Pool {
 public:
  // Opens the connections lazily: construction never fails because the server is down.
  Pool(std::string url, std::size_t size);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Waits up to `timeout` for a free connection; throws DatabaseError when none frees up or the
  // server cannot be reached.
  Lease lease(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Runs `work` in one transaction on a leased connection and commits it; any exception rolls back.
  template <typename Fn>
  auto transaction(Fn&& work) {
    auto conn = lease();
    pqxx::work tx(*conn);
    if constexpr (std::is_void_v<decltype(work(tx))>) {
      work(tx);
      tx.commit();
    } else {
      auto result = work(tx);
      tx.commit();
      return result;
    }
  }

  std::size_t size() const { return size_; }
  std::size_t idle() const;

 private:
  friend class Lease;
  void give_back(std::unique_ptr<pqxx::connection> conn);
  std::unique_ptr<pqxx::connection> connect();

  const std::string url_;
  const std::size_t size_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t opened_ = 0;  // connections alive or leased
};

// "postgresql://user:pass@host:port/db" -> "host:port/db" for messages (never the password).
std::string describe_endpoint(const std::string& url);

}  // namespace arrakis::db
