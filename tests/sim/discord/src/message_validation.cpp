#include "arrakis/discord_sim/message_validation.hpp"

#include "arrakis/discord_sim/form_errors.hpp"

#include <set>
#include <string>
#include <vector>

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

using Errors = FormErrors;

using Path = std::vector<std::string>;

Path sub(Path p, const std::string& a) {
  p.push_back(a);
  return p;
}
Path sub(Path p, std::size_t i) { return sub(std::move(p), std::to_string(i)); }


std::size_t trimmed_chars(const json& v) {
  if (!v.is_string()) return 0;
  auto s = v.get<std::string>();
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return 0;
  const auto e = s.find_last_not_of(" \t\r\n");
  return characters(s.substr(b, e - b + 1));
}

void max_length(Errors& err, const json& obj, const char* field, std::size_t max, const Path& path) {
  if (!obj.is_object() || !obj.contains(field) || obj[field].is_null()) return;
  if (!obj[field].is_string()) {
    err.add(sub(path, field), "BASE_TYPE_STRING", "Value must be a string.");
    return;
  }
  if (characters(obj[field].get<std::string>()) > max) {
    err.add(sub(path, field), "BASE_TYPE_MAX_LENGTH", "Must be " + std::to_string(max) + " or fewer in length.");
  }
}

