// /profile through the full path on the seeded Sietch: what a member sees, and who else sees it.
#include "arrakis/discord_sim/community_model.hpp"
#include "arrakis/discord_sim/faults.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;

namespace {

json view_options(const std::string& nym = "") {
  json sub = {{"name", "view"}, {"type", 1}, {"options", json::array()}};
  if (!nym.empty()) sub["options"].push_back({{"name", "nym"}, {"type", 3}, {"value", nym}});
  return json::array({sub});
}

json edit_options() { return json::array({{{"name", "edit"}, {"type", 1}, {"options", json::array()}}}); }

bool is_ephemeral(const json& response) {
  return response.contains("data") && response["data"].is_object() && (response["data"].value("flags", 0) & 64) != 0;
}

}  // namespace

TEST_F(SietchFullPath, ProfileViewOwnIsOnlyForYou) {
  const auto user = user_as_member(20);
  const auto i = stack().command("profile", user, view_options());
  EXPECT_TRUE(is_ephemeral(stack().first_response(i))) << "your own profile is private";
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["title"], "⚔️ Farok-20");
  EXPECT_NE(message["embeds"][0].dump().find("<t:1736468400:D>"), std::string::npos) << "Member Since";
}

TEST_F(SietchFullPath, ProfileViewOfAnotherMemberIsPublic) {
  const auto user = user_as_member(20);
  const auto i = stack().command("profile", user, view_options("otheym-4"));
  const auto first = stack().first_response(i);
  EXPECT_FALSE(is_ephemeral(first)) << "someone else's profile is shown to the channel: " << first.dump();
  const auto message = stack().original_message(i);
  ASSERT_TRUE(message.contains("embeds")) << message.dump();
  EXPECT_EQ(message["embeds"][0]["title"], "👑 Otheym-4");
  EXPECT_EQ(message["embeds"][0]["footer"]["text"], "Sietch member profile • No wallet addresses shown");
}

TEST_F(SietchFullPath, ProfileViewOfAnUnknownNymIsAnEphemeralNotFound) {
  const auto user = user_as_member(20);
  const auto i = stack().command("profile", user, view_options("liet-41"));
  const auto first = stack().first_response(i);
  EXPECT_TRUE(is_ephemeral(first)) << first.dump();
  EXPECT_EQ(stack().original_message(i)["content"], "No member found with nym `liet-41`.");
}

TEST_F(SietchFullPath, ProfileEditDmsTheWizardEntry) {
  const auto user = user_as_member(4);  // members()[0] accepts DMs
  const auto i = stack().command("profile", user, edit_options());
  EXPECT_TRUE(is_ephemeral(stack().first_response(i)));
  EXPECT_EQ(stack().original_message(i)["content"], "📬 Check your DMs! I've sent you a message to edit your profile.");
  bool dm_sent = false;
  for (const auto& call : stack().harness().rest_calls("/messages")) {
    if (call.value("body", std::string()).find("profile-edit:start") != std::string::npos) {
      dm_sent = call.value("status", 0) < 300;
    }
  }
  EXPECT_TRUE(dm_sent) << "the DM with the Start editing button";
}

TEST_F(SietchFullPath, ProfileEditWithClosedDmsSaysHowToOpenThem) {
  // A simulated member who blocks DMs (they come last in members()) if the guild has one; else
  // the first member, whose DM channel answers 403 once, as Discord does for closed DMs.
  const auto members = stack().members();
  const auto model = stack().harness().sim().model().to_json();
  std::size_t closed = members.size();
  for (std::size_t k = members.size(); k-- > 0 && closed == members.size();) {
    for (const auto& m : model["guilds"][0]["members"]) {
      if (m["id"] == members[k] && m.value("blocks_dms", false)) closed = k;
    }
  }
  if (closed == members.size()) {
    closed = 0;
    const auto dm = stack().harness().sim().model().open_dm(std::stoull(members[0]));
    ASSERT_TRUE(dm.has_value());
    stack().harness().sim().faults().add_server_error("/channels/" + std::to_string(dm->id) + "/messages", 403, 1);
  }
  const auto user = user_as_member(4, closed);
  const auto i = stack().command("profile", user, edit_options());
  EXPECT_TRUE(is_ephemeral(stack().first_response(i)));
  EXPECT_EQ(stack().original_message(i)["content"],
            "❌ I couldn't send you a DM. Please allow direct messages from server members (Server menu → Privacy "
            "Settings → Direct Messages), then run /profile edit again.");
}
