#include "verify_render.hpp"

namespace sdk = arrakis::sdk;
using nlohmann::json;

namespace verify {

namespace {

constexpr std::uint32_t kBlurple = 0x5865F2;
constexpr std::uint32_t kOrange = 0xFFA500;
constexpr std::uint32_t kGreen = 0x57F287;
constexpr std::uint32_t kGrey = 0x99AAB5;
constexpr std::uint32_t kRed = 0xED4245;

std::string discord_time(long long unix_seconds, char style) {
  std::string t = "<t:";
  t.append(std::to_string(unix_seconds)).append(":").push_back(style);
  t.append(">");
  return t;
}

sdk::Message with_link(sdk::Embed embed, const std::string& label, const std::string& link) {
  return sdk::Message()
      .embed(embed)
      .row(sdk::ActionRow().add(sdk::Button(sdk::ButtonStyle::link, label, link)))
      .ephemeral();
}

// JSON inside <script type="application/json">: "<", ">" and "&" escaped so no text in it can close
// the element or open a comment.
std::string script_json(const json& j) {
  std::string out;
  for (const char c : j.dump()) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out.push_back(c);
  }
  return out;
}

const char* kStyle = R"CSS(
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0;display:flex;justify-content:center;padding:2rem 1rem}
main{max-width:34rem;width:100%}
h1{font-size:1.5rem;margin:0 0 1rem}
pre{white-space:pre-wrap;word-break:break-word;padding:.75rem;border:1px solid #8888;border-radius:.5rem;font-size:.9rem}
#state{font-size:1.1rem;font-weight:600;overflow-wrap:anywhere;padding:.75rem;border-radius:.5rem;border:2px solid #8888}
#state[data-state=verified]{border-color:#2e7d32}
#state[data-state=failed],#state[data-state=expired]{border-color:#c62828}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:.5rem;border:2px solid #4752c4;background:#5865f2;color:#fff;cursor:pointer}
button:disabled{opacity:.6;cursor:default}
button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.small{font-size:.9rem;opacity:.85}
)CSS";

// The page's script: connect -> sign -> verifying -> verified | failed | expired. It talks only to
// window.ethereum (EIP-1193) and to this page's own URL (POST), never to another origin.
const char* kScript = R"JS(
(function () {
  "use strict";
  var session = JSON.parse(document.getElementById("session-data").textContent);
  var stateEl = document.getElementById("state");
  var button = document.getElementById("action");
  var texts = {
    connect: "Connect your wallet to start.",
    sign: "Confirm the signature request in your wallet. Signing is free and sends no transaction.",
    verifying: "Checking your signature\u2026",
    verified: "Your wallet is verified. You can close this page and return to Discord.",
    failed: "Verification failed. Run /verify start in Discord for a new link.",
    expired: "This link has expired. Run /verify start in Discord for a new one."
  };
  function show(state, text, buttonLabel) {
    stateEl.dataset.state = state;
    stateEl.textContent = text || texts[state];
    var canAct = state === "connect";
    button.hidden = !canAct && state !== "sign" && state !== "verifying";
    button.disabled = !canAct;
    if (buttonLabel) button.textContent = buttonLabel;
  }
  function finalState() {
    var s = stateEl.dataset.state;
    return s === "verified" || s === "failed" || s === "expired";
  }
  function utf8Hex(text) {
    var bytes = new TextEncoder().encode(text), hex = "0x";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return hex;
  }
  async function verify() {
    if (!window.ethereum || typeof window.ethereum.request !== "function") {
      show("connect", "No Ethereum wallet was found in this browser. Open this link in a browser with a wallet extension (or in your wallet app's browser), then try again.", "Try again");
      return;
    }
    var address, signature;
    try {
      show("sign", "Approve the connection in your wallet.");
      var accounts = await window.ethereum.request({ method: "eth_requestAccounts" });
      if (!accounts || !accounts.length) throw new Error("no account");
      address = accounts[0];
      show("sign");
      signature = await window.ethereum.request({ method: "personal_sign", params: [utf8Hex(session.message), address] });
    } catch (e) {
      show("connect", "The wallet did not sign the message" + (e && e.message ? " (" + e.message + ")" : "") + ". Nothing was sent. You can try again.", "Try again");
      return;
    }
    show("verifying");
    var answer;
    try {
      var response = await fetch(window.location.pathname, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ walletAddress: address, signature: signature })
      });
      answer = await response.json();
    } catch (e) {
      show("connect", "The server could not be reached. Check your connection and try again.", "Try again");
      return;
    }
    if (answer.status === "completed") {
      show("verified", "Wallet " + answer.walletAddress + " is verified. You can close this page and return to Discord.");
    } else if (answer.status === "expired") {
      show("expired");
    } else if (answer.status === "failed") {
      show("failed", (answer.message || texts.failed));
    } else {
      show("connect", answer.message || "Verification did not succeed. You can try again.", "Try again");
    }
  }
  button.addEventListener("click", function () { verify(); });
  if (session.status === "completed") show("verified");
  else if (session.status === "expired") show("expired");
  else if (session.status === "failed") show("failed");
  else {
    show("connect");
    var left = Date.parse(session.expiresAt) - Date.now();
    setTimeout(function () { if (!finalState()) show("expired"); }, Math.max(left, 0));
  }
})();
)JS";

}  // namespace

