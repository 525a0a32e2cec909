// /verify through the full path and a real browser: `/verify start` from discord-sim gives a link;
// headless Chromium (driven over chromedriver's WebDriver HTTP API) opens it on the worker's route
// listener, with an injected window.ethereum whose personal_sign is answered by this test, which
// signs in C++ with a test key (arrakis/sietch/eip191.hpp: no JavaScript crypto); the page POSTs the
// signature and shows "verified"; `/verify status` then says complete and the wallet is stored.
// Chromium and chromedriver are Debian's `chromium` and `chromium-driver` (tools/dev test installs
// them). Without them the test fails, unless ARRAKIS_ALLOW_SKIP_BROWSER=1 (local development).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <thread>

#include "arrakis/sietch/eip191.hpp"
#include "arrakis/testing/child_process.hpp"
#include "arrakis/testing/http_client.hpp"
#include "sietch_full_path.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
namespace eip191 = arrakis::sietch::eip191;
namespace fs = std::filesystem;

namespace {

// This program's own key (the plugin tests use others), so the wallet is never another user's.
const std::string kKey = "0x" + std::string(64, '4');
const char* kWebElement = "element-6066-11e4-a52e-4f735466cecf";

std::optional<std::string> find_program(std::initializer_list<const char*> names) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : names) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const auto end = dirs.find(':', start);
      const fs::path candidate = fs::path(dirs.substr(start, end == std::string::npos ? std::string::npos : end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return std::nullopt;
}

// An EIP-1193 provider for one account: eth_requestAccounts answers it; personal_sign waits until
// the test reads window.__arrakisSignRequest and calls window.__arrakisResolveSign(signature).
std::string provider_script(const std::string& address) {
  return R"JS((function () {
  var address = ")JS" + address + R"JS(";
  window.__arrakisSignRequest = null;
  window.ethereum = {
    request: function (args) {
      if (args.method === "eth_requestAccounts" || args.method === "eth_accounts") return Promise.resolve([address]);
      if (args.method === "personal_sign") {
        return new Promise(function (resolve) {
          window.__arrakisResolveSign = resolve;
          window.__arrakisSignRequest = { message: args.params[0], address: args.params[1] };
        });
      }
      return Promise.reject(new Error("unsupported: " + args.method));
    }
  };
})();)JS";
}

// Wallets report addresses in mixed case (EIP-55); the plugin stores them in lower case.
std::string mixed_case(std::string address) {
  for (std::size_t i = 2; i < address.size(); i += 3) address[i] = static_cast<char>(std::toupper(address[i]));
  return address;
}

std::string utf8_from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

fs::path make_dir(const fs::path& dir) {
  fs::create_directories(dir);
  return dir;
}

// A chromedriver with one headless Chromium session (profile and driver log in one temporary
// folder); all of it ends with the object.
class Browser {
 public:
  Browser(const std::string& chromium, const std::string& chromedriver)
      : port_(arrakis::testing::free_port()),
        profile_(make_dir(fs::temp_directory_path() / ("arrakis-verify-chromium-" + std::to_string(::getpid())))),
        driver_(chromedriver, {"--port=" + std::to_string(port_)}, {}, (profile_ / "chromedriver.log").string()) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        if (arrakis::testing::http_request("127.0.0.1", port_, "GET", "/status").status == 200) break;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(100ms);
    }
    const json caps = {{"capabilities",
                        {{"alwaysMatch",
                          {{"browserName", "chrome"},
                           {"goog:chromeOptions",
                            {{"binary", chromium},
                             {"args", {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                       "--no-first-run", "--user-data-dir=" + (profile_ / "chrome").string()}}}}}}}}};
    const auto created = call("POST", "/session", caps);
    session_ = created["value"].value("sessionId", "");
    if (session_.empty()) error_ = "chromedriver did not start a session: " + created.dump() + "\n" + driver_.log();
  }
  ~Browser() {
    if (!session_.empty()) {
      try {
        call("DELETE", "/session/" + session_, nullptr);
      } catch (const std::exception&) {
      }
    }
    driver_.stop(5s);
    std::error_code ec;
    fs::remove_all(profile_, ec);
  }
  const std::string& error() const { return error_; }

  json call(const std::string& method, const std::string& path, const json& body) {
    const auto r = arrakis::testing::http_request("127.0.0.1", port_, method, path, body.is_null() ? "" : body.dump(),
                                                  {{"Content-Type", "application/json"}});
    auto j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json{{"value", {{"error", r.body}}}} : j;
  }
  json session_call(const std::string& method, const std::string& path, const json& body) {
    return call(method, "/session/" + session_ + path, body);
  }
  // A script run in the page; its return value.
  json run(const std::string& script, json args = json::array()) {
    return session_call("POST", "/execute/sync", {{"script", script}, {"args", std::move(args)}})["value"];
  }
  // Waits until `script` returns something other than null (or the deadline).
  json wait_for(const std::string& script, std::chrono::seconds timeout = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    json v;
    while (std::chrono::steady_clock::now() < deadline) {
      v = run(script);
      if (!v.is_null()) return v;
      std::this_thread::sleep_for(100ms);
    }
    return v;
  }

 private:
  std::uint16_t port_;
  fs::path profile_;
  arrakis::testing::ChildProcess driver_;
  std::string session_;
  std::string error_;
};

}  // namespace

