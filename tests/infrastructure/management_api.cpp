#include "management_api.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "arrakis/testing/http_client.hpp"
#include "arrakis/url.hpp"

namespace arrakis::testing {
namespace {

std::string base64(const std::string& in) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(alphabet[(v >> shift) & 63]);
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace

std::string encode_path_segment(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '/') out += "%2F";
    else if (c == '%') out += "%25";
    else out.push_back(c);
  }
  return out;
}

ManagementApi::ManagementApi(const std::string& url) {
  auto parsed = parse_service_url(url);
  if (!parsed) throw std::runtime_error("RABBITMQ_MANAGEMENT_URL is not a URL: " + url);
  host_ = parsed->host;
  port_ = parsed->port ? parsed->port : 15672;
  authorization_ = "Basic " + base64(parsed->user + ":" + parsed->password);
  prefix_ = "/" + parsed->path;
}

int ManagementApi::request(const std::string& method, const std::string& path, nlohmann::json* answer,
                           const std::string& body) const {
  auto result = http_request(host_, port_, method, prefix_ + path, body,
                             {{"Authorization", authorization_}, {"Content-Type", "application/json"}});
  if (answer) *answer = result.body.empty() ? nlohmann::json() : nlohmann::json::parse(result.body);
  return result.status;
}

nlohmann::json ManagementApi::get(const std::string& path) const {
  nlohmann::json answer;
  const int status = request("GET", path, &answer);
  EXPECT_EQ(status, 200) << "GET " << path << ": " << answer.dump();
  return answer;
}

}  // namespace arrakis::testing
