// /verify on the real PostgreSQL (row-level security on, a fresh community per test), Discord
// effects recorded: the commands, the page and its JSON, and the POST of a signature made here with
// known private keys (arrakis/sietch/eip191.hpp) - the right signer, a wrong signer, a replayed
// nonce, malformed input, an expired session, a fourth attempt, a foreign origin, the rate limits,
// a wallet another user holds - and every message the member can read.
#include <gtest/gtest.h>

#include "arrakis/sietch/eip191.hpp"
#include "arrakis/sietch/testing/community.hpp"
#include "arrakis/testing/plugin_bench.hpp"

using arrakis::testing::PluginBench;
using arrakis::testing::PluginRun;
namespace eip191 = arrakis::sietch::eip191;
using nlohmann::json;

namespace {

const std::string kBase = "https://verify.example.org";
const std::string kOrigin = "https://verify.example.org";
// Keys used only by this program (the full-path test has its own), so their wallets never collide.
const std::string kKey = "0x" + std::string(64, '1');
const std::string kOtherKey = "0x" + std::string(64, '2');
const std::string kTakenKey = "0x" + std::string(64, '3');
const std::string kMember = "910000000000000001";
const std::string kSecondMember = "910000000000000002";
const std::string kAdmin = "910000000000000009";
const std::string kName = "Chani <Fremen>";  // markup on purpose: the page must escape it

std::string wallet_of(const std::string& key) { return *eip191::address_of_private_key(key); }

// An EIP-55-style mixed-case spelling, as wallets report addresses.
std::string mixed_case(std::string address) {
  for (std::size_t i = 2; i < address.size(); i += 2) address[i] = static_cast<char>(std::toupper(address[i]));
  return address;
}

struct Answer {
  int status = 0;
  std::string content_type;
  std::string body;
  json json_body;
};

class VerifyPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    bench.advance_clock(0);  // the bench's fixed clock from the start: rate-limit windows move only with it
    bench.recorder().set_config("base_url", kBase);
    for (const auto& key : {kKey, kOtherKey, kTakenKey}) {
      bench.admin_exec("DELETE FROM wallet_verifications WHERE wallet_address = $1", {wallet_of(key)});
    }
    for (const auto& user : {kMember, kSecondMember}) {
      bench.admin_exec("DELETE FROM wallet_verifications WHERE discord_user_id = $1", {user});
    }
  }
  void TearDown() override {
    for (const auto& key : {kKey, kOtherKey, kTakenKey}) {
      bench.admin_exec("DELETE FROM wallet_verifications WHERE wallet_address = $1", {wallet_of(key)});
    }
  }

  PluginRun verify(const std::string& sub, const std::string& user = kMember, json options = json::object(),
                   const std::string& permissions = "0") {
    ++events;
    return bench.run({{"eventId", "00000000-0000-4000-8000-" + std::to_string(200000000000 + events)},
                      {"eventType", "interaction.command.verify"},
                      {"timestamp", 1764000000000},
                      {"userId", user},
                      {"channelId", "300000000000000001"},
                      {"interactionId", std::to_string(400000000000000000 + events)},
                      {"data",
                       {{"type", 2},
                        {"commandName", "verify"},
                        {"subcommand", sub},
                        {"options", options},
                        {"memberPermissions", permissions},
                        {"userName", kName}}}});
  }
  static json reply(const PluginRun& run) {
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    return run.reply();
  }
  static json embed(const PluginRun& run) {
    const auto r = reply(run);
    return r.contains("embeds") ? r["embeds"][0] : json::object();
  }
  static std::string link(const PluginRun& run) {
    const auto r = reply(run);
    if (!r.contains("components")) return "";
    return r["components"][0]["components"][0].value("url", "");
  }
  // /verify start, returning the session id of the link.
  std::string start(const std::string& user = kMember) {
    const std::string url = link(verify("start", user));
    const std::string prefix = kBase + "/verify/";
    EXPECT_EQ(url.rfind(prefix, 0), 0u) << url;
    return url.size() > prefix.size() ? url.substr(prefix.size()) : "";
  }

  Answer http(const std::string& method, const std::string& session, const std::string& suffix = "",
              const std::string& body = "", json headers = json::object(), json query = json::object(),
              std::string ip = "") {
    arrakis::plugin_host::HttpRequestIn request;
    request.method = method;
    request.path = "/verify/" + session + suffix;
    request.route = "/verify/{session}" + suffix;
    request.params = {{"session", session}};
    request.query = std::move(query);
    if (!headers.contains("host")) headers["host"] = "verify.example.org";
    request.headers = std::move(headers);
    request.body = body;
    // A new client address per request unless one is given: the per-IP limits have their own test.
    request.remote_address = ip.empty() ? "192.0.2." + std::to_string(++clients % 250) : ip;
    const auto run = bench.http(request);
    EXPECT_EQ(run.status, ARRAKIS_OK) << run.error;
    Answer a;
    for (const auto& effect : run.effects) {
      if (effect.value("kind", "") != "http.respond") continue;
      a.status = effect["status"];
      a.content_type = effect["contentType"];
      a.body = effect["body"];
      a.json_body = json::parse(a.body, nullptr, false);
    }
    return a;
  }
  json session_json(const std::string& session) {
    return http("GET", session, "", "", json::object(), {{"format", "json"}}).json_body;
  }
  Answer post(const std::string& session, const std::string& wallet, const std::string& signature,
              json headers = {{"origin", kOrigin}}, const std::string& ip = "") {
    return http("POST", session, "", json{{"walletAddress", wallet}, {"signature", signature}}.dump(),
                std::move(headers), json::object(), ip);
  }
  // The signature of the session's own message (the page signs what the JSON view says).
  std::string sign(const std::string& session, const std::string& key) {
    return eip191::sign_personal_message(session_json(session)["message"].get<std::string>(), key);
  }
  std::string column(const std::string& session, const std::string& expression) {
    const auto r = bench.admin_exec("SELECT (" + expression + ")::text FROM wallet_verification_sessions WHERE id = $1::uuid",
                                    {session});
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }
  long long count(const std::string& sql, const std::vector<std::string>& params) {
    return bench.admin_exec(sql, params)[0][0].as<long long>();
  }

  PluginBench bench{"verify"};
  int events = 0;
  int clients = 0;
};

