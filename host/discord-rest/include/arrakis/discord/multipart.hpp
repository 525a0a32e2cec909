#pragma once
// Discord's multipart/form-data for messages with files (docs/plugin-abi.md, "Attachments"): one
// `payload_json` part with the message, then one `files[n]` part per file, which the message's
// `attachments` list as {id: n, filename}. Plain code with a unit test; DiscordRest sends the body.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord {

struct File {
  std::string filename;      // as Discord shows it, and as embeds refer to it: attachment://<filename>
  std::string content_type;  // "image/png"
  std::string bytes;
};
using Files = std::vector<File>;

// At most this many files in one message (Discord refuses more).
inline constexpr std::size_t kMaxFilesPerMessage = 10;

// The message with each file listed in `attachments` as {id: n, filename}, n being the index of its
// files[n] part. Attachments the message already lists (kept ones, on an edit) stay first.
nlohmann::json with_attachments(nlohmann::json message, const Files& files);

struct MultipartForm {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string body;
};

// The form for `payload` (already carrying its attachments) and `files`. The boundary is random
// unless given (tests), and never occurs inside a part.
MultipartForm multipart_form(const nlohmann::json& payload, const Files& files, std::string boundary = {});

}  // namespace arrakis::discord
