#pragma once
// The twenty Arrakis slash commands (spec/commands.json, domain D3) and valid option values for
// each, so the traffic generator can invoke every one of them realistically.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

struct OptionSpec {
  int type = 3;  // 1 SUB_COMMAND, 3 STRING, 4 INTEGER, 6 USER, ...
  std::string name;
  bool required = false;
  bool autocomplete = false;
  std::vector<std::string> choices;
  int min_value = 0, max_value = 0;
  int max_length = 0;
  std::vector<OptionSpec> options;  // a subcommand's own options
};

struct CommandSpec {
  std::string name;
  bool admin = false;
  std::vector<OptionSpec> options;
};

const std::vector<CommandSpec>& command_catalog();
const CommandSpec* find_command(const std::string& name);

// What option values may refer to: members of the guild (id, username, wallet).
struct OptionContext {
  struct Person {
    std::uint64_t id = 0;
    std::string username;
    std::string wallet;
    nlohmann::json member;  // full member object with user, for `resolved`
  };
  std::vector<Person> people;
};

// `data` of an APPLICATION_COMMAND interaction: {id,name,type,guild_id,options,resolved?}.
nlohmann::json command_data(const CommandSpec& command, std::uint64_t command_id, std::uint64_t guild_id,
                            std::mt19937_64& rng, const OptionContext& context);
// `data` of an AUTOCOMPLETE interaction for a command that has an autocomplete option, with the
// focused option holding a partial value; null when the command has none.
nlohmann::json autocomplete_data(const CommandSpec& command, std::uint64_t command_id, std::uint64_t guild_id,
                                 std::mt19937_64& rng, const OptionContext& context);
bool has_autocomplete(const CommandSpec& command);

// A value a user would type into a modal's text input with this custom_id.
std::string modal_value(const std::string& field_custom_id, int max_length, std::mt19937_64& rng);

}  // namespace arrakis::discord_sim
