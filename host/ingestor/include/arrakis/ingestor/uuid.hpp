#pragma once
#include <string>

namespace arrakis::ingestor {

// A random (version 4, RFC 9562) UUID in its 36-character text form. Thread-safe.
std::string uuid_v4();

}  // namespace arrakis::ingestor
