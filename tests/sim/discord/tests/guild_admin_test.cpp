// Guild administration, channel message edits and multipart uploads as Discord answers them, plus
// two REST details every route shares: a 204 has no body, and paths are percent-decoded.
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/event_factory.hpp"
#include "arrakis/discord_sim/gateway_server.hpp"
#include "arrakis/discord_sim/recorder.hpp"
#include "arrakis/testing/http_client.hpp"
#include "sim_fixture.hpp"

namespace arrakis::discord_sim::testing {
namespace {

using arrakis::testing::http_request;
using arrakis::testing::HttpResult;
using nlohmann::json;

constexpr const char* kBoundary = "sim-test-boundary";

class GuildAdminTest : public SimTest {
 protected:
  void SetUp() override {
    start();
    model = sim->model().to_json();
    guild = model["guilds"][0]["id"].get<std::string>();
  }
  HttpResult call(const std::string& method, const std::string& path, const json& body = nullptr,
                  std::map<std::string, std::string> headers = {}) {
    headers["User-Agent"] = "DiscordBot (https://arrakis.test, 1.0)";
    headers["Authorization"] = "Bot test-token";
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return http_request("127.0.0.1", sim->rest_port(), method, "/api/v10" + path, body.is_null() ? "" : body.dump(), headers);
  }
  // A multipart request: payload_json then one files[n] part per (name, bytes).
  HttpResult upload(const std::string& method, const std::string& path, const json& payload,
                    const std::vector<std::pair<std::string, std::string>>& files, bool bot = true) {
    std::string body = std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
                       "Content-Type: application/json\r\n\r\n" + payload.dump() + "\r\n";
    for (std::size_t n = 0; n < files.size(); ++n) {
      body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"files[" + std::to_string(n) +
              "]\"; filename=\"" + files[n].first + "\"\r\nContent-Type: image/png\r\n\r\n" + files[n].second + "\r\n";
    }
    body += std::string("--") + kBoundary + "--\r\n";
    std::map<std::string, std::string> headers = {{"User-Agent", "DiscordBot (https://arrakis.test, 1.0)"},
                                                  {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}};
    if (bot) headers["Authorization"] = "Bot test-token";
    return http_request("127.0.0.1", sim->rest_port(), method, "/api/v10" + path, body, headers);
  }
  std::string role(const std::string& key) {
    for (const auto& r : model["guilds"][0]["roles"]) {
      if (r["key"] == key) return r["id"];
    }
    return {};
  }
  std::string channel(std::size_t i = 0) { return model["guilds"][0]["channels"][i]["id"]; }
  json records(const std::string& needle) {
    json out = json::array();
    const auto all = sim->recorder().records(0, 100000);
    for (const auto& r : all["records"]) {
      if (r.value("path", std::string()).find(needle) != std::string::npos) out.push_back(r);
    }
    return out;
  }
  IssuedInteraction command() {
    std::mt19937_64 rng(11);
    auto built = sim->events().random_command(sim->model().guild_ids()[0], rng, "stats");
    EXPECT_TRUE(built);
    sim->gateway().dispatch(built->dispatch);
    return built->issued;
  }
  static int code(const HttpResult& r) { return json::parse(r.body).value("code", -1); }
  static json body(const HttpResult& r) { return json::parse(r.body); }

