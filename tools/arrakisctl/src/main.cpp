// arrakisctl: the operator's command line for Arrakis workers (see `arrakisctl --help`).
// Exit codes: 0 ok, 1 the worker refused or the operation failed, 2 usage error, 3 the worker
// could not be reached.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "arrakis/http_client.hpp"
#include "ctl_command.hpp"
#include "ctl_output.hpp"

using namespace arrakis::ctl;
using nlohmann::json;

namespace {

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const Parsed p = parse_command_line(args, [](const char* name) { return std::getenv(name); });
  if (p.exit_code) {
    (*p.exit_code == kExitOk ? std::cout : std::cerr) << p.message;
    return *p.exit_code;
  }
  if (p.token_file.empty()) {
    std::cerr << "arrakisctl: no admin token: set ARRAKIS_ADMIN_TOKEN_FILE or pass --token-file "
                 "(the worker writes it at start, mode 0600)\n";
    return kExitUsage;
  }
  std::string token;
  {
    std::ifstream in(p.token_file);
    if (!in || !std::getline(in, token) || token.empty()) {
      std::cerr << "arrakisctl: cannot read a token from " << p.token_file
                << " (does it exist, and may this user read it?)\n";
      return kExitUsage;
    }
  }
  if (p.url.rfind("http://", 0) != 0 && p.url.rfind("https://", 0) != 0) {
    std::cerr << "arrakisctl: --url must start with http:// or https:// (got " << p.url << ")\n";
    return kExitUsage;
  }

  arrakis::http::Client client({p.url, std::chrono::seconds(60)});
  arrakis::http::Client::Request req;
  req.method = p.call.method;
  req.target = p.call.target;
  req.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
  if (p.call.body) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = p.call.body->dump();
  }
  const auto res = client.send(req);
  if (!res.delivered) {
    std::cerr << "arrakisctl: cannot reach the worker at " << p.url << " (" << res.error
              << "); is it running? Set --url or ARRAKIS_ADMIN_URL to its admin address.\n";
    return kExitUnreachable;
  }
  const json body = json::parse(res.body, nullptr, false);
  const int code = exit_code_for(p.call.kind, res.status, body);
  const bool report = (res.status >= 200 && res.status < 300) || (p.call.kind == "health" && !body.is_discarded());
  if (report) {
    std::cout << render(p.call.kind, body.is_discarded() ? json(res.body) : body, p.output);
  } else if (p.output == "json" && !body.is_discarded()) {
    std::cout << body.dump(2) << "\n";
    std::cerr << error_message(res.status, body, res.body);
  } else {
    std::cerr << "arrakisctl: " << error_message(res.status, body, res.body);
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "arrakisctl: unexpected answer from the worker: " << e.what() << " (try -o json)\n";
    return kExitRefused;
  }
}
