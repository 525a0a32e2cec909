#include "arrakis/http_client.hpp"

#include <cpprest/http_client.h>

#include <algorithm>
#include <cctype>
#include <system_error>

namespace arrakis::http {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_timeout(const std::error_code& code) {
  return code == std::errc::timed_out || code == std::make_error_code(std::errc::timed_out);
}

}  // namespace

struct Client::Impl {
  explicit Impl(const Options& options) : client(web::uri(options.base_url), config_for(options)) {}

  static web::http::client::http_client_config config_for(const Options& options) {
    web::http::client::http_client_config config;
    config.set_timeout(options.timeout);
    return config;
  }

  web::http::client::http_client client;
};

Client::Client(Options options) : impl_(std::make_unique<Impl>(options)) {}
Client::~Client() = default;

Client::Result Client::send(const Request& request) {
  Result result;
  try {
    web::http::http_request message(request.method);
    if (!request.target.empty()) message.set_request_uri(web::uri(request.target));  // empty = the base URL itself
    std::string content_type;
    for (const auto& [name, value] : request.headers) {
      if (lower(name) == "content-type") {
        content_type = value;
      } else {
        message.headers().add(name, value);
      }
    }
    if (request.body) {
      message.set_body(std::string(*request.body), content_type.empty() ? std::string("application/json") : content_type);
    }
    // One wait for the whole exchange: the body is read in a continuation on cpprestsdk's own
    // thread, so the caller is woken once per request instead of once for the status line and again
    // for the body (each wake is a thread switch, and they were most of a REST call's CPU).
    result = impl_->client.request(message)
                 .then([](web::http::http_response response) {
                   auto headers = std::make_shared<Result>();
                   headers->status = response.status_code();
                   for (const auto& [name, value] : response.headers()) headers->headers[lower(name)] = value;
                   return response.extract_utf8string(true).then([headers](std::string body) {
                     headers->body = std::move(body);
                     headers->delivered = true;
                     return std::move(*headers);
                   });
                 })
                 .get();
  } catch (const web::http::http_exception& e) {
    result.timed_out = is_timeout(e.error_code());
    result.error = result.timed_out ? std::string("timed out") : std::string(e.what());
  } catch (const web::uri_exception&) {
    result.error = "invalid request target";  // the target may hold a token: do not echo it
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

}  // namespace arrakis::http
