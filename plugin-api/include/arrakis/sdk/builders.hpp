// Builders for Discord message, embed, component and modal JSON that refuse what Discord would
// reject (limits from Discord's API: content 2000, 10 embeds, 6000 embed characters, 5 rows, ...).
// A violation throws LimitError at the point it happens, naming the limit.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arrakis/sdk/errors.hpp"

namespace arrakis::sdk {

namespace limits {
inline constexpr std::size_t content = 2000;
inline constexpr std::size_t embeds_per_message = 10;
inline constexpr std::size_t embed_title = 256;
inline constexpr std::size_t embed_description = 4096;
inline constexpr std::size_t embed_fields = 25;
inline constexpr std::size_t field_name = 256;
inline constexpr std::size_t field_value = 1024;
inline constexpr std::size_t footer_text = 2048;
inline constexpr std::size_t author_name = 256;
inline constexpr std::size_t embed_total = 6000;
inline constexpr std::size_t action_rows = 5;
inline constexpr std::size_t buttons_per_row = 5;
inline constexpr std::size_t custom_id = 100;
inline constexpr std::size_t button_label = 80;
inline constexpr std::size_t select_options = 25;
inline constexpr std::size_t select_option_text = 100;
inline constexpr std::size_t select_placeholder = 150;
inline constexpr std::size_t modal_title = 45;
inline constexpr std::size_t modal_components = 5;
inline constexpr std::size_t text_input_label = 45;
inline constexpr std::size_t text_input_value = 4000;
inline constexpr std::size_t autocomplete_choices = 25;
}  // namespace limits

// Length in characters (UTF-8 code points), as Discord counts.
inline std::size_t discord_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

inline void check_length(const char* what, const std::string& value, std::size_t max, std::size_t min = 0) {
  const auto n = discord_length(value);
  if (n > max || n < min) {
    throw LimitError(std::string(what) + " must be " + (min ? std::to_string(min) + "-" : "at most ") +
                     std::to_string(max) + " characters (got " + std::to_string(n) + ")");
  }
}

class Embed {
 public:
  Embed& title(const std::string& t) { check_length("embed title", t, limits::embed_title); j_["title"] = t; return *this; }
  Embed& description(const std::string& d) {
    check_length("embed description", d, limits::embed_description);
    j_["description"] = d;
    return *this;
  }
  Embed& color(std::uint32_t rgb) { j_["color"] = rgb; return *this; }
  Embed& url(const std::string& u) { j_["url"] = u; return *this; }
  Embed& timestamp(const std::string& iso8601) { j_["timestamp"] = iso8601; return *this; }
  Embed& thumbnail(const std::string& u) { j_["thumbnail"] = {{"url", u}}; return *this; }
  Embed& image(const std::string& u) { j_["image"] = {{"url", u}}; return *this; }
  Embed& footer(const std::string& text) {
    check_length("embed footer", text, limits::footer_text);
    j_["footer"] = {{"text", text}};
    return *this;
  }
  Embed& author(const std::string& name) {
    check_length("embed author name", name, limits::author_name);
    j_["author"] = {{"name", name}};
    return *this;
  }
  Embed& field(const std::string& name, const std::string& value, bool inline_field = false) {
    if (j_.contains("fields") && j_["fields"].size() >= limits::embed_fields) {
      throw LimitError("an embed holds at most 25 fields");
    }
    check_length("embed field name", name, limits::field_name, 1);
    check_length("embed field value", value, limits::field_value, 1);
    j_["fields"].push_back({{"name", name}, {"value", value}, {"inline", inline_field}});
    return *this;
  }

  // Characters that count toward the 6000 limit of a message.
  std::size_t counted_characters() const {
    std::size_t n = 0;
    auto add = [&](const nlohmann::json& obj, const char* key) {
      if (obj.is_object() && obj.contains(key) && obj.at(key).is_string()) n += discord_length(obj.at(key).get<std::string>());
    };
    add(j_, "title");
    add(j_, "description");
    if (j_.contains("footer")) add(j_["footer"], "text");
    if (j_.contains("author")) add(j_["author"], "name");
    if (j_.contains("fields")) {
      for (const auto& f : j_["fields"]) {
        add(f, "name");
        add(f, "value");
      }
    }
    return n;
  }
  const nlohmann::json& json() const { return j_; }

