#include "arrakis/discord_sim/upload_form.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "arrakis/discord_sim/message_validation.hpp"
#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxFiles = 10;
constexpr std::size_t kMaxFileBytes = 10u << 20;     // Discord's default per file
constexpr std::size_t kMaxRequestBytes = 25u << 20;  // per request

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A parameter of a header value: `boundary=...` or `name="..."`, quoted or not.
std::optional<std::string> parameter(const std::string& value, const std::string& key) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    auto end = value.find(';', pos);
    if (end == std::string::npos) end = value.size();
    const auto item = trim(value.substr(pos, end - pos));
    const auto eq = item.find('=');
    if (eq != std::string::npos && lower(trim(item.substr(0, eq))) == key) {
      auto v = trim(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

bool read_headers(const std::string& block, FormPart& part) {
  bool disposition = false;
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto end = block.find("\r\n", pos);
    if (end == std::string::npos) end = block.size();
    const auto line = block.substr(pos, end - pos);
    pos = end + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto name = lower(trim(line.substr(0, colon)));
    const auto value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      const auto name_param = parameter(value, "name");
      if (!name_param) return false;
      part.name = *name_param;
      part.filename = parameter(value, "filename");
      disposition = true;
    } else if (name == "content-type") {
      part.content_type = value;
    }
  }
  return disposition;
}

// "files[3]" -> 3
std::optional<std::size_t> file_index(const std::string& field) {
  if (!field.starts_with("files[") || !field.ends_with("]")) return std::nullopt;
  const auto digits = field.substr(6, field.size() - 7);
  if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return static_cast<std::size_t>(std::stoul(digits));
}

UploadForm refused(int status, json error) {
  UploadForm f;
  f.status = status;
  f.error = std::move(error);
  return f;
}

json form_error(const std::vector<std::string>& path, const std::string& code, const std::string& message) {
  FormErrors err;
  err.add(path, code, message);
  return invalid_form_body(err.take());
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body) {
  if (!lower(content_type).starts_with("multipart/form-data")) return std::nullopt;
  const auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty()) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  std::vector<FormPart> parts;
  auto pos = body.find(delimiter);
  if (pos != 0 && (pos == std::string::npos || pos < 2 || body.compare(pos - 2, 2, "\r\n") != 0)) return std::nullopt;
  for (;;) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) return parts;  // the closing delimiter
    if (body.compare(pos, 2, "\r\n") != 0) return std::nullopt;
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string::npos) return std::nullopt;
    FormPart part;
    if (!read_headers(body.substr(pos, headers_end - pos), part)) return std::nullopt;
    const auto data_begin = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, data_begin);
    if (next == std::string::npos) return std::nullopt;
    part.data = body.substr(data_begin, next - data_begin);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

UploadForm read_upload_form(const std::string& content_type, const std::string& body, bool callback,
                            SnowflakeGenerator& ids, std::uint64_t unix_ms) {
  if (body.size() > kMaxRequestBytes) return refused(413, {{"message", "Request entity too large"}, {"code", 40005}});
  const auto parts = parse_multipart(content_type, body);
  if (!parts) return refused(400, form_error({}, "MULTIPART_INVALID", "The multipart body is not well formed."));

  UploadForm form;
  form.body = json::object();
  std::vector<std::optional<std::size_t>> index_of;  // the files[n] index of each file part
  std::set<std::size_t> seen;
  for (const auto& part : *parts) {
    if (part.name == "payload_json") {
      form.payload_text = part.data;
      form.body = json::parse(part.data, nullptr, false);
      if (form.body.is_discarded() || !form.body.is_object()) {
        return refused(400, {{"message", "The request body contains invalid JSON."}, {"code", 50109}});
      }
      continue;
    }
    const auto n = file_index(part.name);
    if (!n) continue;  // Discord ignores fields it does not know
    if (!part.filename || part.filename->empty()) {
      return refused(400, form_error({part.name}, "BASE_TYPE_REQUIRED", "A file part needs a filename."));
    }
    if (!seen.insert(*n).second) return refused(400, form_error({part.name}, "DUPLICATE", "files[" + std::to_string(*n) + "] is sent twice."));
    if (part.data.size() > kMaxFileBytes) return refused(413, {{"message", "Request entity too large"}, {"code", 40005}});
    form.files.push_back({part.name, *part.filename, part.content_type, part.data.size()});
    index_of.push_back(n);
  }
  if (form.files.size() > kMaxFiles) {
    return refused(400, form_error({"attachments"}, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."));
  }

  // The payload's attachments refer to uploads by their files[n] index (or, on an edit, keep an
  // existing attachment by its snowflake). Each upload becomes an attachment object.
  json& message = callback ? form.body["data"] : form.body;
  if (!message.is_object()) message = json::object();
  const json listed = message.contains("attachments") && message["attachments"].is_array() ? message["attachments"] : json::array();
  json resolved = json::array();
  std::set<std::size_t> described;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto& a = listed[i];
    const auto id = a.is_object() && a.contains("id") ? a["id"] : json();
    std::optional<std::size_t> n;
    if (id.is_number_unsigned() || id.is_number_integer()) n = id.get<std::size_t>();
    if (id.is_string() && id.get<std::string>().size() <= 3) n = file_index("files[" + id.get<std::string>() + "]");
    if (!n) {
      resolved.push_back(a);  // a kept attachment (an edit)
      continue;
    }
    const auto part = std::find(index_of.begin(), index_of.end(), n);
    if (part == index_of.end()) {
      return refused(400, form_error({"attachments", std::to_string(i), "id"}, "ATTACHMENT_NOT_FOUND",
                                     "No files[" + std::to_string(*n) + "] part was uploaded."));
    }
    described.insert(*n);
    const auto& f = form.files[static_cast<std::size_t>(part - index_of.begin())];
    const auto attachment_id = ids.next(unix_ms);
    const auto filename = a.value("filename", f.filename);
    json object = {{"id", id_string(attachment_id)},
                   {"filename", filename},
                   {"size", f.size},
                   {"url", "https://cdn.discordapp.com/attachments/0/" + id_string(attachment_id) + "/" + filename},
                   {"proxy_url", "https://media.discordapp.net/attachments/0/" + id_string(attachment_id) + "/" + filename}};
    if (!f.content_type.empty()) object["content_type"] = f.content_type;
    if (a.contains("description")) object["description"] = a["description"];
    resolved.push_back(std::move(object));
  }
  // Uploads the payload does not describe are attached all the same, under their own names.
  for (std::size_t k = 0; k < form.files.size(); ++k) {
    if (described.count(*index_of[k])) continue;
    const auto attachment_id = ids.next(unix_ms);
    resolved.push_back({{"id", id_string(attachment_id)},
                        {"filename", form.files[k].filename},
                        {"size", form.files[k].size},
                        {"content_type", form.files[k].content_type},
                        {"url", "https://cdn.discordapp.com/attachments/0/" + id_string(attachment_id) + "/" + form.files[k].filename}});
  }
  if (!resolved.empty() || message.contains("attachments")) message["attachments"] = std::move(resolved);
  return form;
}

}  // namespace arrakis::discord_sim
