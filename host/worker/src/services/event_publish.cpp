// event_publish: plugin-to-plugin events through the transactional outbox
// (docs/internal-events-and-jobs.md). The event becomes one outbox row in the call's own SQL
// transaction, so it is delivered if and only if the call commits; the outbox relay publishes it.
#include <nlohmann/json.hpp>

#include "outbox/writer_key.hpp"
#include "services/worker_services.hpp"

namespace arrakis::worker {
namespace {

constexpr std::string_view kInternalPrefix = "internal.";
constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxDataBytes = 64 * 1024;

// "internal." followed by 1-64 of [a-z0-9._-].
bool valid_internal_type(std::string_view type) {
  if (type.substr(0, kInternalPrefix.size()) != kInternalPrefix) return false;
  const auto name = type.substr(kInternalPrefix.size());
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (const char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

arrakis_status WorkerServices::event_publish(Call& c, std::string_view type, std::string_view data_json) {
  if (!valid_internal_type(type)) {
    return failed(c, ARRAKIS_BAD_INPUT,
                  "event type '" + std::string(type.substr(0, 100)) + "' is invalid: use internal.<name>, name [a-z0-9._-]{1,64}");
  }
  if (data_json.size() > kMaxDataBytes) {
    return failed(c, ARRAKIS_BAD_INPUT, "event data is " + std::to_string(data_json.size()) + " bytes; at most 64 KiB");
  }
  const auto data = nlohmann::json::parse(data_json, nullptr, false);
  if (data.is_discarded() || !data.is_object()) return failed(c, ARRAKIS_BAD_INPUT, "event data must be a JSON object");
  if (!c.invocation || c.invocation->community_id.empty()) {
    return failed(c, ARRAKIS_BAD_INPUT, "event_publish needs the call's community (a global job or an HTTP route "
                                        "without a tenant has none)");
  }
  const auto& key = outbox::WriterKey::process();
  if (!key.registered()) {
    return failed(c, ARRAKIS_RETRYABLE, "the outbox is not ready yet (the worker could not register with PostgreSQL)");
  }
  return sql_for(c)->publish_internal_event(c, key.secret(), type, data_json);
}

}  // namespace arrakis::worker
