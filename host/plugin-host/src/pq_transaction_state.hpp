#pragma once
// Whether a libpqxx connection is inside a transaction block, as libpq last heard from the server
// (no round trip): the SQL service checks it after every plugin statement.
#include <pqxx/connection_base>

namespace arrakis::plugin_host {

// True while the connection is in a transaction block (open, or failed and awaiting ROLLBACK).
bool in_transaction_block(const pqxx::connection_base& conn);

}  // namespace arrakis::plugin_host
