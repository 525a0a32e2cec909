#include "pq_transaction_state.hpp"

#include <libpq-fe.h>

namespace arrakis::plugin_host {
namespace {

// libpqxx 6.4 keeps the libpq connection (connection_base::m_conn) private and shares it only with
// its own classes. The names in an explicit template instantiation are exempt from access checks
// ([temp.explicit]), which lets this one export a pointer to that member; if a libpqxx upgrade
// renames it, this stops compiling rather than misbehaving.
struct RawConnection {
  using type = pqxx::internal::pq::PGconn* pqxx::connection_base::*;
  friend type member(RawConnection);
};

template <typename Tag, typename Tag::type Member>
struct Export {
  friend typename Tag::type member(Tag) { return Member; }
};

template struct Export<RawConnection, &pqxx::connection_base::m_conn>;

}  // namespace

bool in_transaction_block(const pqxx::connection_base& conn) {
  const PGconn* raw = conn.*member(RawConnection{});
  if (raw == nullptr) return false;
  const auto status = PQtransactionStatus(raw);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

}  // namespace arrakis::plugin_host
