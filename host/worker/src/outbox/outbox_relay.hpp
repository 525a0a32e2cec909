#pragma once
// The outbox relay (docs/internal-events-and-jobs.md): publishes committed event_outbox rows to
// RabbitMQ (exchange arrakis.events, routing key = the row's routing_key, persistent, mandatory,
// message id = the row id) and deletes each row only after the broker confirmed it.
//
// Safe on every replica at once: a batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED in a
// transaction held while its messages are published and confirmed, so two relays never publish
// the same row concurrently. A relay that dies after the confirm but before its DELETE commits
// leaves the rows to be published again: delivery is at least once, and consumers make it
// effectively once with the row id as the event id.
//
// Wakes on NOTIFY arrakis_outbox (sent by every insert, delivered at commit) or after `poll`.
// PostgreSQL or RabbitMQ down: the relay logs once, backs off (up to 10 s) and reconnects; rows
// simply wait in the table. A row the broker refuses or cannot route waits with back-off.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "arrakis/config.hpp"
#include "arrakis/database.hpp"

namespace arrakis::worker::outbox {

struct RelayStats {
  std::uint64_t published = 0;  // rows confirmed and deleted
  std::uint64_t refused = 0;    // rows nacked or returned by the broker (kept for a later try)
  std::uint64_t outages = 0;    // times the relay lost PostgreSQL or RabbitMQ
};

class OutboxRelay {
 public:
  struct Options {
    std::string amqp_url;
    std::string database_url;  // for the LISTEN connection (the same role as `pool`)
    std::string replica_id;
    // false (ARRAKIS_OUTBOX_RELAY=off): this process only registers its writer key and publishes
    // nothing (another replica relays its rows).
    bool publish = true;
    std::chrono::milliseconds poll{1000};  // ARRAKIS_OUTBOX_POLL_MS: the longest a row waits without a NOTIFY
    std::size_t batch = 100;
  };

  // `pool` connects as a role with DML on event_outbox and outbox_writers (arrakis_host).
  OutboxRelay(Options options, db::Pool& pool);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // Registers the process's writer key (retried in the background when PostgreSQL is down) and
  // starts the relay thread.
  void start();
  // Wakes and joins the thread (a batch being published finishes first), unregisters the key.
  void stop();
  RelayStats stats() const;

  // The host role's database: DATABASE_HOST_URL when set, else DATABASE_ADMIN_URL, else DATABASE_URL.
  static std::string database_url(const Config& config);
  // Reads ARRAKIS_OUTBOX_RELAY and ARRAKIS_OUTBOX_POLL_MS (bad values throw, naming the variable).
  static Options from_environment(Options defaults);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::worker::outbox
