// /verify (every answer ephemeral): links a member's wallet to their Discord account by an EIP-191
// personal_sign, replacing Collab.Land. `start` opens a 15-minute session (at most one pending per
// member and community, 3 attempts) and answers a link to the plugin's own page,
// {base_url}/verify/{session}; `status` shows the latest session; `reset user` (administrators,
// re-checked here) expires that member's pending sessions with an audit entry. The page asks the
// browser's wallet (window.ethereum) for an account and a signature of three lines and POSTs them
// back; the plugin recovers the signer (libsecp256k1 + Keccak-256, arrakis/sietch/eip191.hpp) and,
// when it is the claimed wallet, stores the wallet in the one wallet source through
// app.complete_wallet_verification, with an audit entry. The routes are served under the community
// the session id is bound to (docs/http-routes.md), every answer padded by the host to >= 100 ms.
// Messages, status codes, limits and decisions: docs/commands/verify.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/admin.hpp>
#include <arrakis/sietch/eip191.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "verify_render.hpp"
#include "verify_sessions.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
namespace eip191 = arrakis::sietch::eip191;
using nlohmann::json;
using namespace verify;

namespace {

// A link outlives its session so that the page can still say "expired" or "verified" for a day.
constexpr std::uint64_t kLinkMs = 24ull * 3600 * 1000;
constexpr std::uint32_t kPaddingMs = 100;

// ----------------------------------------------------------------------------------- commands

// ARRAKIS_PLUGIN_VERIFY_BASE_URL: where members reach the worker's route listener.
std::optional<std::string> base_url(sdk::Host& host) {
  auto base = host.config("base_url");
  if (!base || base->empty()) {
    host.warn("verify: ARRAKIS_PLUGIN_VERIFY_BASE_URL is not set; /verify cannot hand out links");
    return std::nullopt;
  }
  return base;
}

void reply_text(sdk::Host& host, const std::string& text) {
  host.reply(sdk::Message().content(text).no_mentions().ephemeral());
}

void start(sdk::Host& host, const sdk::Event& event) {
  const auto base = base_url(host);
  if (!base) {
    return reply_text(host, "⚠️ Wallet verification is not set up on this server yet. Please tell an administrator.");
  }
  const std::string user = event.user_id();
  expire_stale(host, user);
  if (const auto pending = pending_session(host, user)) {
    host.bind_route_tenant(pending->id, kLinkMs);
    return host.reply(in_progress_message(*pending, session_link(*base, *pending)));
  }
  const std::string username = event.user_name().empty() ? user : event.user_name();
  auto session = create_session(host, user, event.guild_id(), username);
  if (!session) {  // a concurrent start won: continue that one
    session = pending_session(host, user);
    if (!session) throw sdk::RetryableError("verify: no pending session after a concurrent start");
    host.bind_route_tenant(session->id, kLinkMs);
    return host.reply(in_progress_message(*session, session_link(*base, *session)));
  }
  // Bound before the link is shown: the binding exists as soon as this returns (docs/http-routes.md).
  host.bind_route_tenant(session->id, kLinkMs);
  host.count("verify_sessions_started_total");
  host.reply(new_session_message(*session, session_link(*base, *session)));
}

void status(sdk::Host& host, const sdk::Event& event) {
  expire_stale(host, event.user_id());
  const auto session = latest_session(host, event.user_id());
  std::string link;
  if (session && session->status == "pending") {
    const auto base = base_url(host);
    if (!base) {
      return reply_text(host, "⚠️ Wallet verification is not set up on this server yet. Please tell an administrator.");
    }
    link = session_link(*base, *session);
  }
  host.reply(status_message(session, link));
}

void reset(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  const auto target = event.option_string("user");
  if (!target || target->empty()) return reply_text(host, "❌ Choose the member whose verification to reset.");
  const auto expired = reset_pending(host, *target);
  host.exec("INSERT INTO audit_log (community_id, event_type, event_data, actor) "
            "VALUES (app.current_community_id(), 'verification_reset', $1::jsonb, $2)",
            json::array({json{{"userId", *target}, {"sessionsExpired", expired}}.dump(), event.user_id()}));
  std::string text;
  if (expired.empty()) {
    text.append("ℹ️ <@").append(*target).append("> has no pending verification session: nothing to reset. They can "
                                                 "run `/verify start` at any time.");
  } else {
    text.append("✅ Reset <@").append(*target).append(">'s verification: their pending session was expired. They can "
                                                     "run `/verify start` for a new link.");
  }
  reply_text(host, text);
}

void command(sdk::Host& host, const sdk::Event& event) {
  const std::string sub = event.subcommand();
  if (sub == "start") return start(host, event);
  if (sub == "status") return status(host, event);
  if (sub == "reset") return reset(host, event);
  reply_text(host, "❌ Unknown /verify subcommand. Use `/verify start`, `/verify status` or `/verify reset`.");
}

// ----------------------------------------------------------------------------------- routes

bool is_page_request(const sdk::Event& event) {
  return event.http_method() == "GET" && event.http_route() == "/verify/{session}" &&
         event.http_query("format") != "json";
}

void respond_json(sdk::Host& host, std::uint32_t code, const json& body) {
  host.http_respond(code, "application/json", body.dump());
}

// An error in the form the caller reads: a short page for the page itself, JSON otherwise
// ({error, message}, plus status and attemptsRemaining where a session state explains it).
void respond_error(sdk::Host& host, const sdk::Event& event, std::uint32_t code, const std::string& error,
                   const std::string& message, json extra = json::object()) {
  if (is_page_request(event)) {
    return host.http_respond(code, "text/html; charset=utf-8", error_page("Wallet verification", message));
  }
  json body = {{"error", error}, {"message", message}};
  body.update(extra);
  respond_json(host, code, body);
}

// host[:port] of an absolute URL ("" when it has none), lower case.
std::string authority(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  const auto begin = scheme + 3;
  const auto end = url.find_first_of("/?#", begin);
  std::string a = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (a.find('@') != std::string::npos) return {};  // credentials in an origin are never ours
  for (auto& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a;
}

// The POST must come from a page of ours: its Origin (else Referer) names the base URL's host or
// the host the request was sent to.
bool trusted_origin(sdk::Host& host, const sdk::Event& event) {
  std::string from = event.http_header("origin");
  if (from.empty() || from == "null") from = event.http_header("referer");
  const std::string claimed = authority(from);
  if (claimed.empty()) return false;
  std::string request_host = event.http_header("host");
  for (auto& c : request_host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (claimed == request_host) return true;
  const auto base = host.config("base_url");
  return base && claimed == authority(*base);
}

const char* kExpiredText = "This verification link has expired. Run /verify start in Discord for a new one.";
const char* kFailedText = "Too many failed attempts. Run /verify start in Discord to try again.";

// The signature is the claimed wallet's: store it in the one wallet source and complete the session
// (app.complete_wallet_verification, atomically), with an audit entry. Under a savepoint, so a
// refusal (the wallet is another user's) keeps the attempt already counted.
void link_wallet(sdk::Host& host, const sdk::Event& event, const Session& session, const std::string& wallet,
                 const std::string& signature, const std::string& message, int left) {
  {
    sdk::Host::Transaction tx(host);
    try {
      host.query("SELECT app.complete_wallet_verification($1::uuid, $2, $3, $4) AS user_id",
                 json::array({session.id, wallet, signature, message}));
      host.exec("INSERT INTO audit_log (community_id, event_type, event_data, actor) "
                "VALUES (app.current_community_id(), 'wallet_verification', $1::jsonb, $2)",
                json::array({json{{"sessionId", session.id}, {"walletAddress", wallet}, {"method", "native_eip191"}}.dump(),
                             session.user_id}));
      tx.commit();
    } catch (const sdk::Error& e) {
      if (std::string(e.what()).find("AR004") == std::string::npos) throw;
      return respond_error(host, event, 409, "wallet_taken", "This wallet is already linked to another Discord account.",
                           {{"status", "pending"}, {"attemptsRemaining", left}});
    }
  }
  host.count("verify_sessions_completed_total");
  json answer = session_json(*find_session(host, session.id));
  answer["message"] = "Wallet verified. You can close this page and return to Discord.";
  respond_json(host, 200, answer);
}

void submit(sdk::Host& host, const sdk::Event& event, const std::string& id) {
  if (!trusted_origin(host, event)) {
    return respond_error(host, event, 403, "forbidden_origin",
                         "This request did not come from the verification page. Open the link from Discord.");
  }
  const auto body = json::parse(event.http_body(), nullptr, false);
  if (!body.is_object()) {
    return respond_error(host, event, 400, "invalid_request",
                         "The request body must be JSON with walletAddress and signature.");
  }
  std::string wallet = body.value("walletAddress", body.value("address", ""));
  const std::string signature = body.value("signature", "");
  if (!eip191::is_address(wallet)) {
    return respond_error(host, event, 400, "invalid_wallet",
                         "walletAddress must be 0x followed by 40 hexadecimal characters.");
  }
  if (!eip191::is_signature(signature)) {
    return respond_error(host, event, 400, "invalid_signature",
                         "signature must be 0x followed by 130 hexadecimal characters.");
  }
  for (auto& c : wallet) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  const auto session = find_session(host, id, /*lock=*/true);
  if (!session) return respond_error(host, event, 404, "not_found", "This verification session does not exist.");
  if (session->status == "completed") {
    return respond_error(host, event, 409, "already_verified", "This verification is already complete.",
                         {{"status", "completed"}});
  }
  if (session->status == "expired") {
    close_session(host, id, "expired", "expired before a signature was accepted");
    return respond_error(host, event, 410, "expired", kExpiredText, {{"status", "expired"}});
  }
  if (session->status == "failed" || session->attempts >= kMaxAttempts) {
    close_session(host, id, "failed", "too many attempts");
    return respond_error(host, event, 429, "too_many_attempts", kFailedText,
                         {{"status", "failed"}, {"attemptsRemaining", 0}});
  }

  const int attempts = count_attempt(host, id);
  const int left = attempts >= kMaxAttempts ? 0 : kMaxAttempts - attempts;
  const std::string message = message_to_sign(*session);
  const auto signer = eip191::recover_personal_signer(message, signature);
  if (!signer || *signer != wallet) {
    host.count("verify_signature_mismatches_total");
    std::string text = signer ? "The signature does not match the wallet address."
                              : "The signature could not be checked.";
    if (left == 0) {
      close_session(host, id, "failed", signer ? "signature mismatch" : "unreadable signature");
      text.append(" No attempts left: run /verify start in Discord to try again.");
    } else {
      text.append(" Sign the message with the wallet you connected. Attempts left: ").append(std::to_string(left)).append(".");
    }
    return respond_error(host, event, 400, signer ? "signature_mismatch" : "invalid_signature", text,
                         {{"status", left == 0 ? "failed" : "pending"}, {"attemptsRemaining", left}});
  }

  link_wallet(host, event, *session, wallet, signature, message, left);
}

void http(sdk::Host& host, const sdk::Event& event) {
  const std::string id = event.http_param("session");
  const std::string ip = event.remote_address();
  const bool post = event.http_method() == "POST";
  const bool polling = event.http_route() == "/verify/{session}/status";
  // The limits of docs/commands/verify.md, on the host's state service (per community, as every
  // plugin state slot is).
  const bool allowed = host.rate_limit("ip:" + ip, 100, 15 * 60'000) &&
                       (!post || host.rate_limit("post:" + ip, 3, 60'000)) &&
                       (polling || host.rate_limit("session:" + id, 10, 5 * 60'000));
  if (!allowed) {
    host.count("verify_rate_limited_total");
    return respond_error(host, event, 429, "rate_limited", "Too many requests. Please wait a few minutes and try again.");
  }
  if (!is_uuid(id)) return respond_error(host, event, 404, "not_found", "This verification link is not valid.");
  if (post) return submit(host, event, id);
  const auto session = find_session(host, id);
  if (!session) return respond_error(host, event, 404, "not_found", "This verification link is not valid.");
  if (is_page_request(event)) return host.http_respond(200, "text/html; charset=utf-8", session_page(*session));
  respond_json(host, 200, session_json(*session));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_HTTP) return http(host, event);
  if (event.kind() == ARRAKIS_EVENT_COMMAND) return command(host, event);
}

sdk::RouteOptions tenant_route() {
  sdk::RouteOptions o;
  o.min_response_ms = kPaddingMs;
  o.tenant_param = "session";
  return o;
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("verify", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_VERIFY)
                   .route("GET", "/verify/{session}", tenant_route())
                   .route("POST", "/verify/{session}", tenant_route())
                   .route("GET", "/verify/{session}/status", tenant_route()),
               handle)
