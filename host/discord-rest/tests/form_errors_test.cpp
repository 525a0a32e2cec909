// Discord's nested form errors flattened to one line per refused field.
#include <gtest/gtest.h>

#include "arrakis/discord/form_errors.hpp"

namespace arrakis::discord {
namespace {

using nlohmann::json;

TEST(FormErrors, NestedErrorsBecomeDottedPaths) {
  const json errors = json::parse(R"({
    "3": {"options": {"0": {"name": {"_errors": [{"code": "APPLICATION_COMMAND_INVALID_NAME", "message": "Command name is invalid"}]}}}},
    "7": {"description": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}]}},
    "_errors": [{"code": "APPLICATION_COMMANDS_TOO_MANY", "message": "Too many"}]
  })");
  const auto flat = flatten_form_errors(errors, "commands");
  ASSERT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat[0].path, "commands");
  EXPECT_EQ(flat[0].code, "APPLICATION_COMMANDS_TOO_MANY");
  EXPECT_EQ(flat[1].to_string(), "commands.3.options.0.name: Command name is invalid (APPLICATION_COMMAND_INVALID_NAME)");
  EXPECT_EQ(flat[2].path, "commands.7.description");
  EXPECT_EQ(flatten_form_errors(errors)[1].path, "3.options.0.name");
  EXPECT_TRUE(flatten_form_errors(json()).empty());
}

}  // namespace
}  // namespace arrakis::discord
