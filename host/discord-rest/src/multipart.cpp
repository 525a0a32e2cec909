#include "arrakis/discord/multipart.hpp"

#include <random>

namespace arrakis::discord {

using nlohmann::json;

namespace {

std::string random_boundary() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::string out = "arrakis-";
  for (int i = 0; i < 32; ++i) out += hex[rng() & 15];
  return out;
}

// A quoted-string value of Content-Disposition: quotes and line breaks cannot end the header.
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') {
      out += "%22";
    } else if (c != '\r' && c != '\n') {
      out += c;
    }
  }
  return out + "\"";
}

std::string single_line(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool occurs_in_parts(const std::string& boundary, const std::string& payload, const Files& files) {
  if (payload.find(boundary) != std::string::npos) return true;
  for (const auto& f : files) {
    if (f.bytes.find(boundary) != std::string::npos || f.filename.find(boundary) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

json with_attachments(json message, const Files& files) {
  if (files.empty()) return message;
  if (!message.is_object()) message = json::object();
  json listed = message.contains("attachments") && message["attachments"].is_array() ? message["attachments"] : json::array();
  for (std::size_t n = 0; n < files.size(); ++n) listed.push_back({{"id", n}, {"filename", files[n].filename}});
  message["attachments"] = std::move(listed);
  return message;
}

MultipartForm multipart_form(const json& payload, const Files& files, std::string boundary) {
  const std::string payload_text = payload.dump();
  if (boundary.empty()) {
    do {
      boundary = random_boundary();
    } while (occurs_in_parts(boundary, payload_text, files));
  }
  MultipartForm form;
  form.content_type = "multipart/form-data; boundary=" + boundary;
  std::string& b = form.body;
  b += "--" + boundary + "\r\n";
  b += "Content-Disposition: form-data; name=\"payload_json\"\r\n";
  b += "Content-Type: application/json\r\n\r\n";
  b += payload_text + "\r\n";
  for (std::size_t n = 0; n < files.size(); ++n) {
    b += "--" + boundary + "\r\n";
    b += "Content-Disposition: form-data; name=\"files[" + std::to_string(n) + "]\"; filename=" + quoted(files[n].filename) +
         "\r\n";
    b += "Content-Type: " + (files[n].content_type.empty() ? std::string("application/octet-stream") : single_line(files[n].content_type)) +
         "\r\n\r\n";
    b += files[n].bytes + "\r\n";
  }
  b += "--" + boundary + "--\r\n";
  return form;
}

}  // namespace arrakis::discord