TEST_F(VerifyPlugin, StartOpensAFifteenMinuteSessionAndBindsItsLink) {
  const auto run = verify("start");
  const auto r = reply(run);
  EXPECT_EQ(r.value("flags", 0) & 64, 64) << "the link is private";
  const auto e = r["embeds"][0];
  EXPECT_EQ(e["title"], "🔐 Wallet Verification");
  EXPECT_EQ(e["color"], 0x5865F2);
  EXPECT_EQ(e["fields"][0]["name"], "Steps");
  EXPECT_EQ(e["fields"][0]["value"],
            "1. Click **Verify Wallet** below\n2. Connect your wallet\n3. Sign the message (free, no transaction)\n"
            "4. Come back here: `/verify status` shows the result");
  EXPECT_EQ(e["fields"][1]["name"], "Session Expires");
  EXPECT_EQ(e["fields"][1]["value"].get<std::string>().rfind("<t:", 0), 0u);
  EXPECT_EQ(e["fields"][2]["name"], "Max Attempts");
  EXPECT_EQ(e["fields"][2]["value"], "3");
  const auto button = r["components"][0]["components"][0];
  EXPECT_EQ(button["label"], "Verify Wallet");
  EXPECT_EQ(button["style"], 5);
  const std::string session = link(run).substr(kBase.size() + 8);
  EXPECT_EQ(column(session, "status"), "pending");
  EXPECT_EQ(column(session, "attempts"), "0");
  EXPECT_EQ(column(session, "expires_at - created_at"), "00:15:00");
  EXPECT_EQ(column(session, "discord_username"), kName);
  bool bound = false;
  for (const auto& effect : run.effects) {
    if (effect["kind"] == "route.tenant_bind") bound = effect["key"] == session && effect["ttlMs"] == 86400000;
  }
  EXPECT_TRUE(bound) << run.effects.dump();
}

