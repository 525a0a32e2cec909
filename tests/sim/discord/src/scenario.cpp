#include "arrakis/discord_sim/scenario.hpp"

#include <random>
#include <sstream>
#include <thread>

#include "arrakis/discord_sim/command_catalog.hpp"
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/traffic_generator.hpp"

namespace arrakis::discord_sim {

using nlohmann::json;

namespace {

std::optional<std::uint64_t> guild_of(const json& line, CommunityModel& model) {
  const auto guilds = model.guild_ids();
  const auto g = line.value("guild", json(0));
  if (g.is_number_unsigned() && g.get<std::size_t>() < guilds.size()) return guilds[g.get<std::size_t>()];
  if (g.is_string()) {
    const auto id = std::stoull(g.get<std::string>());
    if (model.has_guild(id)) return id;
  }
  return std::nullopt;
}

// {"custom_id", "user", "dm"} of a component or modal_submit line: which offer it acts on.
OfferFilter offer_filter(const json& line) {
  OfferFilter f;
  f.custom_id = line.value("custom_id", std::string());
  if (line.contains("user") && line["user"].is_string()) f.user_id = std::stoull(line["user"].get<std::string>());
  if (line.contains("dm") && line["dm"].is_boolean()) f.dm = line["dm"].get<bool>();
  return f;
}

// A snowflake field of a line ("user", "channel", ...), 0 when absent.
std::uint64_t id_field(const json& line, const char* name) {
  return line.contains(name) && line[name].is_string() ? std::stoull(line[name].get<std::string>()) : 0;
}

}  // namespace

json play_scenario(const std::string& jsonl, std::uint64_t seed, EventFactory& events, GatewayServer& gateway,
                   CommunityModel& model) {
  std::mt19937_64 rng(seed);
  json interactions = json::array(), errors = json::array();
  std::size_t lines = 0, dispatched = 0;
  std::istringstream in(jsonl);
  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++lines;
    auto fail = [&](const std::string& why) { errors.push_back({{"line", number}, {"error", why}}); };
    const json line = json::parse(text, nullptr, false);
    if (!line.is_object()) {
      fail("not a JSON object");
      continue;
    }
    try {
      const auto kind = line.value("kind", std::string());
      std::optional<Dispatch> out;
      std::optional<BuiltInteraction> built;
      if (kind == "seed") {
        rng.seed(line.value("seed", seed));
        continue;
      }
      if (kind == "sleep") {
        std::this_thread::sleep_for(std::chrono::milliseconds(line.value("ms", 0)));
        continue;
      }
      if (kind == "random") {
        const auto n = line.value("count", 1);
        std::vector<Dispatch> batch;
        for (int i = 0; i < n; ++i) {
          if (auto d = random_event(events, model, rng)) batch.push_back(std::move(*d));
        }
        dispatched += batch.size();
        gateway.dispatch(std::move(batch));
        continue;
      }
      if (kind == "dispatch") {
        Dispatch d{line.value("t", std::string()), std::nullopt, line.value("d", json()).dump(), {}, 0, false};
        if (line.contains("guild_id")) d.guild_id = std::stoull(line["guild_id"].get<std::string>());
        out = d;
      } else if (kind == "component") {
        built = events.component_click(rng, offer_filter(line));
        if (!built) fail("no matching component offered yet");
      } else if (kind == "modal_submit") {
        built = events.modal_submit(rng, offer_filter(line), line.value("fields", json()));
        if (!built) fail("no matching modal opened yet");
      } else {
        const auto guild = guild_of(line, model);
        if (!guild) {
          fail("unknown guild");
          continue;
        }
        if (kind == "command") {
          std::uint64_t user = line.contains("user") ? std::stoull(line["user"].get<std::string>()) : 0;
          const auto name = line.value("name", std::string());
          built = events.random_command(*guild, rng, name, user);
          if (!built && !name.empty() && !find_command(name)) {
            built = events.named_command(*guild, user, name, line.value("options", json::array()), rng);
          } else if (built && line.contains("options")) {
            // Explicit options replace the generated ones: rebuild with the caller's data.
            json data = json::parse(built->dispatch.data)["data"];
            data["options"] = line["options"];
            data.erase("resolved");
            const json d = json::parse(built->dispatch.data);
            built = events.interaction(2, *guild, std::stoull(d["member"]["user"]["id"].get<std::string>()),
                                       std::stoull(d["channel_id"].get<std::string>()), data);
          }
          if (!built) fail("unknown command or member");
        } else if (kind == "autocomplete") {
          // By name: {"name", "user", "options"} with the typed option marked "focused".
          if (line.contains("name")) {
            const std::uint64_t user = line.contains("user") ? std::stoull(line["user"].get<std::string>()) : 0;
            built = events.named_autocomplete(*guild, user, line["name"].get<std::string>(),
                                              line.value("options", json::array()), rng);
            if (!built) fail("unknown member");
          } else {
            built = events.random_autocomplete(*guild, rng);
          }
        } else if (kind == "member_add") {
          out = events.member_add(*guild, rng);
        } else if (kind == "member_remove") {
          out = events.member_remove(*guild, rng);
        } else if (kind == "member_update") {
          out = events.member_update(*guild, rng);
        } else if (kind == "message") {
          MessagePick pick;
          pick.author = id_field(line, "user");
          pick.channel = id_field(line, "channel");
          pick.id = id_field(line, "id");
          if (line.contains("content") && line["content"].is_string()) pick.content = line["content"].get<std::string>();
          out = events.guild_message(*guild, rng, line.value("from_bot", false), pick);
          if (!out) fail("unknown member or channel");
        } else if (kind == "dm") {
          out = events.direct_message(*guild, rng);
        } else if (kind == "reaction") {
          out = events.reaction_add(*guild, rng,
                                    {id_field(line, "user"), id_field(line, "message_id"), id_field(line, "channel")});
          if (!out) fail("unknown member or channel");
        } else {
          fail("unknown kind \"" + kind + "\"");
          continue;
        }
      }
      if (built) {
        interactions.push_back({{"line", number}, {"id", std::to_string(built->issued.id)},
                                {"token", built->issued.token}, {"type", json::parse(built->dispatch.data)["type"]}});
        out = std::move(built->dispatch);
      }
      if (out) {
        gateway.dispatch(std::move(*out));
        ++dispatched;
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }
  }
  return {{"lines", lines}, {"dispatched", dispatched}, {"interactions", interactions}, {"errors", errors}};
}

}  // namespace arrakis::discord_sim
