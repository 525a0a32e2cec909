#include "arrakis/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>
#include <cctype>
#include <string_view>
#include <shared_mutex>

namespace arrakis::log {
namespace {

constexpr std::size_t kMinSecretLength = 4;  // shorter strings would mask ordinary words

class SecretRegistry {
 public:
  void set(std::vector<std::string> secrets) {
    std::unique_lock lock(mutex_);
    secrets_.clear();
    for (auto& s : secrets) add_locked(std::move(s));
  }
  void add(std::string secret) {
    std::unique_lock lock(mutex_);
    add_locked(std::move(secret));
  }
  std::string apply(std::string text) const {
    std::shared_lock lock(mutex_);
    for (const auto& secret : secrets_) {
      for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
        text.replace(pos, secret.size(), "***");
      }
    }
    return text;
  }

 private:
  void add_locked(std::string secret) {
    if (secret.size() < kMinSecretLength) return;
    for (const auto& s : secrets_) {
      if (s == secret) return;
    }
    secrets_.push_back(std::move(secret));
  }
  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;
};

SecretRegistry& registry() {
  static SecretRegistry r;
  return r;
}

// Tokens that are never registered ahead of time: the bot token in an Authorization header and
// the per-interaction tokens that appear in callback and webhook paths and in event payloads.
// (Hand-written rather than std::regex: it runs on every log line.)
bool is_token_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

// Replaces the run of characters after every `marker` that `keep` accepts with "***".
// With `digits_then_slash`, the marker must be followed by an id and a '/' first (REST paths).
template <typename Keep>
void mask_after(std::string& text, std::string_view marker, bool digits_then_slash, std::size_t min_length,
                Keep keep) {
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + 1)) {
    std::size_t start = pos + marker.size();
    if (digits_then_slash) {
      std::size_t i = start;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == start || i >= text.size() || text[i] != '/') continue;
      start = i + 1;
    }
    std::size_t end = start;
    while (end < text.size() && keep(text[end])) ++end;
    if (end - start < min_length) continue;
    text.replace(start, end - start, "***");
  }
}

std::string mask_patterns(std::string text) {
  auto path_segment = [](char c) { return c != '/' && c != '?' && c != '"' && !std::isspace(static_cast<unsigned char>(c)); };
  mask_after(text, "Bot ", false, 8, is_token_char);
  mask_after(text, "Bearer ", false, 8, is_token_char);
  mask_after(text, "/interactions/", true, 1, path_segment);
  mask_after(text, "/webhooks/", true, 1, path_segment);
  for (auto pos = text.find("\"interactionToken\""); pos != std::string::npos;
       pos = text.find("\"interactionToken\"", pos + 1)) {
    auto open = text.find('"', text.find(':', pos + 18));
    if (open == std::string::npos) break;
    auto close = text.find('"', open + 1);
    if (close == std::string::npos) break;
    text.replace(open + 1, close - open - 1, "***");
  }
  return text;
}

// Wraps another sink and redacts the formatted text before it is written.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string clean = redact(std::string(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, clean);
    copy.thread_id = msg.thread_id;
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }

 private:
  spdlog::sink_ptr inner_;
};

// A JSON-safe payload: the pattern below wraps it in quotes, so escape it here.
class JsonEscapedPayload final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"': dest.append(std::string_view("\\\"")); break;
        case '\\': dest.append(std::string_view("\\\\")); break;
        case '\n': dest.append(std::string_view("\\n")); break;
        case '\r': dest.append(std::string_view("\\r")); break;
        case '\t': dest.append(std::string_view("\\t")); break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            dest.append(std::string_view(buf));
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonEscapedPayload>();
  }
};

}  // namespace

std::string redact(const std::string& text) { return registry().apply(mask_patterns(text)); }

void add_secret(const std::string& secret) { registry().add(secret); }

void init(const Options& options) {
  registry().set(options.secrets);
  std::vector<spdlog::sink_ptr> outputs = options.sinks;
  if (outputs.empty()) outputs.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());

  std::vector<spdlog::sink_ptr> sinks;
  for (auto& out : outputs) {
    const bool json = options.format == "json";
    auto formatter = std::make_unique<spdlog::pattern_formatter>(
        json ? spdlog::pattern_time_type::utc : spdlog::pattern_time_type::local);
    if (json) {
      formatter->add_flag<JsonEscapedPayload>('*').set_pattern(
          R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","service":")" + options.service +
          R"(","thread":%t,"msg":"%*"})");
    } else {
      formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [" + options.service + "] %v");
    }
    out->set_formatter(std::move(formatter));
    sinks.push_back(std::make_shared<RedactingSink>(out));
  }
  auto logger = std::make_shared<spdlog::logger>(options.service, sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(options.level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace arrakis::log