TEST_F(VerifyPlugin, StartAgainContinuesThePendingSession) {
  const auto session = start();
  ASSERT_EQ(post(session, wallet_of(kKey), sign(session, kOtherKey)).status, 400);
  const auto again = verify("start");
  const auto e = embed(again);
  EXPECT_EQ(e["title"], "🔐 Verification In Progress");
  EXPECT_EQ(e["color"], 0xFFA500);
  EXPECT_EQ(e["fields"][0]["name"], "Expires");
  EXPECT_EQ(e["fields"][1]["name"], "Attempts Remaining");
  EXPECT_EQ(e["fields"][1]["value"], "2");
  EXPECT_EQ(reply(again)["components"][0]["components"][0]["label"], "Continue Verification");
  EXPECT_EQ(link(again), kBase + "/verify/" + session);
  EXPECT_EQ(count("SELECT count(*) FROM wallet_verification_sessions WHERE community_id = $1::uuid",
                  {bench.community_id()}),
            1);
}

TEST_F(VerifyPlugin, ThePageAndItsJsonCarryTheThreeLineMessage) {
  const auto session = start();
  const auto nonce = column(session, "nonce");
  const auto j = session_json(session);
  EXPECT_EQ(j["sessionId"], session);
  EXPECT_EQ(j["status"], "pending");
  EXPECT_EQ(j["message"], "Verify wallet ownership for Discord user: " + kName +
                              "\nThis signature does NOT authorize any blockchain transactions.\nNonce: " + nonce);
  EXPECT_EQ(j["attemptsRemaining"], 3);
  EXPECT_EQ(j["discordUsername"], kName);
  EXPECT_EQ(j["expiresAt"].get<std::string>().size(), 20u) << j.dump();
  EXPECT_FALSE(j.contains("walletAddress"));
  EXPECT_EQ(http("GET", session, "/status").json_body, j);

  const auto page = http("GET", session);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(page.body.find("role=\"status\""), std::string::npos) << "the state is announced to screen readers";
  EXPECT_NE(page.body.find("Chani &lt;Fremen&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<Fremen>"), std::string::npos) << "the name is escaped everywhere, the JSON block included";
  EXPECT_NE(page.body.find("Nonce: " + nonce), std::string::npos);
  EXPECT_NE(page.body.find("eth_requestAccounts"), std::string::npos);
  EXPECT_NE(page.body.find("personal_sign"), std::string::npos);
  EXPECT_EQ(page.body.find(" src="), std::string::npos) << "no external script";
  EXPECT_EQ(page.body.find("https://"), std::string::npos) << "no external resource";
}

TEST_F(VerifyPlugin, TheRightSignatureLinksTheWalletInLowerCaseAndAudits) {
  const auto session = start();
  const auto a = post(session, mixed_case(wallet_of(kKey)), sign(session, kKey));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.content_type, "application/json");
  EXPECT_EQ(a.json_body["status"], "completed");
  EXPECT_EQ(a.json_body["walletAddress"], wallet_of(kKey));
  EXPECT_EQ(a.json_body["message"], "Wallet verified. You can close this page and return to Discord.");
  EXPECT_EQ(column(session, "status"), "completed");
  EXPECT_EQ(column(session, "wallet_address"), wallet_of(kKey));
  const auto w = bench.admin_exec("SELECT wallet_address, method, message FROM wallet_verifications WHERE discord_user_id = $1",
                                  {kMember});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0][0].as<std::string>(), wallet_of(kKey));
  EXPECT_EQ(w[0][1].as<std::string>(), "eip191");
  EXPECT_EQ(w[0][2].as<std::string>().rfind("Verify wallet ownership for Discord user: ", 0), 0u);
  const auto audit = bench.admin_exec(
      "SELECT event_data->>'method', event_data->>'walletAddress', actor FROM audit_log "
      "WHERE community_id = $1::uuid AND event_type = 'wallet_verification'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), "native_eip191");
  EXPECT_EQ(audit[0][1].as<std::string>(), wallet_of(kKey));
  EXPECT_EQ(audit[0][2].as<std::string>(), kMember);

  const auto e = embed(verify("status"));
  EXPECT_EQ(e["title"], "✅ Verification Complete");
  EXPECT_EQ(e["fields"][0]["name"], "Wallet");
  EXPECT_EQ(e["fields"][0]["value"], "`" + wallet_of(kKey) + "`");
  EXPECT_EQ(e["fields"][1]["name"], "Verified At");
  EXPECT_EQ(session_json(session)["completedAt"].get<std::string>().size(), 20u);
}