 private:
  nlohmann::json j_ = nlohmann::json::object();
};

enum class ButtonStyle : int { primary = 1, secondary = 2, success = 3, danger = 4, link = 5 };

class Button {
 public:
  Button(ButtonStyle style, const std::string& label, const std::string& custom_id_or_url) {
    check_length("button label", label, limits::button_label);
    j_ = {{"type", 2}, {"style", static_cast<int>(style)}, {"label", label}};
    if (style == ButtonStyle::link) {
      j_["url"] = custom_id_or_url;
    } else {
      check_length("button custom_id", custom_id_or_url, limits::custom_id, 1);
      j_["custom_id"] = custom_id_or_url;
    }
  }
  Button& disabled(bool d = true) { j_["disabled"] = d; return *this; }
  Button& emoji(const std::string& e) { j_["emoji"] = {{"name", e}}; return *this; }
  const nlohmann::json& json() const { return j_; }

 private:
  nlohmann::json j_;
};

class SelectMenu {
 public:
  explicit SelectMenu(const std::string& custom_id) {
    check_length("select custom_id", custom_id, limits::custom_id, 1);
    j_ = {{"type", 3}, {"custom_id", custom_id}, {"options", nlohmann::json::array()}};
  }
  SelectMenu& placeholder(const std::string& p) {
    check_length("select placeholder", p, limits::select_placeholder);
    j_["placeholder"] = p;
    return *this;
  }
  SelectMenu& option(const std::string& label, const std::string& value, const std::string& description = "",
                     bool is_default = false) {
    if (j_["options"].size() >= limits::select_options) throw LimitError("a select holds at most 25 options");
    check_length("select option label", label, limits::select_option_text, 1);
    check_length("select option value", value, limits::select_option_text, 1);
    check_length("select option description", description, limits::select_option_text);
    nlohmann::json o = {{"label", label}, {"value", value}};
    if (!description.empty()) o["description"] = description;
    if (is_default) o["default"] = true;
    j_["options"].push_back(std::move(o));
    return *this;
  }
  SelectMenu& range(int min_values, int max_values) {
    if (min_values < 0 || max_values < 1 || max_values > 25 || min_values > max_values) {
      throw LimitError("select min/max values must satisfy 0 <= min <= max <= 25");
    }
    j_["min_values"] = min_values;
    j_["max_values"] = max_values;
    return *this;
  }
  const nlohmann::json& json() const { return j_; }

 private:
  nlohmann::json j_;
};

// One action row: up to 5 buttons, or exactly one select.
class ActionRow {
 public:
  ActionRow& add(const Button& b) {
    if (has_select_) throw LimitError("an action row with a select holds nothing else");
    if (components_.size() >= limits::buttons_per_row) throw LimitError("an action row holds at most 5 buttons");
    components_.push_back(b.json());
    return *this;
  }
  ActionRow& add(const SelectMenu& s) {
    if (!components_.empty()) throw LimitError("a select must be alone in its action row");
    has_select_ = true;
    components_.push_back(s.json());
    return *this;
  }
  nlohmann::json json() const { return {{"type", 1}, {"components", components_}}; }
  bool empty() const { return components_.empty(); }

