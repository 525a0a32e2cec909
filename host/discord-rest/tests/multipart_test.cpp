// Discord's multipart form for messages with files, byte for byte.
#include <gtest/gtest.h>

#include "arrakis/discord/multipart.hpp"

namespace arrakis::discord {
namespace {

using nlohmann::json;

TEST(Multipart, ListsEveryFileAfterTheAttachmentsTheMessageKeeps) {
  const Files files = {{"a.png", "image/png", "A"}, {"b.txt", "text/plain", "B"}};
  EXPECT_EQ(with_attachments({{"content", "x"}}, files)["attachments"],
            json::parse(R"([{"id":0,"filename":"a.png"},{"id":1,"filename":"b.txt"}])"));
  const auto edit = with_attachments({{"attachments", {{{"id", "1234"}}}}}, {files[0]});
  EXPECT_EQ(edit["attachments"], json::parse(R"([{"id":"1234"},{"id":0,"filename":"a.png"}])"));
  EXPECT_FALSE(with_attachments({{"content", "x"}}, {}).contains("attachments")) << "no files: the message is unchanged";
}

TEST(Multipart, PayloadJsonThenOnePartPerFile) {
  const auto form = multipart_form({{"content", "hi"}}, {{"a.png", "image/png", std::string("\x89PNG\0", 5)}}, "XyZ");
  EXPECT_EQ(form.content_type, "multipart/form-data; boundary=XyZ");
  const std::string expected = std::string(
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"payload_json\"\r\n"
      "Content-Type: application/json\r\n\r\n"
      "{\"content\":\"hi\"}\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"files[0]\"; filename=\"a.png\"\r\n"
      "Content-Type: image/png\r\n\r\n") + std::string("\x89PNG\0", 5) + "\r\n--XyZ--\r\n";
  EXPECT_EQ(form.body, expected);
}

TEST(Multipart, HeadersCannotBeInjectedAndTheBoundaryNeverOccursInAPart) {
  const auto form = multipart_form(json::object(), {{"a\"\r\nX: y.png", "image/png\r\nX-Evil: 1", "data"}}, "B");
  EXPECT_NE(form.body.find("filename=\"a%22X: y.png\""), std::string::npos) << form.body;
  EXPECT_EQ(form.body.find("\r\nX-Evil"), std::string::npos);
  for (int i = 0; i < 20; ++i) {
    const auto random = multipart_form(json::object(), {{"a.png", "image/png", "--arrakis-"}});
    const auto boundary = random.content_type.substr(random.content_type.find('=') + 1);
    EXPECT_GE(boundary.size(), 16u);
    EXPECT_EQ(std::string("--arrakis-").find(boundary), std::string::npos);
  }
}

}  // namespace
}  // namespace arrakis::discord
