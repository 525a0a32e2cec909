// What /admin-takeover shows: pure functions from state to embeds, modals and messages.
#pragma once

#include <string>
#include <vector>

#include <arrakis/sdk.hpp>

namespace admin_takeover {

struct Rename {
  std::string role_id;
  std::string from;
  std::string to;
};

arrakis::sdk::Embed not_available_embed(const std::string& mode, bool started);
arrakis::sdk::Modal step_modal(int number, const std::string& guild_id);
// After step `done` (1 or 2) was answered right: what the next step is about, and its button.
arrakis::sdk::Message next_step_message(int done, const std::string& guild_id);
// A wrong answer to step `number`: the takeover ends.
std::string wrong_answer_text(int number);
arrakis::sdk::Embed complete_embed(const std::string& server_name, const std::vector<Rename>& renamed);
// Some roles could not be renamed: nothing else changed, the admin can run the takeover again.
arrakis::sdk::Embed incomplete_embed(const std::vector<Rename>& renamed, const std::vector<Rename>& failed);

}  // namespace admin_takeover
