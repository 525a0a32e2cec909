// Proves that a configured secret never reaches any log output, in either format.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "arrakis/log.hpp"

namespace {

struct CapturedLog {
  std::ostringstream out;
  explicit CapturedLog(const std::string& format, std::vector<std::string> secrets) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    arrakis::log::init({"trace", format, "test", std::move(secrets), {sink}});
  }
  ~CapturedLog() { arrakis::log::init({"info", "text", "test", {}, {}}); }
};

const std::string kToken = "MTIzNDU2Nzg5MDEy.GhIjKl.abcdefghijklmnopqrstuvwxyz012345";

}  // namespace

TEST(LogRedaction, ConfiguredTokenNeverAppears) {
  for (const std::string format : {"text", "json"}) {
    CapturedLog log(format, {kToken});
    spdlog::info("token is {}", kToken);
    spdlog::warn("embedded:{}:end", kToken);
    spdlog::error("Authorization: Bot {}", kToken);
    spdlog::default_logger()->flush();
    const std::string text = log.out.str();
    EXPECT_EQ(text.find(kToken), std::string::npos) << text;
    EXPECT_EQ(text.find("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << text;
    EXPECT_NE(text.find("token is ***"), std::string::npos) << text;
  }
}

TEST(LogRedaction, InteractionAndWebhookTokensInPathsAreMasked) {
  CapturedLog log("text", {});
  spdlog::info("POST /api/v10/interactions/1234567890/aW50ZXJhY3Rpb246dG9rZW4/callback -> 204");
  spdlog::info("PATCH /api/v10/webhooks/42/aW50ZXJhY3Rpb246dG9rZW4/messages/@original");
  spdlog::info(R"(payload {{"interactionToken":"aW50ZXJhY3Rpb246dG9rZW4","x":1}})");
  spdlog::default_logger()->flush();
  const std::string text = log.out.str();
  EXPECT_EQ(text.find("aW50ZXJhY3Rpb246dG9rZW4"), std::string::npos) << text;
  EXPECT_NE(text.find("/interactions/1234567890/***/callback"), std::string::npos) << text;
  EXPECT_NE(text.find("/webhooks/42/***/messages"), std::string::npos) << text;
}

TEST(LogRedaction, JsonLinesAreValidJson) {
  CapturedLog log("json", {});
  spdlog::info("quote \" backslash \\ newline \n tab \t done");
  spdlog::default_logger()->flush();
  std::istringstream lines(log.out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["level"], "info");
    EXPECT_EQ(j["service"], "test");
    EXPECT_EQ(j["msg"], "quote \" backslash \\ newline \n tab \t done");
    ++count;
  }
  EXPECT_EQ(count, 1);
}

TEST(LogRedaction, LevelFromOptionsFilters) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  arrakis::log::init({"warn", "text", "test", {}, {sink}});
  spdlog::info("hidden line");
  spdlog::warn("shown line");
  spdlog::default_logger()->flush();
  EXPECT_EQ(out.str().find("hidden line"), std::string::npos);
  EXPECT_NE(out.str().find("shown line"), std::string::npos);
  arrakis::log::init({"info", "text", "test", {}, {}});
}
