#include "cases.hpp"

#include <optional>

namespace arrakis::bench {

using sietch::testing::member_discord_id;
using sietch::testing::SeededSietch;
using testing::PluginBench;
using testing::PluginRun;
using nlohmann::json;

namespace {

// A slash command from seeded member `n`.
CommandCase command(const std::string& label, const std::string& plugin, const std::string& name, int member,
                    const std::string& subcommand = "", json options = json::object()) {
  return {label, plugin, [=](PluginBench& bench, const SeededSietch&) {
            return bench.command(name, options, member_discord_id(member), subcommand);
          }};
}

// /check-eligibility's chain reads answered in memory (the RPC itself is not the plugin's cost): the
// head, no burn in any of the five 10,000-block windows, and 1,700 BGT from balanceOf.
void answer_chain(PluginBench& bench) {
  bench.recorder().answer_reads([](const std::string& kind, const json& args) -> std::optional<std::string> {
    if (kind != "chain.rpc") return std::nullopt;
    if (args["method"] == "eth_blockNumber") return "\"0x7a1200\"";
    if (args["method"] == "eth_getLogs") return "[]";
    if (args["method"] == "eth_call") return "\"0x00000000000000000000000000000000000000000000005c283d410394100000\"";
    return std::nullopt;
  });
}

// A community ready to migrate (once per community): 21 shadow days, 97.12%, Collab.Land, 250 compared.
void ready_to_migrate(PluginBench& bench) {
  static std::string ready_for;
  if (ready_for == bench.community_id()) return;
  bench.admin_exec("INSERT INTO migration_states (community_id, shadow_days, accuracy_percent) "
                   "VALUES ($1::uuid, 21, 9712)", {bench.community_id()});
  bench.admin_exec("INSERT INTO incumbent_configs (community_id, provider) VALUES ($1::uuid, 'collabland')",
                   {bench.community_id()});
  bench.admin_exec("INSERT INTO shadow_member_states (community_id, discord_user_id, agrees) SELECT $1::uuid, "
                   "n::text, true FROM generate_series(1, 250) n", {bench.community_id()});
  ready_for = bench.community_id();
}

}  // namespace

std::vector<CommandCase> command_cases() {
  return {
      command("/stats", "stats", "stats", 63),
      command("/position (at risk)", "position", "position", 64),
      command("/position (waiting pool)", "position", "position", 100),
      command("/threshold", "threshold", "threshold", 20),
      command("/directory", "directory", "directory", 20),
      {"/directory next", "directory",
       [](PluginBench& bench, const SeededSietch&) {
         // The member's session persists in the bench between calls: pages advance to the last one.
         const auto user = member_discord_id(20);
         return bench.interaction("interaction.button", user,
                                  {{"type", 3}, {"customId", "directory_next:" + user}, {"componentType", 2},
                                   {"messageId", "500000000000000001"}, {"memberPermissions", "0"}});
       }},
      {"/leaderboard badges", "leaderboard",
       [](PluginBench& bench, const SeededSietch&) {
         bench.recorder().forget_state();  // every call computes the ranking
         return bench.command("leaderboard", json::object(), member_discord_id(20), "badges");
       }},
      // The first call fills the 60 s cache (state persists in the bench); the others are served from it.
      command("/leaderboard badges (cached)", "leaderboard", "leaderboard", 20, "badges"),
      command("/leaderboard tiers", "leaderboard", "leaderboard", 71, "tiers"),
      command("/profile view (own)", "profile", "profile", 20, "view"),
      command("/profile view (other)", "profile", "profile", 20, "view", {{"nym", "otheym-4"}}),
      command("/badges (own)", "badges", "badges", 4),
      command("/badges (other)", "badges", "badges", 20, "", {{"nym", "otheym-4"}}),
      command("/register-waitlist status", "register-waitlist", "register-waitlist", 71, "status"),
      command("/alerts", "alerts", "alerts", 20),
      command("/naib overview", "naib", "naib", 20, "overview"),
      command("/naib current", "naib", "naib", 20, "current"),
      command("/naib former", "naib", "naib", 20, "former"),
      command("/water-share status", "water-share", "water-share", 20, "status"),
      {"/admin-water-share list", "admin-water-share",
       [](PluginBench& bench, const SeededSietch& seeded) {
         // 30 active grants (once per community), so the list is cut at 25; the caller is an admin.
         static std::string seeded_for;
         if (seeded_for != bench.community_id()) {
           const auto members = sietch::testing::onboarded_members();
           for (int i = 0; i < 30; ++i) {
             bench.admin_exec("INSERT INTO water_sharer_grants (community_id, granter_profile_id, recipient_profile_id) "
                              "VALUES ($1::uuid, $2::uuid, $3::uuid)",
                              {bench.community_id(), seeded.profile_id(members[i]), seeded.profile_id(members[30 + i])});
           }
           seeded_for = bench.community_id();
         }
         return bench.run({{"eventId", "00000000-0000-4000-8000-000000000001"},
                           {"eventType", "interaction.command.admin-water-share"},
                           {"timestamp", 1764000000000},
                           {"userId", member_discord_id(1)},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"type", 2}, {"commandName", "admin-water-share"}, {"subcommand", "list"},
                                     {"options", json::object()}, {"memberPermissions", "8"}}}});
       }},
      {"/admin-stats", "admin-stats",
       [](PluginBench& bench, const SeededSietch&) {
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000a5"},
                           {"eventType", "interaction.command.admin-stats"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-stats"}, {"options", json::object()}, {"memberPermissions", "8"}}}});
       }},
      // Each call a new award: every onboarded member in turn, then the next badge nobody holds.
      {"/admin-badge award", "admin-badge",
       [next = std::make_shared<std::size_t>(0)](PluginBench& bench, const SeededSietch&) {
         static const std::vector<int> members = sietch::testing::onboarded_members();
         static const char* const badges[] = {"water-sharer", "founding-fedaykin", "usul-ascended"};
         const std::size_t k = (*next)++;
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000a6"},
                           {"eventType", "interaction.command.admin-badge"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-badge"}, {"subcommand", "award"}, {"memberPermissions", "8"},
                                     {"options", {{"nym", sietch::testing::nym(members[k % members.size()])},
                                                  {"badge", badges[k / members.size() % 3]},
                                                  {"reason", "Benchmark"}}}}}});
       }},
      // The re-sync request /admin-badge publishes: member 4 (veteran and trusted) is in the guild with
      // no dynamic role, so every call reads the config and standing and plans two role adds.
      {"role-sync (badge_award)", "role-sync",
       [](PluginBench& bench, const SeededSietch& seeded) {
         static std::string configured_for;  // once per community
         if (configured_for != bench.community_id()) {
           bench.admin_exec("UPDATE community_config SET engaged_role_id = '700000000000000001', "
                            "veteran_role_id = '700000000000000002', trusted_role_id = '700000000000000003' "
                            "WHERE community_id = $1::uuid",
                            {bench.community_id()});
           bench.recorder().answer_reads([](const std::string& kind, const json& args) -> std::optional<std::string> {
             if (kind != "guild.get_member") return std::nullopt;
             return json{{"user", {{"id", args.value("user", "")}}}, {"roles", json::array()}}.dump();
           });
           configured_for = bench.community_id();
         }
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000a7"},
                           {"eventType", "internal.sietch.roles.resync"},
                           {"timestamp", 1764000000000},
                           {"source", {{"plugin", "admin-badge"}, {"version", "1.0.0"}}},
                           {"data", {{"discordId", member_discord_id(4)}, {"profileId", seeded.profile_id(4)},
                                     {"reason", "badge_award"}}}});
        }},
      // Every call a cache miss: the burn scan and balanceOf through the host's chain RPC.
      {"/check-eligibility (chain)", "check-eligibility",
       [](PluginBench& bench, const SeededSietch&) {
         answer_chain(bench);
         bench.recorder().forget_state();
         return bench.command("check-eligibility", {{"wallet", sietch::testing::wallet_address(20)}}, member_discord_id(20));
       }},
      // The first call fills the 60 s cache (on a fixed clock); the others are served from it.
      {"/check-eligibility (cached)", "check-eligibility",
       [](PluginBench& bench, const SeededSietch&) {
         answer_chain(bench);
         bench.recorder().set_clock(1764000000000);
         return bench.command("check-eligibility", {{"wallet", sietch::testing::wallet_address(20)}}, member_discord_id(20));
        }},
      {"/admin-migrate check", "admin-migrate",
       [](PluginBench& bench, const SeededSietch&) {
         ready_to_migrate(bench);
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000b1"},
                           {"eventType", "interaction.command.admin-migrate"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-migrate"}, {"subcommand", "check"}, {"memberPermissions", "8"},
                                     {"options", json::object()}}}});
       }},
      {"/admin-migrate plan gradual", "admin-migrate",
       [](PluginBench& bench, const SeededSietch&) {
         ready_to_migrate(bench);
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000b1"},
                           {"eventType", "interaction.command.admin-migrate"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-migrate"}, {"subcommand", "plan"}, {"memberPermissions", "8"},
                                     {"options", {{"strategy", "gradual"}, {"batch_size", 50}}}}}});
       }},
      {"/admin-migrate execute (asks)", "admin-migrate",
       [](PluginBench& bench, const SeededSietch&) {
         ready_to_migrate(bench);
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000b1"},
                           {"eventType", "interaction.command.admin-migrate"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-migrate"}, {"subcommand", "execute"}, {"memberPermissions", "8"},
                                     {"options", {{"strategy", "instant"}}}}}});
       }},
      {"/admin-takeover (first modal)", "admin-takeover",
       [](PluginBench& bench, const SeededSietch&) {
         static std::string primary_for;
         if (primary_for != bench.community_id()) {
           bench.admin_exec("INSERT INTO migration_states (community_id, current_mode) VALUES ($1::uuid, 'primary')",
                            {bench.community_id()});
           primary_for = bench.community_id();
         }
         return bench.run({{"eventId", "00000000-0000-4000-8000-0000000000b2"},
                           {"eventType", "interaction.command.admin-takeover"},
                           {"userId", "900000000000000099"},
                           {"interactionId", "400000000000000001"},
                           {"data", {{"commandName", "admin-takeover"}, {"memberPermissions", "8"},
                                     {"options", json::object()}}}});
       }},
      // The first run opens the member's session; later runs continue it (the usual repeat of start).
      {"/verify start", "verify",
       [](PluginBench& bench, const SeededSietch&) {
         bench.recorder().set_config("base_url", "https://verify.example.org");
         return bench.command("verify", json::object(), member_discord_id(20), "start");
       }},
      command("/verify status", "verify", "verify", 20, "status"),
      // The community-setup wizard (plugin community-setup), as an administrator.
      {"/onboard (new setup)", "community-setup",
       [](PluginBench& bench, const SeededSietch&) {
         bench.recorder().forget_state();  // no setup under way: each call starts one
         return bench.interaction("interaction.command.onboard", "900000000000000099",
                                  {{"type", 2}, {"commandName", "onboard"}, {"options", json::object()},
                                   {"memberPermissions", "8"}});
       }},
      // /resume on the REVIEW step, which reads the configuration and the guild's 15 roles and 8
      // channels (answered in memory, all existing by name) to show what DEPLOY would reuse.
      {"/resume (review step)", "community-setup",
       [](PluginBench& bench, const SeededSietch&) {
         static std::string walked_for;
         const std::string admin = "900000000000000099";
         const auto as_admin = [&](const std::string& type, json data) {
           data["memberPermissions"] = "8";
           return bench.interaction(type, admin, std::move(data));
         };
         if (walked_for != bench.community_id()) {
           json roles = json::array(), channels = json::array();
           int n = 1;
           for (const char* r : {"Naib", "Fedaykin", "Former Naib", "Taqwa", "Trusted", "Veteran", "Engaged",
                                 "Onboarded", "Usul", "Sayyadina", "Mushtamal", "Sihaya", "Qanat", "Ichwan", "Hajra"}) {
             roles.push_back({{"id", std::to_string(810000000000000000 + n++)}, {"name", r}});
           }
           for (const char* c : {"the-door", "census", "announcements", "sietch-lounge", "naib-council",
                                 "introductions", "cave-entrance", "oasis"}) {
             channels.push_back({{"id", std::to_string(810000000000000000 + n++)}, {"name", c}, {"type", 0}});
           }
           bench.recorder().answer_reads([roles, channels](const std::string& kind, const json&) -> std::optional<std::string> {
             if (kind == "guild.list_roles") return roles.dump();
             if (kind == "guild.list_channels") return channels.dump();
             return std::nullopt;
           });
           const auto opened = as_admin("interaction.command.onboard",
                                        {{"type", 2}, {"commandName", "onboard"}, {"options", json::object()}});
           const std::string start = opened.reply()["components"][0]["components"][0]["custom_id"];
           const std::string id = start.substr(std::string("wizard:start:").size());
           as_admin("interaction.button", {{"type", 3}, {"customId", start}, {"componentType", 2}});
           for (const char* step : {"CHAIN_SELECT", "ASSET_CONFIG", "ELIGIBILITY_RULES", "ROLE_MAPPING", "CHANNEL_STRUCTURE"}) {
             as_admin("interaction.button",
                      {{"type", 3}, {"customId", "wizard:next:" + id + ":" + step}, {"componentType", 2}});
           }
           walked_for = bench.community_id();
         }
         return as_admin("interaction.command.resume", {{"type", 2}, {"commandName", "resume"}, {"options", json::object()}});
       }},
  };
}

}  // namespace arrakis::bench
