#include "arrakis/discord_sim/command_validation.hpp"

#include "arrakis/discord_sim/form_errors.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

using Path = std::vector<std::string>;

constexpr int kChatInput = 1, kUser = 2, kMessage = 3, kPrimaryEntryPoint = 4;
constexpr int kSubcommand = 1, kGroup = 2, kString = 3, kInteger = 4, kNumber = 10, kAttachment = 11;
constexpr std::size_t kMaxOptions = 25, kMaxChoices = 25;
constexpr std::size_t kMaxChatInput = 100, kMaxContextMenu = 15;

using Errors = FormErrors;

Path at(Path p, const std::string& key) {
  p.push_back(key);
  return p;
}

// Decodes UTF-8 into code points; false when the bytes are not UTF-8.
bool code_points(const std::string& text, std::vector<char32_t>& out) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (extra < 0) return false;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      if (i + static_cast<std::size_t>(k) >= text.size()) return false;
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`, lower case where a letter has a lower-case form.
// ASCII is checked exactly; beyond ASCII every code point outside the punctuation, symbol and space
// blocks counts as a letter (the simulator carries no Unicode tables), and the upper-case letters
// of Latin-1, Greek and Cyrillic are refused.
bool valid_chat_input_name(const std::string& name) {
  std::vector<char32_t> cps;
  if (!code_points(name, cps) || cps.empty() || cps.size() > 32) return false;
  for (char32_t c : cps) {
    if (c < 0x80) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '\'';
      if (!ok) return false;
      continue;
    }
    if (c <= 0xBF || c == 0xD7 || c == 0xF7) return false;              // Latin-1 punctuation and symbols
    if (c >= 0x2000 && c <= 0x2BFF) return false;                       // punctuation, symbols, arrows
    if (c >= 0x3000 && c <= 0x303F) return false;                       // CJK punctuation
    if (c >= 0xC0 && c <= 0xDE) return false;                           // Latin-1 capitals
    if (c >= 0x391 && c <= 0x3AB) return false;                         // Greek capitals
    if (c >= 0x400 && c <= 0x42F) return false;                         // Cyrillic capitals
  }
  return true;
}

bool valid_context_menu_name(const std::string& name) {
  std::vector<char32_t> cps;
  return code_points(name, cps) && !cps.empty() && cps.size() <= 32;
}

std::size_t length(const std::string& text) {
  std::vector<char32_t> cps;
  return code_points(text, cps) ? cps.size() : text.size();
}

void check_description(const json& object, const Path& path, Errors& errors) {
  const auto it = object.find("description");
  if (it == object.end() || it->is_null()) {
    errors.add(at(path, "description"), "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  if (!it->is_string()) {
    errors.add(at(path, "description"), "BASE_TYPE_STRING", "Must be a string.");
    return;
  }
  const auto n = length(it->get<std::string>());
  if (n < 1 || n > 100) errors.add(at(path, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
}

void check_name(const json& object, const Path& path, Errors& errors) {
  const auto it = object.find("name");
  if (it == object.end() || it->is_null()) {
    errors.add(at(path, "name"), "BASE_TYPE_REQUIRED", "This field is required");
  } else if (!it->is_string()) {
    errors.add(at(path, "name"), "BASE_TYPE_STRING", "Must be a string.");
  } else if (!valid_chat_input_name(it->get<std::string>())) {
    errors.add(at(path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  }
}

bool flag(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

void check_choices(const json& option, int type, const Path& path, Errors& errors) {
  const auto it = option.find("choices");
  if (it == option.end() || it->is_null()) return;
  const Path here = at(path, "choices");
  if (!it->is_array()) {
    errors.add(here, "BASE_TYPE_ARRAY", "Value must be an array.");
    return;
  }
  if (type != kString && type != kInteger && type != kNumber) {
    errors.add(here, "APPLICATION_COMMAND_OPTION_CHOICES_INVALID_TYPE",
               "Choices are only allowed on STRING, INTEGER and NUMBER options");
    return;
  }
  if (it->size() > kMaxChoices) {
    errors.add(here, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    return;
  }
  if (flag(option, "autocomplete") && !it->empty()) {
    errors.add(at(path, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
               "Autocomplete and choices cannot both be set");
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& choice = (*it)[i];
    const Path c = at(here, std::to_string(i));
    if (!choice.is_object()) {
      errors.add(c, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      continue;
    }
    const auto name = choice.value("name", json());
    if (!name.is_string() || length(name.get<std::string>()) < 1 || length(name.get<std::string>()) > 100) {
      errors.add(at(c, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    }
    const auto value = choice.value("value", json());
    const bool value_ok = type == kString ? value.is_string() && length(value.get<std::string>()) <= 100
                          : type == kInteger ? value.is_number_integer()
                                             : value.is_number();
    if (!value_ok) errors.add(at(c, "value"), "BASE_TYPE_BAD_VALUE", "Value is not valid for this option type");
  }
}

void check_lengths(const json& option, int type, const Path& path, Errors& errors) {
  for (const char* key : {"min_length", "max_length"}) {
    const auto it = option.find(key);
    if (it == option.end() || it->is_null()) continue;
    if (type != kString) {
      errors.add(at(path, key), "APPLICATION_COMMAND_OPTION_LENGTH_INVALID_TYPE", "Only STRING options have lengths");
    } else if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 6000) {
      errors.add(at(path, key), "NUMBER_TYPE_MAX", "Must be between 0 and 6000.");
    }
  }
}

enum class Level { command, subcommand, group };

void check_options(const json& options, Level level, const Path& path, Errors& errors);

void check_option(const json& option, Level level, const Path& path, Errors& errors) {
  if (!option.is_object()) {
    errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return;
  }
  check_name(option, path, errors);
  check_description(option, path, errors);
  const auto type_it = option.find("type");
  if (type_it == option.end() || !type_it->is_number_integer()) {
    errors.add(at(path, "type"), "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  const int type = type_it->get<int>();
  if (type < kSubcommand || type > kAttachment) {
    errors.add(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
    return;
  }
  // Nesting: command -> subcommand, or command -> group -> subcommand; nothing deeper.
  if (type == kGroup && level != Level::command) {
    errors.add(at(path, "type"), "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
               "Subcommand groups can only be options of a command");
  }
  if (type == kSubcommand && level == Level::subcommand) {
    errors.add(at(path, "type"), "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
               "Subcommands cannot contain subcommands");
  }
  if (level == Level::group && type != kSubcommand) {
    errors.add(at(path, "type"), "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
               "Subcommand groups can only contain subcommands");
  }
  if (flag(option, "autocomplete") && type != kString && type != kInteger && type != kNumber) {
    errors.add(at(path, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID_TYPE",
               "Autocomplete is only allowed on STRING, INTEGER and NUMBER options");
  }
  check_choices(option, type, path, errors);
  check_lengths(option, type, path, errors);
  const auto nested = option.find("options");
  if (nested != option.end() && !nested->is_null()) {
    if (type != kSubcommand && type != kGroup) {
      errors.add(at(path, "options"), "APPLICATION_COMMAND_OPTION_INVALID_NESTING",
                 "Only subcommands and subcommand groups have options");
    } else {
      check_options(*nested, type == kGroup ? Level::group : Level::subcommand, at(path, "options"), errors);
    }
  }
}

void check_options(const json& options, Level level, const Path& path, Errors& errors) {
  if (!options.is_array()) {
    errors.add(path, "BASE_TYPE_ARRAY", "Value must be an array.");
    return;
  }
  if (options.size() > kMaxOptions) {
    errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    return;
  }
  bool seen_optional = false, seen_nested = false, seen_value = false;
  std::set<std::string> names;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto& o = options[i];
    const Path here = at(path, std::to_string(i));
    check_option(o, level, here, errors);
    if (!o.is_object()) continue;
    const int type = o.value("type", 0);
    const bool nested = type == kSubcommand || type == kGroup;
    (nested ? seen_nested : seen_value) = true;
    if (!nested) {
      if (flag(o, "required") && seen_optional) {
        errors.add(at(here, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                   "Required options must be placed before non-required options");
      }
      if (!flag(o, "required")) seen_optional = true;
    }
    const auto name = o.value("name", json());
    if (name.is_string() && !names.insert(name.get<std::string>()).second) {
      errors.add(at(here, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                 "Application command option names must be unique");
    }
  }
  if (seen_nested && seen_value) {
    errors.add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
               "Subcommands and subcommand groups cannot be mixed with other option types");
  }
}

void check_permissions(const json& command, const Path& path, Errors& errors) {
  const auto it = command.find("default_member_permissions");
  if (it == command.end() || it->is_null()) return;
  const bool digits = it->is_string() && !it->get<std::string>().empty() &&
                      it->get<std::string>().find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    errors.add(at(path, "default_member_permissions"), "BASE_TYPE_STRING",
               "Must be a string of a permission bit set in decimal.");
  }
}

void check_command(const json& command, const Path& path, Errors& errors) {
  if (!command.is_object()) {
    errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return;
  }
  const auto type_v = command.value("type", json(kChatInput));
  if (!type_v.is_number_integer() || type_v.get<int>() < kChatInput || type_v.get<int>() > kPrimaryEntryPoint) {
    errors.add(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.");
    return;
  }
  const int type = type_v.get<int>();
  check_permissions(command, path, errors);
  if (type == kChatInput) {
    check_name(command, path, errors);
    check_description(command, path, errors);
    if (command.contains("options") && !command["options"].is_null()) {
      check_options(command["options"], Level::command, at(path, "options"), errors);
    }
    return;
  }
  const auto name = command.value("name", json());
  if (!name.is_string() || !valid_context_menu_name(name.get<std::string>())) {
    errors.add(at(path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  }
  if (!command.value("description", std::string()).empty()) {
    errors.add(at(path, "description"), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
               "Context menu commands cannot have a description");
  }
  if (command.contains("options") && !command["options"].is_null() && !command["options"].empty()) {
    errors.add(at(path, "options"), "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS", "Context menu commands cannot have options");
  }
}

}  // namespace

json validate_commands(const json& commands) {
  Errors errors;
  if (!commands.is_array()) {
    errors.add({}, "BASE_TYPE_ARRAY", "Value must be an array.");
    return errors.take();
  }
  std::map<int, std::size_t> per_type;
  std::set<std::pair<int, std::string>> seen;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& c = commands[i];
    const Path here{std::to_string(i)};
    check_command(c, here, errors);
    if (!c.is_object()) continue;
    const int type = c.value("type", json(kChatInput)).is_number_integer() ? c.value("type", kChatInput) : 0;
    ++per_type[type];
    const auto name = c.value("name", json());
    // Names are unique per type and scope.
    if (name.is_string() && !seen.emplace(type, name.get<std::string>()).second) {
      errors.add(at(here, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
    }
  }
  if (per_type[kChatInput] > kMaxChatInput) {
    errors.add({}, "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of application commands reached (100)");
  }
  if (per_type[kUser] > kMaxContextMenu || per_type[kMessage] > kMaxContextMenu) {
    errors.add({}, "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of context menu commands reached (15)");
  }
  return errors.take();
}

}  // namespace arrakis::discord_sim