 private:
  nlohmann::json components_ = nlohmann::json::array();
  bool has_select_ = false;
};

inline constexpr std::uint32_t kEphemeralFlag = 64;

// A file sent with a message (ABI 1.1). An embed shows it with image("attachment://<filename>").
struct File {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

class Message {
 public:
  Message& content(const std::string& c) { check_length("message content", c, limits::content); j_["content"] = c; return *this; }
  Message& embed(const Embed& e) {
    if (j_.contains("embeds") && j_["embeds"].size() >= limits::embeds_per_message) {
      throw LimitError("a message holds at most 10 embeds");
    }
    embed_chars_ += e.counted_characters();
    if (embed_chars_ > limits::embed_total) {
      throw LimitError("embeds of one message hold at most 6000 characters (got " + std::to_string(embed_chars_) + ")");
    }
    j_["embeds"].push_back(e.json());
    return *this;
  }
  Message& row(const ActionRow& r) {
    if (r.empty()) throw LimitError("an action row needs at least one component");
    if (j_.contains("components") && j_["components"].size() >= limits::action_rows) {
      throw LimitError("a message holds at most 5 action rows");
    }
    j_["components"].push_back(r.json());
    return *this;
  }
  Message& ephemeral() { j_["flags"] = j_.value("flags", 0u) | kEphemeralFlag; return *this; }
  // Interaction replies ping nobody unless asked.
  Message& no_mentions() { j_["allowed_mentions"] = {{"parse", nlohmann::json::array()}}; return *this; }
  // Clears the components (for UPDATE_MESSAGE after a final click).
  Message& clear_components() { j_["components"] = nlohmann::json::array(); return *this; }
  // Attaches a file (sent as multipart by the host; needs a 1.1 host).
  Message& file(File f) {
    if (files_.size() >= 10) throw LimitError("a message holds at most 10 files");
    files_.push_back(std::move(f));
    return *this;
  }

  bool is_ephemeral() const { return (j_.value("flags", 0u) & kEphemeralFlag) != 0; }
  const std::vector<File>& files() const { return files_; }
  const nlohmann::json& json() const { return j_; }
  std::string dump() const {
    if (!j_.contains("content") && !j_.contains("embeds") && !j_.contains("components") && files_.empty()) {
      throw LimitError("a message needs content, embeds, components or a file");
    }
    return j_.dump();
  }

 private:
  nlohmann::json j_ = nlohmann::json::object();
  std::size_t embed_chars_ = 0;
  std::vector<File> files_;
};

enum class TextInputStyle : int { short_text = 1, paragraph = 2 };

class Modal {
 public:
  Modal(const std::string& custom_id, const std::string& title) {
    check_length("modal custom_id", custom_id, limits::custom_id, 1);
    check_length("modal title", title, limits::modal_title, 1);
    j_ = {{"custom_id", custom_id}, {"title", title}, {"components", nlohmann::json::array()}};
  }
  Modal& text_input(const std::string& custom_id, const std::string& label, TextInputStyle style,
                    bool required = true, int max_length = 4000, const std::string& value = "",
                    const std::string& placeholder = "") {
    if (j_["components"].size() >= limits::modal_components) throw LimitError("a modal holds at most 5 inputs");
    check_length("text input custom_id", custom_id, limits::custom_id, 1);
    check_length("text input label", label, limits::text_input_label, 1);
    check_length("text input value", value, limits::text_input_value);
    check_length("text input placeholder", placeholder, 100);
    if (max_length < 1 || max_length > 4000) throw LimitError("text input max_length must be 1-4000");
    nlohmann::json input = {{"type", 4},          {"custom_id", custom_id}, {"style", static_cast<int>(style)},
                            {"required", required}, {"max_length", max_length}};
    if (!value.empty()) input["value"] = value;
    if (!placeholder.empty()) input["placeholder"] = placeholder;
    j_["components"].push_back({{"type", 18}, {"label", label}, {"component", input}});
    return *this;
  }
  std::string dump() const {
    if (j_["components"].empty()) throw LimitError("a modal needs at least one input");
    return j_.dump();
  }
  const nlohmann::json& json() const { return j_; }

 private:
  nlohmann::json j_;
};

// Autocomplete answer: at most 25 {name, value} choices.
class Choices {
 public:
  Choices& add(const std::string& name, const std::string& value) {
    if (j_.size() >= limits::autocomplete_choices) return *this;  // extra choices are dropped, not an error
    check_length("choice name", name, 100, 1);
    j_.push_back({{"name", name}, {"value", value}});
    return *this;
  }
  std::string dump() const { return j_.dump(); }
  std::size_t size() const { return j_.size(); }

 private:
  nlohmann::json j_ = nlohmann::json::array();
};

}  // namespace arrakis::sdk
