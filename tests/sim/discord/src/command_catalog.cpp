#include "arrakis/discord_sim/command_catalog.hpp"

#include <algorithm>
#include <cstdio>

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

OptionSpec sub(std::string name, std::vector<OptionSpec> options = {}) {
  OptionSpec o;
  o.type = 1;
  o.name = std::move(name);
  o.options = std::move(options);
  return o;
}
OptionSpec str(std::string name, bool required, bool autocomplete = false, int max_length = 0) {
  OptionSpec o;
  o.type = 3;
  o.name = std::move(name);
  o.required = required;
  o.autocomplete = autocomplete;
  o.max_length = max_length;
  return o;
}
OptionSpec choice(std::string name, std::vector<std::string> choices) {
  OptionSpec o = str(std::move(name), true);
  o.choices = std::move(choices);
  return o;
}
OptionSpec integer(std::string name, int min, int max) {
  OptionSpec o;
  o.type = 4;
  o.name = std::move(name);
  o.min_value = min;
  o.max_value = max;
  return o;
}
OptionSpec user(std::string name) {
  OptionSpec o;
  o.type = 6;
  o.name = std::move(name);
  o.required = true;
  return o;
}

std::vector<CommandSpec> build() {
  const std::vector<std::string> strategies = {"instant", "gradual", "parallel_forever", "arrakis_primary"};
  const std::vector<OptionSpec> migrate_options = {choice("strategy", strategies), integer("batch_size", 10, 1000),
                                                   integer("duration_days", 1, 30)};
  return {
      {"stats", false, {}},
      {"position", false, {}},
      {"threshold", false, {}},
      {"directory", false, {}},
      {"resume", true, {str("session_id", false)}},
      {"register-waitlist", false, {sub("register", {str("wallet", true)}), sub("status"), sub("unregister")}},
      {"leaderboard", false, {sub("badges"), sub("tiers")}},
      {"profile", false, {sub("view", {str("nym", false, true)}), sub("edit")}},
      {"badges", false, {str("nym", false, true)}},
      {"alerts", false, {}},
      {"naib", false, {sub("overview"), sub("current"), sub("former")}},
      {"onboard", true, {}},
      {"admin-stats", true, {}},
      {"admin-badge",
       true,
       {sub("award", {str("nym", true, true), str("badge", true, true), str("reason", true, false, 500)}),
        sub("revoke", {str("nym", true, true), str("badge", true, true)})}},
      {"check-eligibility", false, {str("wallet", true)}},
      {"verify", false, {sub("start"), sub("status"), sub("reset", {user("user")})}},
      {"water-share", false, {sub("share", {user("member")}), sub("status")}},
      {"admin-migrate", true, {sub("check"), sub("plan", migrate_options), sub("execute", migrate_options)}},
      {"admin-takeover", true, {}},
      {"admin-water-share",
       true,
       {sub("list"), sub("revoke", {str("grant_id", true, true)}), sub("lineage", {str("nym", true, true)})}},
  };
}

const char* const kBadges[] = {"water-sharer", "helper", "contributor", "og", "usul-ascended", "first-wave"};

std::string random_hex(std::mt19937_64& rng, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < digits; ++i) s += kHex[rng() % 16];
  return s;
}

std::string uuid(std::mt19937_64& rng) {
  return random_hex(rng, 8) + "-" + random_hex(rng, 4) + "-4" + random_hex(rng, 3) + "-a" + random_hex(rng, 3) + "-" +
         random_hex(rng, 12);
}

const OptionContext::Person* pick(const OptionContext& ctx, std::mt19937_64& rng) {
  return ctx.people.empty() ? nullptr : &ctx.people[rng() % ctx.people.size()];
}

json value_for(const OptionSpec& o, std::mt19937_64& rng, const OptionContext& ctx, json& resolved) {
  if (!o.choices.empty()) return o.choices[rng() % o.choices.size()];
  switch (o.type) {
    case 4:
      return o.min_value + static_cast<int>(rng() % static_cast<std::uint64_t>(o.max_value - o.min_value + 1));
    case 5:
      return rng() % 2 == 0;
    case 10:
      return static_cast<double>(rng() % 1000) / 10.0;
    case 6: {
      const auto* p = pick(ctx, rng);
      if (!p) return "0";
      const auto id = std::to_string(p->id);
      json member = p->member;
      resolved["users"][id] = member.value("user", json::object());
      member.erase("user");  // resolved members carry no user, deaf or mute
      member.erase("deaf");
      member.erase("mute");
      resolved["members"][id] = member;
      return id;
    }
    default:
      break;
  }
  if (o.name == "wallet") {
    const auto* p = pick(ctx, rng);
    // Mostly wallets of the community (so ranks exist), sometimes a stranger's.
    if (p && !p->wallet.empty() && rng() % 4 != 0) return p->wallet;
    return "0x" + random_hex(rng, 40);
  }
  if (o.name == "nym") {
    const auto* p = pick(ctx, rng);
    return p ? p->username : std::string("stilgar");
  }
  if (o.name == "badge") return kBadges[rng() % std::size(kBadges)];
  if (o.name == "reason") return "Kept the sietch lounge welcoming for a week";
  if (o.name == "session_id" || o.name == "grant_id") return uuid(rng);
  return "value-" + random_hex(rng, 6);
}

