// Discord's checks on application-command definitions (spec discord-api 6): each rule refuses with
// Discord's nested errors at the failing path, and a valid set passes untouched.
#include <gtest/gtest.h>

#include "arrakis/discord_sim/command_validation.hpp"

namespace arrakis::discord_sim {
namespace {

using nlohmann::json;

json command(const std::string& name, json options = json::array()) {
  json c = {{"name", name}, {"type", 1}, {"description", "does " + name}};
  if (!options.empty()) c["options"] = std::move(options);
  return c;
}
json option(const std::string& name, int type, bool required = false) {
  return {{"name", name}, {"type", type}, {"description", "the " + name}, {"required", required}};
}
// The first error code at a path of the errors object ("" when none).
std::string code_at(const json& errors, const std::vector<std::string>& path) {
  const json* node = &errors;
  for (const auto& p : path) {
    if (!node->is_object() || !node->contains(p)) return "";
    node = &(*node)[p];
  }
  if (!node->contains("_errors")) return "";
  return (*node)["_errors"][0].value("code", "");
}

TEST(CommandValidation, ValidDefinitionsPass) {
  json sub = option("view", 1);
  sub["options"] = json::array({option("nym", 3, true), option("days", 4)});
  json group = option("admin", 2);
  group["options"] = json::array({option("list", 1)});
  json choices = option("tier", 3, true);
  choices["choices"] = json::array({{{"name", "Fedaykin"}, {"value", "fedaykin"}}});
  json commands = json::array({command("profile", json::array({sub, group})), command("pick", json::array({choices})),
                               command("naïve-ünïcode_1"),
                               {{"name", "Show Profile"}, {"type", 2}, {"default_member_permissions", "8"}}});
  EXPECT_EQ(validate_commands(commands), json::object());
}

TEST(CommandValidation, NamesAreLowerCaseWordsOfAtMost32) {
  const auto errors = validate_commands(
      json::array({command("ok"), command("Upper"), command("has space"), command(std::string(33, 'a')), command("")}));
  EXPECT_EQ(code_at(errors, {"0", "name"}), "");
  for (const char* i : {"1", "2", "3", "4"}) EXPECT_EQ(code_at(errors, {i, "name"}), "APPLICATION_COMMAND_INVALID_NAME") << i;
  // Option names follow the same rule.
  const auto opt = validate_commands(json::array({command("x", json::array({option("Bad", 3)}))}));
  EXPECT_EQ(code_at(opt, {"0", "options", "0", "name"}), "APPLICATION_COMMAND_INVALID_NAME") << opt;
}

TEST(CommandValidation, DescriptionsAreOneToHundred) {
  json empty = command("a");
  empty["description"] = "";
  json long_one = command("b");
  long_one["description"] = std::string(101, 'x');
  json missing = command("c");
  missing.erase("description");
  const auto errors = validate_commands(json::array({empty, long_one, missing}));
  EXPECT_EQ(code_at(errors, {"0", "description"}), "BASE_TYPE_BAD_LENGTH");
  EXPECT_EQ(code_at(errors, {"1", "description"}), "BASE_TYPE_BAD_LENGTH");
  EXPECT_EQ(code_at(errors, {"2", "description"}), "BASE_TYPE_REQUIRED");
}

TEST(CommandValidation, AtMost25OptionsRequiredFirst) {
  json many = json::array();
  for (int i = 0; i < 26; ++i) many.push_back(option("o" + std::to_string(i), 3));
  auto errors = validate_commands(json::array({command("many", many)}));
  EXPECT_EQ(code_at(errors, {"0", "options"}), "BASE_TYPE_MAX_LENGTH");
  errors = validate_commands(json::array({command("order", json::array({option("a", 3), option("b", 3, true)}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "1", "required"}), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID") << errors;
  errors = validate_commands(json::array({command("dup", json::array({option("a", 3), option("a", 4)}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "1", "name"}), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS");
}

TEST(CommandValidation, ChoicesAtMost25AndNotWithAutocomplete) {
  json o = option("pick", 3);
  o["choices"] = json::array();
  for (int i = 0; i < 26; ++i) o["choices"].push_back({{"name", "c" + std::to_string(i)}, {"value", "v"}});
  auto errors = validate_commands(json::array({command("a", json::array({o}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "choices"}), "BASE_TYPE_MAX_LENGTH");

  json both = option("pick", 3);
  both["choices"] = json::array({{{"name", "one"}, {"value", "1"}}});
  both["autocomplete"] = true;
  errors = validate_commands(json::array({command("b", json::array({both}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "autocomplete"}), "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES");

  json on_bool = option("flag", 5);
  on_bool["choices"] = json::array({{{"name", "yes"}, {"value", true}}});
  errors = validate_commands(json::array({command("c", json::array({on_bool}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "choices"}), "APPLICATION_COMMAND_OPTION_CHOICES_INVALID_TYPE");

  json wrong_value = option("n", 4);
  wrong_value["choices"] = json::array({{{"name", "one"}, {"value", "1"}}});
  errors = validate_commands(json::array({command("d", json::array({wrong_value}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "choices", "0", "value"}), "BASE_TYPE_BAD_VALUE");
}

TEST(CommandValidation, OptionTypesAndNesting) {
  auto errors = validate_commands(json::array({command("a", json::array({option("x", 12)}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "type"}), "BASE_TYPE_CHOICES");

  json deep = option("sub", 1);
  deep["options"] = json::array({option("inner", 1)});
  errors = validate_commands(json::array({command("b", json::array({deep}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "options", "0", "type"}), "APPLICATION_COMMAND_OPTION_INVALID_NESTING");

  json group_of_values = option("grp", 2);
  group_of_values["options"] = json::array({option("v", 3)});
  errors = validate_commands(json::array({command("c", json::array({group_of_values}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "options", "0", "type"}), "APPLICATION_COMMAND_OPTION_INVALID_NESTING");

  errors = validate_commands(json::array({command("d", json::array({option("sub", 1), option("v", 3)}))}));
  EXPECT_EQ(code_at(errors, {"0", "options"}), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID");

  json value_with_options = option("v", 3);
  value_with_options["options"] = json::array({option("w", 3)});
  errors = validate_commands(json::array({command("e", json::array({value_with_options}))}));
  EXPECT_EQ(code_at(errors, {"0", "options", "0", "options"}), "APPLICATION_COMMAND_OPTION_INVALID_NESTING");
}

TEST(CommandValidation, PermissionsAreADecimalString) {
  json number = command("a");
  number["default_member_permissions"] = 8;
  json text = command("b");
  text["default_member_permissions"] = "8";
  json none = command("c");
  none["default_member_permissions"] = nullptr;
  const auto errors = validate_commands(json::array({number, text, none}));
  EXPECT_EQ(code_at(errors, {"0", "default_member_permissions"}), "BASE_TYPE_STRING");
  EXPECT_FALSE(errors.contains("1"));
  EXPECT_FALSE(errors.contains("2"));
}

TEST(CommandValidation, UniqueNamesAndAtMost100ChatInputCommands) {
  auto errors = validate_commands(json::array({command("same"), command("same")}));
  EXPECT_EQ(code_at(errors, {"1", "name"}), "APPLICATION_COMMANDS_DUPLICATE_NAME");
  // A USER command may share a CHAT_INPUT command's name.
  EXPECT_EQ(validate_commands(json::array({command("same"), {{"name", "same"}, {"type", 2}}})), json::object());

  json hundred = json::array();
  for (int i = 0; i < 100; ++i) hundred.push_back(command("c" + std::to_string(i)));
  EXPECT_EQ(validate_commands(hundred), json::object());
  hundred.push_back(command("one-too-many"));
  EXPECT_EQ(code_at(validate_commands(hundred), {}), "APPLICATION_COMMANDS_TOO_MANY");
}

TEST(CommandValidation, ContextMenuCommandsHaveNoDescriptionOrOptions) {
  json user = {{"name", "Show Profile"}, {"type", 2}, {"description", "nope"}, {"options", json::array({option("a", 3)})}};
  const auto errors = validate_commands(json::array({user}));
  EXPECT_EQ(code_at(errors, {"0", "description"}), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION");
  EXPECT_EQ(code_at(errors, {"0", "options"}), "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS");
}

}  // namespace
}  // namespace arrakis::discord_sim