void length_between(Errors& err, const json& obj, const char* field, std::size_t min, std::size_t max,
                    const Path& path, bool required) {
  if (!obj.is_object() || !obj.contains(field) || obj[field].is_null()) {
    if (required) err.add(sub(path, field), "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  if (!obj[field].is_string()) {
    err.add(sub(path, field), "BASE_TYPE_STRING", "Value must be a string.");
    return;
  }
  const auto n = characters(obj[field].get<std::string>());
  if (n < min || n > max) {
    err.add(sub(path, field), "BASE_TYPE_BAD_LENGTH",
            "Must be between " + std::to_string(min) + " and " + std::to_string(max) + " in length.");
  }
}

void check_embeds(Errors& err, const json& embeds, const Path& path) {
  if (!embeds.is_array()) {
    err.add(path, "BASE_TYPE_ARRAY", "Value must be an array.");
    return;
  }
  if (embeds.size() > 10) err.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
  std::size_t total = 0;
  for (std::size_t i = 0; i < embeds.size(); ++i) {
    const auto& e = embeds[i];
    const auto p = sub(path, i);
    if (!e.is_object()) {
      err.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    max_length(err, e, "title", 256, p);
    max_length(err, e, "description", 4096, p);
    max_length(err, e, "url", 2048, p);
    total += trimmed_chars(e.value("title", json())) + trimmed_chars(e.value("description", json()));
    if (e.contains("footer") && e["footer"].is_object()) {
      max_length(err, e["footer"], "text", 2048, sub(p, "footer"));
      total += trimmed_chars(e["footer"].value("text", json()));
    }
    if (e.contains("author") && e["author"].is_object()) {
      max_length(err, e["author"], "name", 256, sub(p, "author"));
      total += trimmed_chars(e["author"].value("name", json()));
    }
    if (e.contains("fields")) {
      const auto& fields = e["fields"];
      if (!fields.is_array()) {
        err.add(sub(p, "fields"), "BASE_TYPE_ARRAY", "Value must be an array.");
      } else {
        if (fields.size() > 25) err.add(sub(p, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        for (std::size_t f = 0; f < fields.size(); ++f) {
          const auto fp = sub(sub(p, "fields"), f);
          length_between(err, fields[f], "name", 1, 256, fp, true);
          length_between(err, fields[f], "value", 1, 1024, fp, true);
          if (fields[f].is_object()) {
            total += trimmed_chars(fields[f].value("name", json())) + trimmed_chars(fields[f].value("value", json()));
          }
        }
      }
    }
  }
  if (total > 6000) err.add(path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
}

void check_select_options(Errors& err, const json& c, const Path& p) {
  if (!c.contains("options") || !c["options"].is_array() || c["options"].empty() || c["options"].size() > 25) {
    err.add(sub(p, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length.");
    return;
  }
  for (std::size_t i = 0; i < c["options"].size(); ++i) {
    const auto op = sub(sub(p, "options"), i);
    length_between(err, c["options"][i], "label", 1, 100, op, true);
    length_between(err, c["options"][i], "value", 1, 100, op, true);
    max_length(err, c["options"][i], "description", 100, op);
  }
}

void check_interactive(Errors& err, const json& c, const Path& p, std::set<std::string>& custom_ids) {
  const int type = c.value("type", 0);
  if (type == 2) {
    const int style = c.value("style", 0);
    if (style < 1 || style > 6) err.add(sub(p, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
    max_length(err, c, "label", 80, p);
    if (style == 5) {
      length_between(err, c, "url", 1, 512, p, true);
      if (c.contains("custom_id")) err.add(sub(p, "custom_id"), "BUTTON_URL_CUSTOM_ID", "A link button cannot have a custom_id");
    } else if (style >= 1 && style <= 4) {
      length_between(err, c, "custom_id", 1, 100, p, true);
    }
  } else if (type == 3 || (type >= 5 && type <= 8)) {
    length_between(err, c, "custom_id", 1, 100, p, true);
    max_length(err, c, "placeholder", 150, p);
    if (type == 3) check_select_options(err, c, p);
    const int min_v = c.value("min_values", 1), max_v = c.value("max_values", 1);
    if (min_v < 0 || min_v > 25) err.add(sub(p, "min_values"), "NUMBER_TYPE_MAX", "Must be between 0 and 25.");
    if (max_v < 1 || max_v > 25) err.add(sub(p, "max_values"), "NUMBER_TYPE_MAX", "Must be between 1 and 25.");
  }
  if (c.contains("custom_id") && c["custom_id"].is_string()) {
    if (!custom_ids.insert(c["custom_id"].get<std::string>()).second) {
      err.add(sub(p, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
    }
  }
}

void check_components(Errors& err, const json& components, const Path& path, bool v2) {
  if (!components.is_array()) {
    err.add(path, "BASE_TYPE_ARRAY", "Value must be an array.");
    return;
  }
  std::set<std::string> custom_ids;
  if (v2) {
    if (components.size() > 40) err.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.");
    return;
  }
  if (components.size() > 5) err.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& row = components[i];
    const auto p = sub(path, i);
    if (!row.is_object() || row.value("type", 0) != 1) {
      err.add(sub(p, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).");
      continue;
    }
    const auto& children = row.contains("components") ? row["components"] : json::array();
    if (!children.is_array() || children.empty() || children.size() > 5) {
      err.add(sub(p, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
      continue;
    }
    bool has_select = false;
    for (std::size_t c = 0; c < children.size(); ++c) {
      const int type = children[c].value("type", 0);
      has_select = has_select || type == 3 || (type >= 5 && type <= 8);
      if (type != 2 && type != 3 && (type < 5 || type > 8)) {
        err.add(sub(sub(sub(p, "components"), c), "type"), "COMPONENT_TYPE_INVALID", "Invalid component type.");
      }
      check_interactive(err, children[c], sub(sub(p, "components"), c), custom_ids);
    }
    if (has_select && children.size() > 1) {
      err.add(sub(p, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
              "The specified component exceeds the maximum width");
    }
  }
}

}  // namespace

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

json invalid_form_body(const json& errors) {
  return {{"code", 50035}, {"message", "Invalid Form Body"}, {"errors", errors}};
}

json validate_message(const json& body, const MessageRules& rules) {
  Errors err;
  if (!body.is_object()) {
    err.add({}, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return err.take();
  }
  const int flags = body.contains("flags") && body["flags"].is_number_integer() ? body["flags"].get<int>() : 0;
  const bool v2 = flags & (1 << 15);
  max_length(err, body, "content", 2000, {});
  if (body.contains("embeds") && !body["embeds"].is_null()) check_embeds(err, body["embeds"], {"embeds"});
  if (body.contains("components") && !body["components"].is_null()) {
    check_components(err, body["components"], {"components"}, v2);
  }
  if (v2 && ((body.contains("content") && !body["content"].is_null()) || (body.contains("embeds") && !body["embeds"].is_null()))) {
    err.add({"content"}, "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2");
  }
  if (body.contains("allowed_mentions") && body["allowed_mentions"].is_object()) {
    const auto& am = body["allowed_mentions"];
    for (const char* key : {"roles", "users"}) {
      if (am.contains(key) && am[key].is_array() && am[key].size() > 100) {
        err.add({"allowed_mentions", key}, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
      }
    }
  }
  if (rules.interaction && flags != 0) {
    constexpr int allowed = (1 << 2) | (1 << 6) | (1 << 12) | (1 << 13) | (1 << 15);
    if (flags & ~allowed) err.add({"flags"}, "MESSAGE_FLAGS_INVALID", "Invalid flags.");
  }
  if (rules.require_content) {
    auto present = [&](const char* k) {
      if (!body.contains(k) || body[k].is_null()) return false;
      if (body[k].is_string()) return !body[k].get<std::string>().empty();
      if (body[k].is_array()) return !body[k].empty();
      return true;
    };
    if (!present("content") && !present("embeds") && !present("components") && !present("attachments") &&
        !present("poll") && !present("sticker_ids")) {
      err.add({"content"}, "BASE_TYPE_REQUIRED", "Cannot send an empty message");
    }
  }
  return err.take();
}

json validate_modal(const json& data) {
  Errors err;
  if (!data.is_object()) {
    err.add({"data"}, "BASE_TYPE_REQUIRED", "This field is required");
    return err.take();
  }
  const Path base = {"data"};
  length_between(err, data, "custom_id", 1, 100, base, true);
  length_between(err, data, "title", 1, 45, base, true);
  const auto& components = data.contains("components") ? data["components"] : json();
  if (!components.is_array() || components.empty() || components.size() > 5) {
    err.add(sub(base, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
    return err.take();
  }
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& top = components[i];
    const auto p = sub(sub(base, "components"), i);
    json input;
    if (top.value("type", 0) == 18) {  // Label wrapping one component
      length_between(err, top, "label", 1, 45, p, true);
      max_length(err, top, "description", 100, p);
      input = top.value("component", json());
    } else if (top.value("type", 0) == 1 && top.contains("components") && top["components"].is_array() &&
               top["components"].size() == 1) {  // legacy action row
      input = top["components"][0];
      max_length(err, input, "label", 45, sub(sub(p, "components"), 0));
    } else {
      err.add(sub(p, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1, 18).");
      continue;
    }
    if (!input.is_object()) continue;
    if (input.value("type", 0) == 4) {
      length_between(err, input, "custom_id", 1, 100, p, true);
      const int style = input.value("style", 1);
      if (style != 1 && style != 2) err.add(sub(p, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
      max_length(err, input, "value", 4000, p);
      max_length(err, input, "placeholder", 100, p);
      if (input.contains("max_length") && (input.value("max_length", 1) < 1 || input.value("max_length", 1) > 4000)) {
        err.add(sub(p, "max_length"), "NUMBER_TYPE_MAX", "Must be between 1 and 4000.");
      }
    }
  }
  return err.take();
}

json validate_autocomplete(const json& data) {
  Errors err;
  if (!data.is_object() || !data.contains("choices") || !data["choices"].is_array()) {
    err.add({"data", "choices"}, "BASE_TYPE_REQUIRED", "This field is required");
    return err.take();
  }
  const auto& choices = data["choices"];
  if (choices.size() > 25) err.add({"data", "choices"}, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    length_between(err, choices[i], "name", 1, 100, {"data", "choices", std::to_string(i)}, true);
    if (!choices[i].is_object() || !choices[i].contains("value")) {
      err.add({"data", "choices", std::to_string(i), "value"}, "BASE_TYPE_REQUIRED", "This field is required");
    }
  }
  return err.take();
}

}  // namespace arrakis::discord_sim