  json model;
  std::string guild;
};

TEST_F(GuildAdminTest, GuildReadsGiveNameOwnerRolesAndChannels) {
  const auto g = call("GET", "/guilds/" + guild);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(body(g)["name"], model["guilds"][0]["name"]);
  EXPECT_EQ(body(g)["owner_id"], model["guilds"][0]["owner_id"]);
  const auto roles = call("GET", "/guilds/" + guild + "/roles");
  ASSERT_EQ(roles.status, 200);
  EXPECT_EQ(body(roles).size(), model["guilds"][0]["roles"].size());
  const auto channels = call("GET", "/guilds/" + guild + "/channels");
  ASSERT_EQ(channels.status, 200);
  EXPECT_EQ(body(channels)[0]["id"], channel(0));
  EXPECT_EQ(code(call("GET", "/guilds/123")), 10004);
}

TEST_F(GuildAdminTest, CreatedRoleIsListedRenamedRecolouredAndMoved) {
  const auto created = call("POST", "/guilds/" + guild + "/roles", {{"name", "Spice Council"}, {"color", 0xC2B280}},
                            {{"X-Audit-Log-Reason", "setup"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const auto id = body(created)["id"].get<std::string>();
  EXPECT_EQ(body(created)["position"], 1) << "a new role sits just above @everyone";
  bool listed = false;
  for (const auto& r : body(call("GET", "/guilds/" + guild + "/roles"))) listed = listed || r["id"] == id;
  EXPECT_TRUE(listed);

  const auto renamed = call("PATCH", "/guilds/" + guild + "/roles/" + id, {{"name", "Council"}, {"color", 0x112233}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(body(renamed)["name"], "Council");
  EXPECT_EQ(body(renamed)["color"], 0x112233);

  const auto moved = call("PATCH", "/guilds/" + guild + "/roles", json::array({{{"id", id}, {"position", 5}}}));
  ASSERT_EQ(moved.status, 200) << moved.body;
  int position = -1;
  for (const auto& r : body(moved)) {
    if (r["id"] == id) position = r["position"];
  }
  EXPECT_EQ(position, 5);
  EXPECT_EQ(records("/guilds/" + guild + "/roles").size(), 4u) << "every call is recorded";
}

TEST_F(GuildAdminTest, RoleValidationAndHierarchy) {
  const auto long_name = call("POST", "/guilds/" + guild + "/roles", {{"name", std::string(101, 'n')}});
  ASSERT_EQ(long_name.status, 400);
  EXPECT_EQ(body(long_name)["errors"]["name"]["_errors"][0]["code"], "BASE_TYPE_BAD_LENGTH");
  const auto colour = call("POST", "/guilds/" + guild + "/roles", {{"name", "x"}, {"color", 0x1000000}});
  ASSERT_EQ(colour.status, 400);
  EXPECT_EQ(body(colour)["errors"]["color"]["_errors"][0]["code"], "NUMBER_TYPE_MAX");
  EXPECT_EQ(code(call("PATCH", "/guilds/" + guild + "/roles/42", {{"name", "x"}})), 10011);
  // The Admin role sits above the bot's own: the bot may neither edit it nor move a role there.
  const auto above = call("PATCH", "/guilds/" + guild + "/roles/" + role("admin"), {{"name", "mine"}});
  EXPECT_EQ(above.status, 403);
  EXPECT_EQ(code(above), 50013);
  const auto too_high = call("PATCH", "/guilds/" + guild + "/roles", json::array({{{"id", role("naib")}, {"position", 99}}}));
  EXPECT_EQ(code(too_high), 50013);
  const auto grant = call("POST", "/guilds/" + guild + "/roles", {{"name", "boss"}, {"permissions", "8"}});
  EXPECT_EQ(code(grant), 50013) << "a bot cannot grant Administrator, which it does not hold";
}

TEST_F(GuildAdminTest, ChannelWithOverwritesIsCreatedAndListed) {
  const json overwrites = json::array({{{"id", guild}, {"type", 0}, {"deny", "1024"}},
                                       {{"id", role("naib")}, {"type", 0}, {"allow", "3072"}}});
  const auto created = call("POST", "/guilds/" + guild + "/channels",
                            {{"name", "naib-chamber"}, {"type", 0}, {"topic", "council"}, {"permission_overwrites", overwrites}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body(created)["permission_overwrites"][1]["allow"], "3072");
  const auto id = body(created)["id"];
  bool listed = false;
  for (const auto& c : body(call("GET", "/guilds/" + guild + "/channels"))) listed = listed || c["id"] == id;
  EXPECT_TRUE(listed);

  const auto bad_type = call("POST", "/guilds/" + guild + "/channels", {{"name", "x"}, {"type", 1}});
  ASSERT_EQ(bad_type.status, 400);
  EXPECT_EQ(body(bad_type)["errors"]["type"]["_errors"][0]["code"], "BASE_TYPE_CHOICES");
  const auto bad_overwrite = call("POST", "/guilds/" + guild + "/channels",
                                  {{"name", "x"}, {"permission_overwrites", json::array({{{"id", guild}, {"type", 7}}})}});
  ASSERT_EQ(bad_overwrite.status, 400);
  EXPECT_TRUE(body(bad_overwrite)["errors"]["permission_overwrites"]["0"].contains("type"));
  const auto unknown = call("POST", "/guilds/" + guild + "/channels",
                            {{"name", "x"}, {"permission_overwrites", json::array({{{"id", "42"}, {"type", 0}}})}});
  EXPECT_EQ(code(unknown), 10011);
  const auto grant = call("POST", "/guilds/" + guild + "/channels",
                          {{"name", "x"}, {"permission_overwrites", json::array({{{"id", guild}, {"type", 0}, {"allow", "8"}}})}});
  EXPECT_EQ(code(grant), 50013);
}

TEST_F(GuildAdminTest, OnlyTheBotsOwnMessageCanBeEdited) {
  const auto posted = call("POST", "/channels/" + channel() + "/messages", {{"content", "first"}});
  ASSERT_EQ(posted.status, 200);
  const auto id = body(posted)["id"].get<std::string>();
  const auto edited = call("PATCH", "/channels/" + channel() + "/messages/" + id, {{"content", "second"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(body(edited)["content"], "second");
  EXPECT_EQ(code(call("PATCH", "/channels/" + channel() + "/messages/42", {{"content", "x"}})), 10008);
  EXPECT_EQ(code(call("PATCH", "/channels/42/messages/" + id, {{"content", "x"}})), 10003);
  const auto member = std::stoull(model["guilds"][0]["members"][3]["id"].get<std::string>());
  sim->model().store_message(777, std::stoull(channel()), member, {{"id", "777"}, {"content", "mine"}});
  const auto theirs = call("PATCH", "/channels/" + channel() + "/messages/777", {{"content", "x"}});
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(code(theirs), 50005);
}

TEST_F(GuildAdminTest, MultipartMessageCarriesItsFilesAndIsRecorded) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0');
  const auto sent = upload("POST", "/channels/" + channel() + "/messages",
                           {{"content", "badge"}, {"attachments", json::array({{{"id", 0}, {"filename", "badge.png"}}})}},
                           {{"badge.png", png}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  const auto attachment = body(sent)["attachments"][0];
  EXPECT_EQ(attachment["filename"], "badge.png");
  EXPECT_EQ(attachment["size"], png.size());
  EXPECT_EQ(attachment["content_type"], "image/png");
  const auto recorded = records("/channels/" + channel() + "/messages");
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(json::parse(recorded[0]["body"].get<std::string>())["content"], "badge") << "the payload_json is recorded";
  EXPECT_EQ(recorded[0]["files"][0]["filename"], "badge.png");
  EXPECT_EQ(recorded[0]["files"][0]["size"], png.size());

  std::vector<std::pair<std::string, std::string>> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back({"f" + std::to_string(i) + ".png", "x"});
  const auto too_many = upload("POST", "/channels/" + channel() + "/messages", {{"content", "x"}}, eleven);
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(code(too_many), 50035);
  const auto dangling = upload("POST", "/channels/" + channel() + "/messages",
                               {{"content", "x"}, {"attachments", json::array({{{"id", 3}, {"filename", "a.png"}}})}},
                               {{"a.png", "x"}});
  EXPECT_EQ(dangling.status, 400);
  EXPECT_EQ(body(dangling)["errors"]["attachments"]["0"]["id"]["_errors"][0]["code"], "ATTACHMENT_NOT_FOUND");
}

TEST_F(GuildAdminTest, InteractionCallbackTakesFilesInItsData) {
  const auto i = command();
  const auto answered = upload("POST", "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback",
                               {{"type", 4}, {"data", {{"content", "here"}, {"attachments", json::array({{{"id", 0}, {"filename", "a.png"}}})}}}},
                               {{"a.png", "png-bytes"}}, false);
  ASSERT_EQ(answered.status, 204) << answered.body;
  const auto original = call("GET", "/webhooks/" + std::to_string(sim->model().application_id()) + "/" + i.token + "/messages/@original");
  ASSERT_EQ(original.status, 200);
  EXPECT_EQ(body(original)["attachments"][0]["filename"], "a.png");
}

TEST_F(GuildAdminTest, NoContentHasNoBodyAndNoContentType) {
  const auto member = model["guilds"][0]["members"][3]["id"].get<std::string>();
  const auto added = call("PUT", "/guilds/" + guild + "/members/" + member + "/roles/" + role("onboarded"));
  ASSERT_EQ(added.status, 204) << added.body;
  EXPECT_TRUE(added.body.empty());
  EXPECT_EQ(added.headers.count("content-type"), 0u);
}

TEST_F(GuildAdminTest, PathsArePercentDecodedBeforeRouting) {
  const auto i = command();
  ASSERT_EQ(call("POST", "/interactions/" + std::to_string(i.id) + "/" + i.token + "/callback", {{"type", 5}}).status, 204);
  const auto webhook = "/webhooks/" + std::to_string(sim->model().application_id()) + "/" + i.token;
  const auto edited = call("PATCH", webhook + "/messages/%40original", {{"content", "done"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(body(edited)["content"], "done");
  EXPECT_EQ(call("GET", "/guilds/" + guild + "/%72oles").status, 200) << "an escaped letter is the letter";
}

}  // namespace
}  // namespace arrakis::discord_sim::testing
