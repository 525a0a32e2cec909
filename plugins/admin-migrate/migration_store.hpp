// Writing an executed migration: the new mode on migration_states and its audit entry.
#pragma once

#include <arrakis/sdk.hpp>

#include "migration.hpp"

namespace admin_migrate {

// Moves the community from `from_mode` to the strategy's new mode (guarded on the mode still being
// `from_mode`, so two confirmations racing on two replicas apply once) and audits it. False when
// the mode had changed: nothing was written.
bool apply_migration(arrakis::sdk::Host& host, const Options& options, const std::string& from_mode,
                     const Batches& batches, const std::string& admin_id);

}  // namespace admin_migrate
