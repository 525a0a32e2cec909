// What /verify shows: the Discord embeds of start and status, and the web page and JSON of the
// verification link. Pure functions of a Session; every text is listed in docs/commands/verify.md.
#pragma once

#include <arrakis/sdk.hpp>

#include <string>

#include "verify_sessions.hpp"

namespace verify {

// {base}/verify/{session}
std::string session_link(const std::string& base_url, const Session& s);

// /verify start: a new session, or the pending one continued.
arrakis::sdk::Message new_session_message(const Session& s, const std::string& link);
arrakis::sdk::Message in_progress_message(const Session& s, const std::string& link);
// /verify status for the latest session (nullopt: none).
arrakis::sdk::Message status_message(const std::optional<Session>& s, const std::string& link);

// GET /verify/{session}?format=json and GET /verify/{session}/status.
nlohmann::json session_json(const Session& s);
// GET /verify/{session}: the page that asks the wallet to sign (no external resources).
std::string session_page(const Session& s);
// A short page for a link that cannot be served (unknown session, rate limit).
std::string error_page(const std::string& title, const std::string& text);

std::string html_escape(const std::string& text);

}  // namespace verify