json build_options(const std::vector<OptionSpec>& specs, std::mt19937_64& rng, const OptionContext& ctx, json& resolved) {
  json out = json::array();
  if (!specs.empty() && (specs.front().type == 1 || specs.front().type == 2)) {  // a subcommand (group) is chosen
    const auto& chosen = specs[rng() % specs.size()];
    out.push_back({{"name", chosen.name}, {"type", chosen.type},
                   {"options", build_options(chosen.options, rng, ctx, resolved)}});
    return out;
  }
  for (const auto& o : specs) {
    if (!o.required && rng() % 2) continue;  // optional options are given half of the time
    out.push_back({{"name", o.name}, {"type", o.type}, {"value", value_for(o, rng, ctx, resolved)}});
  }
  return out;
}

json base_data(const CommandSpec& command, std::uint64_t command_id, std::uint64_t guild_id, int type) {
  return {{"id", std::to_string(command_id)}, {"name", command.name}, {"type", type},
          {"guild_id", std::to_string(guild_id)}};
}

}  // namespace

const std::vector<CommandSpec>& command_catalog() {
  static const std::vector<CommandSpec> catalog = build();
  return catalog;
}

const CommandSpec* find_command(const std::string& name) {
  for (const auto& c : command_catalog()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

json command_data(const CommandSpec& command, std::uint64_t command_id, std::uint64_t guild_id, std::mt19937_64& rng,
                  const OptionContext& context) {
  json data = base_data(command, command_id, guild_id, 1);
  json resolved = json::object();
  json options = build_options(command.options, rng, context, resolved);
  if (!options.empty()) data["options"] = options;
  if (!resolved.empty()) data["resolved"] = resolved;
  return data;
}

bool has_autocomplete(const CommandSpec& command) {
  for (const auto& o : command.options) {
    if (o.autocomplete) return true;
    for (const auto& s : o.options) {
      if (s.autocomplete) return true;
    }
  }
  return false;
}

json autocomplete_data(const CommandSpec& command, std::uint64_t command_id, std::uint64_t guild_id,
                       std::mt19937_64& rng, const OptionContext& context) {
  // Candidates: (subcommand or none, the option list holding an autocomplete option).
  std::vector<std::pair<const OptionSpec*, const std::vector<OptionSpec>*>> targets;
  for (const auto& o : command.options) {
    if (o.autocomplete) {
      targets.emplace_back(nullptr, &command.options);
      break;
    }
  }
  for (const auto& o : command.options) {
    if (o.type == 1 && std::any_of(o.options.begin(), o.options.end(), [](const auto& s) { return s.autocomplete; })) {
      targets.emplace_back(&o, &o.options);
    }
  }
  if (targets.empty()) return nullptr;
  const auto& [subcommand, list] = targets[rng() % targets.size()];
  std::vector<const OptionSpec*> focusable;
  for (const auto& o : *list) {
    if (o.autocomplete) focusable.push_back(&o);
  }
  const OptionSpec* focused = focusable[rng() % focusable.size()];
  json resolved = json::object();
  json options = json::array();
  for (const auto& o : *list) {
    if (&o == focused) {
      // What the user has typed so far: a prefix of a real value.
      std::string typed = value_for(o, rng, context, resolved).get<std::string>();
      typed.resize(std::min<std::size_t>(typed.size(), rng() % 4));
      options.push_back({{"name", o.name}, {"type", o.type}, {"value", typed}, {"focused", true}});
    } else if (o.required && rng() % 2) {
      options.push_back({{"name", o.name}, {"type", o.type}, {"value", value_for(o, rng, context, resolved)}});
    }
  }
  json data = base_data(command, command_id, guild_id, 1);
  data["options"] = subcommand ? json::array({{{"name", subcommand->name}, {"type", 1}, {"options", options}}}) : options;
  return data;
}

std::string modal_value(const std::string& field, int max_length, std::mt19937_64& rng) {
  std::string v;
  if (field == "nym") {
    v = "fremen" + std::to_string(rng() % 100000);
  } else if (field == "pfp_url") {
    v = "https://i.imgur.com/" + random_hex(rng, 7) + ".png";
  } else if (field == "bio") {
    v = "Walker of the deep desert, keeper of the water.";
  } else if (field == "acknowledge_risks") {
    v = "I understand";
  } else if (field == "rollback_plan") {
    v = "confirmed";
  } else if (field == "community_name") {
    v = "Sietch 1";
  } else {
    v = "answer " + random_hex(rng, 8);
  }
  if (max_length > 0 && static_cast<int>(v.size()) > max_length) v.resize(static_cast<std::size_t>(max_length));
  return v;
}

}  // namespace arrakis::discord_sim
