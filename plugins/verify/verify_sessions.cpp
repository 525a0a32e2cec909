#include "verify_sessions.hpp"

namespace sdk = arrakis::sdk;
using nlohmann::json;

namespace verify {

namespace {

// Every reader selects these columns, so one function turns any of their rows into a Session.
const std::string kColumns =
    "id::text AS id, discord_user_id, discord_username, nonce::text AS nonce, "
    "CASE WHEN status = 'pending' AND expires_at <= now() THEN 'expired' ELSE status END AS status, "
    "COALESCE(wallet_address, '') AS wallet, attempts, "
    "to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS expires_at, "
    "extract(epoch FROM expires_at)::bigint AS expires_unix, "
    "COALESCE(to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') AS completed_at, "
    "COALESCE(extract(epoch FROM completed_at)::bigint, 0) AS completed_unix ";

long long number(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_string()) return std::stoll(v.get<std::string>());
  return 0;
}

std::optional<Session> first(const json& rows) {
  if (!rows.is_array() || rows.empty()) return std::nullopt;
  const auto& r = rows.at(0);
  Session s;
  s.id = r["id"];
  s.user_id = r["discord_user_id"];
  s.username = r["discord_username"];
  s.nonce = r["nonce"];
  s.status = r["status"];
  s.wallet = r["wallet"];
  s.attempts = static_cast<int>(number(r["attempts"]));
  s.expires_at = r["expires_at"];
  s.expires_unix = number(r["expires_unix"]);
  s.completed_at = r["completed_at"];
  s.completed_unix = number(r["completed_unix"]);
  return s;
}

}  // namespace

std::string message_to_sign(const Session& s) {
  return "Verify wallet ownership for Discord user: " + s.username +
         "\nThis signature does NOT authorize any blockchain transactions.\nNonce: " + s.nonce;
}

void expire_stale(sdk::Host& host, const std::string& user_id) {
  host.exec("UPDATE wallet_verification_sessions SET status = 'expired' "
            "WHERE discord_user_id = $1 AND status = 'pending' AND expires_at <= now()",
            json::array({user_id}));
}

std::optional<Session> pending_session(sdk::Host& host, const std::string& user_id) {
  return first(host.query("SELECT " + kColumns +
                              "FROM wallet_verification_sessions "
                              "WHERE discord_user_id = $1 AND status = 'pending' AND expires_at > now()",
                          json::array({user_id})));
}

std::optional<Session> latest_session(sdk::Host& host, const std::string& user_id) {
  return first(host.query("SELECT " + kColumns +
                              "FROM wallet_verification_sessions WHERE discord_user_id = $1 "
                              "ORDER BY created_at DESC, id LIMIT 1",
                          json::array({user_id})));
}

std::optional<Session> create_session(sdk::Host& host, const std::string& user_id, const std::string& guild_id,
                                      const std::string& username) {
  // The partial unique index allows one pending session per (community, user): a concurrent start
  // that got there first wins, and the caller shows its session.
  return first(host.query("INSERT INTO wallet_verification_sessions "
                              "(community_id, discord_user_id, discord_guild_id, discord_username) "
                              "VALUES (app.current_community_id(), $1, $2, $3) "
                              "ON CONFLICT (community_id, discord_user_id) WHERE status = 'pending' DO NOTHING "
                              "RETURNING " + kColumns,
                          json::array({user_id, guild_id, username})));
}

std::optional<Session> find_session(sdk::Host& host, const std::string& id, bool lock) {
  return first(host.query("SELECT " + kColumns + "FROM wallet_verification_sessions WHERE id = $1::uuid" +
                              (lock ? " FOR UPDATE" : ""),
                          json::array({id})));
}

int count_attempt(sdk::Host& host, const std::string& id) {
  const auto rows = host.query(
      "UPDATE wallet_verification_sessions SET attempts = LEAST(attempts + 1, 3) WHERE id = $1::uuid RETURNING attempts",
      json::array({id}));
  return rows.empty() ? kMaxAttempts : static_cast<int>(number(rows.at(0)["attempts"]));
}

void close_session(sdk::Host& host, const std::string& id, const std::string& status, const std::string& why) {
  host.exec("UPDATE wallet_verification_sessions SET status = $2, error_message = $3 "
            "WHERE id = $1::uuid AND status = 'pending'",
            json::array({id, status, why}));
}

std::vector<std::string> reset_pending(sdk::Host& host, const std::string& user_id) {
  std::vector<std::string> ids;
  for (const auto& r : host.query("UPDATE wallet_verification_sessions "
                                  "SET status = 'expired', error_message = 'reset by an administrator' "
                                  "WHERE discord_user_id = $1 AND status = 'pending' RETURNING id::text AS id",
                                  json::array({user_id}))) {
    ids.push_back(r["id"]);
  }
  return ids;
}

bool is_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace verify