std::string session_link(const std::string& base_url, const Session& s) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/verify/" + s.id;
}

sdk::Message new_session_message(const Session& s, const std::string& link) {
  sdk::Embed embed;
  embed.title("🔐 Wallet Verification")
      .color(kBlurple)
      .description("Link your wallet to your Discord account by signing a message. Signing is free and does not "
                   "authorize any transaction.")
      .field("Steps",
             "1. Click **Verify Wallet** below\n2. Connect your wallet\n3. Sign the message (free, no transaction)\n"
             "4. Come back here: `/verify status` shows the result")
      .field("Session Expires", discord_time(s.expires_unix, 'R'), true)
      .field("Max Attempts", std::to_string(kMaxAttempts), true)
      .footer("This link is yours alone: do not share it.");
  return with_link(embed, "Verify Wallet", link);
}

sdk::Message in_progress_message(const Session& s, const std::string& link) {
  sdk::Embed embed;
  embed.title("🔐 Verification In Progress")
      .color(kOrange)
      .description("You already have a verification session in progress. Continue it with the button below.")
      .field("Expires", discord_time(s.expires_unix, 'R'), true)
      .field("Attempts Remaining", std::to_string(s.attempts_remaining()), true);
  return with_link(embed, "Continue Verification", link);
}

sdk::Message status_message(const std::optional<Session>& s, const std::string& link) {
  if (!s) {
    return sdk::Message()
        .content("No active verification session found. Run `/verify start` to link your wallet.")
        .ephemeral();
  }
  sdk::Embed embed;
  if (s->status == "pending") {
    embed.title("⏳ Verification Pending")
        .color(kOrange)
        .description("Your verification is waiting for your signature.")
        .field("Attempts", std::to_string(s->attempts) + "/" + std::to_string(kMaxAttempts), true)
        .field("Expires", discord_time(s->expires_unix, 'R'), true);
    return with_link(embed, "Continue Verification", link);
  }
  if (s->status == "completed") {
    embed.title("✅ Verification Complete")
        .color(kGreen)
        .description("Your wallet is linked to your Discord account.")
        .field("Wallet", "`" + s->wallet + "`")
        .field("Verified At", discord_time(s->completed_unix, 'f'));
  } else if (s->status == "expired") {
    embed.title("⏰ Session Expired")
        .color(kGrey)
        .description("Your verification session ended before it was completed. Run `/verify start` for a new link.");
  } else {
    embed.title("❌ Verification Failed")
        .color(kRed)
        .description("The signature did not match after " + std::to_string(kMaxAttempts) +
                     " attempts. Run `/verify start` to try again, or contact an admin if the problem persists.");
  }
  return sdk::Message().embed(embed).ephemeral();
}

json session_json(const Session& s) {
  json j = {{"sessionId", s.id},
            {"status", s.status},
            {"message", message_to_sign(s)},
            {"expiresAt", s.expires_at},
            {"attemptsRemaining", s.status == "pending" ? s.attempts_remaining() : 0},
            {"discordUsername", s.username}};
  if (!s.wallet.empty()) j["walletAddress"] = s.wallet;
  if (!s.completed_at.empty()) j["completedAt"] = s.completed_at;
  return j;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

std::string page_head(const std::string& title) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
      "style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"referrer\" content=\"same-origin\">\n<title>";
  h.append(html_escape(title)).append("</title>\n<style>").append(kStyle).append("</style>\n</head>\n");
  return h;
}

}  // namespace

std::string session_page(const Session& s) {
  std::string page = page_head("Verify your wallet");
  page.append("<body>\n<main>\n<h1>Verify your wallet</h1>\n<p>Discord user <strong>")
      .append(html_escape(s.username))
      .append("</strong> is linking a wallet. Your wallet will ask you to sign this message:</p>\n<pre id=\"message\">")
      .append(html_escape(message_to_sign(s)))
      .append("</pre>\n<p id=\"state\" role=\"status\" aria-live=\"polite\" data-state=\"connect\">"
              "This page needs JavaScript and an Ethereum wallet in your browser.</p>\n"
              "<p><button id=\"action\" type=\"button\">Connect wallet</button></p>\n"
              "<p class=\"small\">Signing proves you own the wallet. It is free, sends no transaction and gives "
              "nobody access to your funds. The link expires at ")
      .append(html_escape(s.expires_at))
      .append(" (UTC) and allows ")
      .append(std::to_string(kMaxAttempts))
      .append(" attempts.</p>\n</main>\n<script type=\"application/json\" id=\"session-data\">")
      .append(script_json(session_json(s)))
      .append("</script>\n<script>")
      .append(kScript)
      .append("</script>\n</body>\n</html>\n");
  return page;
}

std::string error_page(const std::string& title, const std::string& text) {
  std::string page = page_head(title);
  page.append("<body>\n<main>\n<h1>")
      .append(html_escape(title))
      .append("</h1>\n<p role=\"alert\">")
      .append(html_escape(text))
      .append("</p>\n</main>\n</body>\n</html>\n");
  return page;
}

}  // namespace verify