TEST_F(SietchFullPath, VerifyLinksAWalletSignedInAHeadlessBrowser) {
  const auto chromium = find_program({"chromium", "chromium-browser", "google-chrome"});
  const auto chromedriver = find_program({"chromedriver"});
  if (!chromium || !chromedriver) {
    const char* allow = std::getenv("ARRAKIS_ALLOW_SKIP_BROWSER");
    const std::string why = "the /verify browser test needs chromium and chromedriver on PATH (Debian packages "
                            "chromium and chromium-driver; `tools/dev test` installs them)";
    if (allow && std::string(allow) == "1") GTEST_SKIP() << why;
    FAIL() << why;
  }
  const std::string wallet = *eip191::address_of_private_key(kKey);
  admin_exec("DELETE FROM wallet_verifications WHERE wallet_address = $1", {wallet});
  const std::string user = stranger();
  admin_exec("DELETE FROM wallet_verifications WHERE discord_user_id = $1", {user});
  admin_exec("DELETE FROM wallet_verification_sessions WHERE discord_user_id = $1", {user});

  // /verify start: a private link on the configured base URL.
  const auto start = stack().command("verify", user, subcommand("start"));
  EXPECT_EQ(stack().first_response(start)["data"].value("flags", 0) & 64, 64) << "the link is private";
  const auto started = stack().original_message(start);
  ASSERT_TRUE(started.contains("embeds")) << started.dump() << stack().logs();
  EXPECT_EQ(started["embeds"][0]["title"], "🔐 Wallet Verification");
  const std::string link = started["components"][0]["components"][0].value("url", "");
  const std::string base = std::string(kVerifyBaseUrl) + "/verify/";
  ASSERT_EQ(link.rfind(base, 0), 0u) << link;
  const std::string session = link.substr(base.size());
  // The base URL stands for the public host of the route listener, which here is on loopback.
  const std::string page = "http://127.0.0.1:" + std::to_string(stack().harness().routes_port()) + "/verify/" + session;

  Browser browser(*chromium, *chromedriver);
  ASSERT_TRUE(browser.error().empty()) << browser.error();
  const auto injected = browser.session_call(
      "POST", "/goog/cdp/execute",
      {{"cmd", "Page.addScriptToEvaluateOnNewDocument"}, {"params", {{"source", provider_script(mixed_case(wallet))}}}});
  ASSERT_FALSE(injected["value"].contains("error")) << injected.dump();
  browser.session_call("POST", "/url", {{"url", page}});
  EXPECT_EQ(browser.run("return document.getElementById('state').dataset.state;"), "connect");

  const auto button = browser.session_call("POST", "/element", {{"using", "css selector"}, {"value", "#action"}});
  ASSERT_TRUE(button["value"].contains(kWebElement)) << button.dump();
  browser.session_call("POST", "/element/" + button["value"][kWebElement].get<std::string>() + "/click", json::object());

  // The page asked the wallet to sign: the three lines of this session, hex-encoded, for our address.
  const auto request = browser.wait_for("return window.__arrakisSignRequest;");
  ASSERT_TRUE(request.is_object()) << request.dump();
  EXPECT_EQ(browser.run("return document.getElementById('state').dataset.state;"), "sign");
  const std::string message = utf8_from_hex(request["message"]);
  const auto nonce = admin_exec("SELECT nonce::text FROM wallet_verification_sessions WHERE id = $1::uuid", {session});
  ASSERT_EQ(nonce.size(), 1u);
  EXPECT_EQ(message.substr(message.rfind('\n') + 1), "Nonce: " + std::string(nonce[0][0].c_str()));
  EXPECT_EQ(message.rfind("Verify wallet ownership for Discord user: ", 0), 0u) << message;
  browser.run("window.__arrakisResolveSign(arguments[0]); return true;",
              json::array({eip191::sign_personal_message(message, kKey)}));

  const auto final_state = browser.wait_for(
      "var s = document.getElementById('state').dataset.state;"
      "return (s === 'verified' || s === 'failed' || s === 'expired') ? s : null;");
  EXPECT_EQ(final_state, "verified") << browser.run("return document.getElementById('state').textContent;")
                                     << stack().logs();
  EXPECT_EQ(browser.run("return document.getElementById('state').textContent;"),
            "Wallet " + wallet + " is verified. You can close this page and return to Discord.");

  const auto status = stack().original_message(stack().command("verify", user, subcommand("status")));
  ASSERT_TRUE(status.contains("embeds")) << status.dump();
  EXPECT_EQ(status["embeds"][0]["title"], "✅ Verification Complete");
  EXPECT_EQ(embed_field(status["embeds"][0], "Wallet")["value"], "`" + wallet + "`");
  const auto stored = admin_exec("SELECT wallet_address, method FROM wallet_verifications WHERE discord_user_id = $1", {user});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0][0].as<std::string>(), wallet);
  EXPECT_EQ(stored[0][1].as<std::string>(), "eip191");
  admin_exec("DELETE FROM wallet_verifications WHERE discord_user_id = $1", {user});
}
