// Reads that may fail without failing the command: run under a savepoint so a failed query leaves
// the call's transaction usable, and answer a fallback instead of an error trace. A database that
// is unavailable (RetryableError) is not caught: the worker retries the call, then tells the user.
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// `read()` under a savepoint; on any other failure logs "<what> failed: ..." and returns `fallback`.
template <typename Read, typename Result>
Result guarded_read(sdk::Host& host, const std::string& what, Read&& read, Result fallback) {
  try {
    sdk::Host::Transaction reads(host);
    Result result = std::forward<Read>(read)();
    reads.commit();  // releasing the savepoint costs one statement less than rolling it back
    return result;
  } catch (const sdk::RetryableError&) {
    throw;
  } catch (const std::exception& e) {
    host.warn(what + " failed: " + e.what());
    return fallback;
  }
}

}  // namespace arrakis::sietch
