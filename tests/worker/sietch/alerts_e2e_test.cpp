// /alerts through the full path on the seeded Sietch: the private panel and a toggle click.
#include "arrakis/database.hpp"
#include "arrakis/testing/servers.hpp"
#include "sietch_full_path.hpp"

using namespace arrakis::testing;
using nlohmann::json;

TEST_F(SietchFullPath, AlertsShowsThePanelPrivatelyAndAToggleUpdatesIt) {
  const auto user = user_as_member(20);
  const auto id = sietch().profile_id(20);
  const auto i = stack().command("alerts", user);
  EXPECT_EQ(stack().first_response(i)["data"]["flags"], 64) << "/alerts is private";
  const auto panel = stack().original_message(i);
  ASSERT_TRUE(panel.contains("embeds")) << panel.dump();
  EXPECT_EQ(panel["embeds"][0]["title"], "🔔 Alert Preferences");
  ASSERT_EQ(panel["components"].size(), 3u) << panel.dump();
  EXPECT_EQ(panel["components"][0]["components"][0]["custom_id"], "alerts_toggle_position_" + id);
  EXPECT_EQ(panel["components"][1]["components"][0]["custom_id"], "alerts_frequency_" + id);
  EXPECT_EQ(panel["components"][2]["components"][0]["custom_id"], "alerts_disable_all_" + id);

  const auto click = stack().act({{"kind", "component"}, {"custom_id", "alerts_toggle_position_" + id}, {"user", user}});
  EXPECT_EQ(stack().first_response(click)["type"], 6) << "a click updates the panel in place";
  const auto updated = stack().answer(click.token + "/messages/@original");
  EXPECT_EQ(updated["embeds"][0]["description"],
            "✅ Position Updates **disabled**.\nUse /alerts to see or change all your preferences.")
      << updated.dump();
  EXPECT_EQ(updated["components"], json::array());

  arrakis::db::Pool admin(database_admin_url(), 1);
  const bool enabled = admin.transaction([&](pqxx::work& tx) {
    return tx.exec_params1("SELECT position_updates FROM notification_preferences WHERE profile_id = $1::uuid", id)[0]
        .as<bool>();
  });
  EXPECT_FALSE(enabled);
}
