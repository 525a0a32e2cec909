#pragma once
// One firing of a plugin schedule, turned into job items (docs/internal-events-and-jobs.md): a
// global schedule gets one item, a per-community schedule one item per active community. The items
// are outbox rows written in one transaction (all or none), relayed to RabbitMQ with the routing
// key job.<plugin>.<schedule> and handled by the JobHandler with retries, DLQ and idempotency each.
// Going through the outbox means a firing survives a RabbitMQ outage and a crash mid-fan-out.
#include <chrono>
#include <cstdint>
#include <string>

#include "arrakis/database.hpp"
#include "arrakis/plugin_host/plugin_info.hpp"

namespace arrakis::worker::jobs {

std::string job_routing_key(const std::string& plugin, const std::string& schedule);

// The event id of one item: stable for the firing (and the community), so an item published twice
// is still run once. fired_at is the firing's scheduled time, the same on every replica.
std::string job_event_id(const std::string& plugin, const std::string& schedule, std::int64_t fired_at_ms);

// Writes the firing's items to the outbox and returns how many. `pool` connects as the host role
// (DML on event_outbox, SELECT on communities). Throws when PostgreSQL fails (nothing is written).
std::size_t enqueue_firing(db::Pool& pool, const std::string& plugin, const plugin_host::ScheduleInfo& schedule,
                           std::chrono::system_clock::time_point fired_at, std::int64_t fence);

}  // namespace arrakis::worker::jobs