TEST_F(VerifyPlugin, AWrongSignerIsRefusedAndTheSessionStaysPending) {
  const auto session = start();
  const auto a = post(session, wallet_of(kKey), sign(session, kOtherKey));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json_body["error"], "signature_mismatch");
  EXPECT_EQ(a.json_body["message"],
            "The signature does not match the wallet address. Sign the message with the wallet you connected. "
            "Attempts left: 2.");
  EXPECT_EQ(a.json_body["status"], "pending");
  EXPECT_EQ(a.json_body["attemptsRemaining"], 2);
  EXPECT_EQ(column(session, "status"), "pending");
  EXPECT_EQ(column(session, "attempts"), "1");
  EXPECT_EQ(count("SELECT count(*) FROM wallet_verifications WHERE discord_user_id = $1", {kMember}), 0);
  const auto e = embed(verify("status"));
  EXPECT_EQ(e["title"], "⏳ Verification Pending");
  EXPECT_EQ(e["fields"][0]["value"], "1/3");
}

TEST_F(VerifyPlugin, AReplayedSignatureOfAnOldNonceIsRefused) {
  const auto first = start();
  const auto signature = sign(first, kKey);
  ASSERT_EQ(post(first, wallet_of(kKey), signature).status, 200);
  const auto again = post(first, wallet_of(kKey), signature);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json_body["error"], "already_verified");
  EXPECT_EQ(again.json_body["message"], "This verification is already complete.");

  const auto second = start();  // the first is complete: a new session with a new nonce
  ASSERT_NE(second, first);
  const auto replay = post(second, wallet_of(kKey), signature);
  EXPECT_EQ(replay.status, 400) << "the old nonce's signature recovers another address";
  EXPECT_EQ(replay.json_body["error"], "signature_mismatch");
  EXPECT_EQ(column(second, "status"), "pending");
}

TEST_F(VerifyPlugin, MalformedInputIsRefusedWithoutUsingAnAttempt) {
  const auto session = start();
  const auto good = sign(session, kKey);
  auto a = post(session, wallet_of(kKey), good.substr(0, 100));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json_body["error"], "invalid_signature");
  EXPECT_EQ(a.json_body["message"], "signature must be 0x followed by 130 hexadecimal characters.");
  a = post(session, "0x1234", good);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json_body["error"], "invalid_wallet");
  EXPECT_EQ(a.json_body["message"], "walletAddress must be 0x followed by 40 hexadecimal characters.");
  a = http("POST", session, "", "not json", {{"origin", kOrigin}});
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json_body["error"], "invalid_request");
  EXPECT_EQ(a.json_body["message"], "The request body must be JSON with walletAddress and signature.");
  EXPECT_EQ(column(session, "attempts"), "0");

  // Well-formed but not a signature (r = s = 0): checked, and counted.
  a = post(session, wallet_of(kKey), "0x" + std::string(128, '0') + "1b");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json_body["error"], "invalid_signature");
  EXPECT_EQ(a.json_body["message"],
            "The signature could not be checked. Sign the message with the wallet you connected. Attempts left: 2.");
  EXPECT_EQ(column(session, "attempts"), "1");
}

TEST_F(VerifyPlugin, AnExpiredSessionIsRefusedAndStartOpensANewOne) {
  const auto session = start();
  const auto signature = sign(session, kKey);
  bench.admin_exec("UPDATE wallet_verification_sessions SET expires_at = now() - interval '1 second' WHERE id = $1::uuid",
                   {session});
  EXPECT_EQ(session_json(session)["status"], "expired");
  EXPECT_EQ(session_json(session)["attemptsRemaining"], 0);
  const auto a = post(session, wallet_of(kKey), signature);
  EXPECT_EQ(a.status, 410);
  EXPECT_EQ(a.json_body["error"], "expired");
  EXPECT_EQ(a.json_body["status"], "expired");
  EXPECT_EQ(a.json_body["message"], "This verification link has expired. Run /verify start in Discord for a new one.");
  EXPECT_EQ(column(session, "status"), "expired");
  EXPECT_EQ(count("SELECT count(*) FROM wallet_verifications WHERE discord_user_id = $1", {kMember}), 0);
  const auto e = embed(verify("status"));
  EXPECT_EQ(e["title"], "⏰ Session Expired");
  EXPECT_EQ(e["description"],
            "Your verification session ended before it was completed. Run `/verify start` for a new link.");
  const auto next = start();
  EXPECT_NE(next, session);
  EXPECT_EQ(embed(verify("start"))["title"], "🔐 Verification In Progress");
}

