// Exceptions a plugin throws to end a hook with a given status; the SDK's barrier turns them into
// status codes at the ABI boundary.
#pragma once

#include <stdexcept>
#include <string>

#include "arrakis/plugin.h"

namespace arrakis::sdk {

class Error : public std::runtime_error {
 public:
  Error(arrakis_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  arrakis_status status() const noexcept { return status_; }

 private:
  arrakis_status status_;
};

// A dependency is down: the event is retried later.
struct RetryableError : Error {
  explicit RetryableError(const std::string& m) : Error(ARRAKIS_RETRYABLE, m) {}
};
// The input cannot be handled (bad option, malformed payload).
struct BadInputError : Error {
  explicit BadInputError(const std::string& m) : Error(ARRAKIS_BAD_INPUT, m) {}
};
// A builder was asked for something Discord would reject (a plugin bug).
struct LimitError : Error {
  explicit LimitError(const std::string& m) : Error(ARRAKIS_PERMANENT, m) {}
};

// The host is older than the slot needs (ABI 1.0 host, or a host that does not fill the slot).
struct NotAvailableError : Error {
  explicit NotAvailableError(const std::string& m) : Error(ARRAKIS_NOT_AVAILABLE, m) {}
};

// Maps a failed host call to an exception of the right kind.
[[noreturn]] inline void throw_host_failure(arrakis_status status, const std::string& what) {
  switch (status) {
    case ARRAKIS_RETRYABLE: throw RetryableError(what);
    case ARRAKIS_BAD_INPUT: throw BadInputError(what);
    case ARRAKIS_NOT_AVAILABLE: throw NotAvailableError(what);
    default: throw Error(status, what);
  }
}

}  // namespace arrakis::sdk
