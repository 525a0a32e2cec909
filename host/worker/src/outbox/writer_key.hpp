#pragma once
// The worker process's outbox writer key (docs/internal-events-and-jobs.md, "Who may write the
// outbox"). Plugin SQL shares its transaction with the host's outbox insert, so the database
// function that inserts an internal event (app.publish_internal_event, migration 0020) demands a
// secret that only the host knows: a random key per process, registered by its sha256 in
// outbox_writers (a table plugin roles cannot read) and passed as a bound parameter.
#include <atomic>
#include <string>

#include "arrakis/database.hpp"

namespace arrakis::worker::outbox {

class WriterKey {
 public:
  // The one key of this process (created on first use).
  static WriterKey& process();

  const std::string& secret() const { return secret_; }
  // True once the key is in outbox_writers: until then event_publish answers "retry later".
  bool registered() const { return registered_.load(); }

  // Inserts (or refreshes) the key's row; run by the relay at start and then periodically, so a
  // live process's key is never purged. Throws when the database cannot be reached.
  void register_in(db::Pool& pool, const std::string& replica);
  // Removes the key at a clean shutdown (a crashed process's row is purged once stale).
  void unregister_from(db::Pool& pool) noexcept;
  // Deletes keys not refreshed for a day (processes that died without unregistering).
  static std::uint64_t purge_stale(db::Pool& pool);

  explicit WriterKey(std::string secret) : secret_(std::move(secret)) {}

 private:
  const std::string secret_;
  std::atomic<bool> registered_{false};
};

}  // namespace arrakis::worker::outbox