TEST_F(VerifyPlugin, TheThirdMismatchFailsTheSessionAndAFourthAttemptIsRefused) {
  const auto session = start();
  const auto wrong = sign(session, kOtherKey);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong).json_body["attemptsRemaining"], 2);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong).json_body["attemptsRemaining"], 1);
  const auto third = post(session, wallet_of(kKey), wrong);
  EXPECT_EQ(third.status, 400);
  EXPECT_EQ(third.json_body["status"], "failed");
  EXPECT_EQ(third.json_body["message"],
            "The signature does not match the wallet address. No attempts left: run /verify start in Discord to try "
            "again.");
  EXPECT_EQ(column(session, "status"), "failed");
  const auto fourth = post(session, wallet_of(kKey), sign(session, kKey));
  EXPECT_EQ(fourth.status, 429) << "even the right signature: the session has failed";
  EXPECT_EQ(fourth.json_body["error"], "too_many_attempts");
  EXPECT_EQ(fourth.json_body["message"], "Too many failed attempts. Run /verify start in Discord to try again.");
  EXPECT_EQ(column(session, "attempts"), "3");
  EXPECT_EQ(count("SELECT count(*) FROM wallet_verifications WHERE discord_user_id = $1", {kMember}), 0);
  const auto e = embed(verify("status"));
  EXPECT_EQ(e["title"], "❌ Verification Failed");
  EXPECT_EQ(e["description"],
            "The signature did not match after 3 attempts. Run `/verify start` to try again, or contact an admin if the "
            "problem persists.");
}

TEST_F(VerifyPlugin, APostMustComeFromTheVerifyHostOrTheRequestHost) {
  const auto session = start();
  const auto wrong = sign(session, kOtherKey);
  const std::string forbidden = "This request did not come from the verification page. Open the link from Discord.";
  auto a = post(session, wallet_of(kKey), wrong, json::object());
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.json_body["error"], "forbidden_origin");
  EXPECT_EQ(a.json_body["message"], forbidden);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"origin", "https://evil.example"}}).status, 403);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"origin", "null"}}).status, 403);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"origin", "https://verify.example.org.evil.example"}}).status, 403);
  EXPECT_EQ(column(session, "attempts"), "0") << "a refused origin is not an attempt";
  // The base URL's host by Referer, and the host the request was sent to (a page served elsewhere).
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"referer", kBase + "/verify/" + session}}).status, 400);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"origin", "http://127.0.0.1:8090"}, {"host", "127.0.0.1:8090"}}).status,
            400);
}

TEST_F(VerifyPlugin, RateLimitsPerClientAndPerSession) {
  const auto session = start();
  const auto wrong = sign(session, kOtherKey);
  const std::string ip = "198.51.100.7";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post(start(kSecondMember), wallet_of(kKey), wrong, {{"origin", kOrigin}}, ip).status, 400);
  const auto limited = post(session, wallet_of(kKey), wrong, {{"origin", kOrigin}}, ip);
  EXPECT_EQ(limited.status, 429) << "three POSTs a minute per client";
  EXPECT_EQ(limited.json_body["error"], "rate_limited");
  EXPECT_EQ(limited.json_body["message"], "Too many requests. Please wait a few minutes and try again.");
  EXPECT_EQ(column(session, "attempts"), "0");
  bench.advance_clock(61'000);
  EXPECT_EQ(post(session, wallet_of(kKey), wrong, {{"origin", kOrigin}}, ip).status, 400) << "a minute later";

  // Ten requests per session in five minutes (from any client); polling /status is not counted.
  // Counted so far: the signed message's read and the POST a minute later (a limited POST counts no further).
  for (int i = 0; i < 8; ++i) EXPECT_EQ(http("GET", session).status, 200) << i;
  const auto page = http("GET", session);
  EXPECT_EQ(page.status, 429);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("Too many requests. Please wait a few minutes and try again."), std::string::npos);
  EXPECT_EQ(http("GET", session, "/status").status, 200);
}

