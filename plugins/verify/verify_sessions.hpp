// The /verify sessions (table wallet_verification_sessions, docs/database.md): small readers and
// writers, each one statement. Expiry is the database's clock (expires_at defaults to now() + 15
// minutes, and app.complete_wallet_verification compares with now()), so every reader reports a
// pending session past its expiry as "expired".
#pragma once

#include <arrakis/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace verify {

inline constexpr int kMaxAttempts = 3;

struct Session {
  std::string id;
  std::string user_id;
  std::string username;
  std::string nonce;
  std::string status;  // pending | completed | expired | failed (pending past its expiry reads expired)
  std::string wallet;  // lower case; "" until completed
  int attempts = 0;
  std::string expires_at;    // ISO 8601 UTC
  long long expires_unix = 0;
  std::string completed_at;  // ISO 8601 UTC, "" until completed
  long long completed_unix = 0;

  int attempts_remaining() const { return attempts >= kMaxAttempts ? 0 : kMaxAttempts - attempts; }
};

// The three lines the member signs (docs/commands/verify.md).
std::string message_to_sign(const Session& s);

// Marks the user's pending sessions past their expiry as expired.
void expire_stale(arrakis::sdk::Host& host, const std::string& user_id);
// The user's pending, unexpired session.
std::optional<Session> pending_session(arrakis::sdk::Host& host, const std::string& user_id);
// The user's most recent session, whatever its state.
std::optional<Session> latest_session(arrakis::sdk::Host& host, const std::string& user_id);
// A new pending session, or nullopt when a concurrent /verify start created one first.
std::optional<Session> create_session(arrakis::sdk::Host& host, const std::string& user_id, const std::string& guild_id,
                                      const std::string& username);
// A session of this community by id; `lock` takes its row lock for the rest of the call.
std::optional<Session> find_session(arrakis::sdk::Host& host, const std::string& id, bool lock = false);
// Counts one signature check; returns the attempts made so far.
int count_attempt(arrakis::sdk::Host& host, const std::string& id);
// Moves a pending session to expired or failed, with the reason.
void close_session(arrakis::sdk::Host& host, const std::string& id, const std::string& status, const std::string& why);
// Expires every pending session of the user (an administrator's reset); the ids expired.
std::vector<std::string> reset_pending(arrakis::sdk::Host& host, const std::string& user_id);

// A UUID in its canonical text form (the only form a session id takes).
bool is_uuid(const std::string& text);

}  // namespace verify
