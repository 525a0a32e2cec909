#pragma once
// A blocking HTTP/1.1 client for calls the host makes to other services (Discord REST, chain RPC).
// One Client per base URL keeps its connections alive and may be used from many threads at once.
// cpprestsdk does the work behind a pimpl, so this header stays cheap to include.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace arrakis::http {

class Client {
 public:
  struct Options {
    std::string base_url;  // scheme://host[:port][/path]; requests append their target to it
    std::chrono::milliseconds timeout{10000};
  };

  struct Request {
    std::string method = "GET";
    std::string target;  // path below the base URL, with its query; already percent-encoded
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::string> body;  // sent with Content-Type from `headers`, if any
  };

  struct Result {
    bool delivered = false;  // false: no HTTP answer (connect failure, timeout, broken connection)
    bool timed_out = false;
    std::string error;       // why, when not delivered (never contains the request's headers)
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
  };

  explicit Client(Options options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Never throws for network trouble: it is reported in the Result.
  Result send(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arrakis::http
