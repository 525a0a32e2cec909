#pragma once
// A message sent with files (spec 3.3, "Files"): a multipart/form-data body with a `payload_json`
// part and `files[n]` parts, which the payload's `attachments` refer to by n. Parsed and checked
// as Discord does (at most 10 files, 10 MiB each, 25 MiB in all; every attachment id names an
// uploaded part), and turned into the JSON body the route handles, with full attachment objects.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arrakis/discord_sim/recorder.hpp"

namespace arrakis::discord_sim {

class SnowflakeGenerator;

struct FormPart {
  std::string name;                     // the form field: "payload_json", "files[0]", ...
  std::optional<std::string> filename;  // present on file parts
  std::string content_type;             // empty when the part has none
  std::string data;
};

// The parts of a multipart/form-data body, or nullopt when it is not well formed (no boundary in
// the Content-Type, a part without its headers, no closing delimiter).
std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body);

struct UploadForm {
  int status = 200;               // 400 (50035 or 50109) or 413 (40005) when refused
  nlohmann::json error;           // the error body when refused
  std::string payload_text;       // payload_json as sent (what the recorder keeps)
  nlohmann::json body;            // payload_json with its attachments resolved
  std::vector<RecordedFile> files;  // what the recorder lists for the request
};

// `callback`: an interaction callback, whose message (and attachments) is under "data".
UploadForm read_upload_form(const std::string& content_type, const std::string& body, bool callback,
                            SnowflakeGenerator& ids, std::uint64_t unix_ms);

}  // namespace arrakis::discord_sim