TEST_F(VerifyPlugin, AnUnknownSessionIsNotFound) {
  const auto a = http("GET", "6f1c2b3a-0000-4000-8000-000000000000");
  EXPECT_EQ(a.status, 404);
  EXPECT_NE(a.body.find("This verification link is not valid."), std::string::npos);
  const auto j = http("GET", "not-a-session", "/status");
  EXPECT_EQ(j.status, 404);
  EXPECT_EQ(j.json_body["error"], "not_found");
  const auto p = post("6f1c2b3a-0000-4000-8000-000000000000", wallet_of(kKey), "0x" + std::string(130, 'a'));
  EXPECT_EQ(p.status, 404);
  EXPECT_EQ(p.json_body["message"], "This verification session does not exist.");
}

TEST_F(VerifyPlugin, AWalletAnotherUserHoldsIsRefused) {
  bench.admin_exec("INSERT INTO wallet_verifications (discord_user_id, wallet_address, method) VALUES ($1, $2, 'seeded')",
                   {"910000000000000077", wallet_of(kTakenKey)});
  const auto session = start();
  const auto a = post(session, wallet_of(kTakenKey), sign(session, kTakenKey));
  EXPECT_EQ(a.status, 409);
  EXPECT_EQ(a.json_body["error"], "wallet_taken");
  EXPECT_EQ(a.json_body["message"], "This wallet is already linked to another Discord account.");
  EXPECT_EQ(column(session, "status"), "pending");
  EXPECT_EQ(column(session, "attempts"), "1");
  bench.admin_exec("DELETE FROM wallet_verifications WHERE discord_user_id = '910000000000000077'");
}

TEST_F(VerifyPlugin, ResetIsForAdministratorsAndExpiresThePendingSessionWithAnAuditEntry) {
  const auto session = start();
  const json target = {{"user", kMember}};
  EXPECT_EQ(reply(verify("reset", kAdmin, target, "0"))["content"],
            "🔒 You need the Administrator permission to use /verify.");
  EXPECT_EQ(column(session, "status"), "pending");

  EXPECT_EQ(reply(verify("reset", kAdmin, target, "8"))["content"],
            "✅ Reset <@" + kMember + ">'s verification: their pending session was expired. They can run `/verify start` "
            "for a new link.");
  EXPECT_EQ(column(session, "status"), "expired");
  const auto audit = bench.admin_exec(
      "SELECT event_data->>'userId', event_data->'sessionsExpired'->>0, actor FROM audit_log "
      "WHERE community_id = $1::uuid AND event_type = 'verification_reset'",
      {bench.community_id()});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].as<std::string>(), kMember);
  EXPECT_EQ(audit[0][1].as<std::string>(), session);
  EXPECT_EQ(audit[0][2].as<std::string>(), kAdmin);
  EXPECT_EQ(post(session, wallet_of(kKey), sign(session, kKey)).status, 410);

  EXPECT_EQ(reply(verify("reset", kAdmin, target, "8"))["content"],
            "ℹ️ <@" + kMember + "> has no pending verification session: nothing to reset. They can run `/verify start` "
            "at any time.");
}

TEST_F(VerifyPlugin, StatusWithoutASessionAndStartWithoutABaseUrl) {
  EXPECT_EQ(reply(verify("status"))["content"],
            "No active verification session found. Run `/verify start` to link your wallet.");
  PluginBench unconfigured{"verify"};
  const auto run = unconfigured.command("verify", json::object(), kMember, "start");
  ASSERT_EQ(run.status, ARRAKIS_OK) << run.error;
  EXPECT_EQ(run.reply()["content"],
            "⚠️ Wallet verification is not set up on this server yet. Please tell an administrator.");
}

}  // namespace
