#include "outbox/writer_key.hpp"

#include <spdlog/spdlog.h>

#include <random>

namespace arrakis::worker::outbox {
namespace {

std::string random_hex(std::size_t bytes) {
  std::random_device device;  // the kernel's CSPRNG on Linux (getrandom)
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; i += 4) {
    const auto word = device();
    for (int b = 0; b < 4 && i + static_cast<std::size_t>(b) < bytes; ++b) {
      const auto byte = (word >> (8 * b)) & 0xffu;
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xfu]);
    }
  }
  return out;
}

}  // namespace

WriterKey& WriterKey::process() {
  static WriterKey key(random_hex(32));
  return key;
}

void WriterKey::register_in(db::Pool& pool, const std::string& replica) {
  pool.transaction([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO outbox_writers (key_hash, replica) VALUES (sha256(convert_to($1, 'UTF8')), $2) "
        "ON CONFLICT (key_hash) DO UPDATE SET seen_at = now()",
        secret_, replica);
  });
  if (!registered_.exchange(true)) spdlog::info("outbox writer key registered");
}

void WriterKey::unregister_from(db::Pool& pool) noexcept {
  if (!registered_.exchange(false)) return;
  try {
    pool.transaction([&](pqxx::work& tx) {
      tx.exec_params("DELETE FROM outbox_writers WHERE key_hash = sha256(convert_to($1, 'UTF8'))", secret_);
    });
  } catch (const std::exception& e) {
    spdlog::warn("could not remove the outbox writer key (purged within a day): {}", e.what());
  }
}

std::uint64_t WriterKey::purge_stale(db::Pool& pool) {
  return pool.transaction([](pqxx::work& tx) {
    return tx.exec("DELETE FROM outbox_writers WHERE seen_at < now() - interval '1 day'").affected_rows();
  });
}

}  // namespace arrakis::worker::outbox
