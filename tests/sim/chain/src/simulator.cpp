#include "arrakis/chain_sim/simulator.hpp"

#include "arrakis/chain_sim/rpc_methods.hpp"

namespace arrakis::chain_sim {
namespace {

http::Response json_response(int status, const nlohmann::json& body) {
  return {status, "application/json", body.dump(), {}};
}

http::Response problem(int status, const std::string& message) { return json_response(status, {{"error", message}}); }

// A bad JSON body on the control API is the caller's mistake: 400 with the reason.
nlohmann::json parse_control_body(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw std::invalid_argument("the body is not JSON");
  return json;
}

}  // namespace

ChainSimulator::ChainSimulator(SimulatorOptions options) : block_time_ms_(options.block_time_ms) {
  auto set = options.holders ? std::move(*options.holders) : generate_holder_set(options.generate);
  chain_.base_block = set.head_block;
  chain_.ledger = std::make_shared<const Ledger>(std::move(set));
  chain_.since = std::chrono::steady_clock::now();
  http::ServerOptions server_options;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.max_body_bytes = 16 << 20;  // a replaced holder set can be large
  server_ = std::make_unique<http::Server>(server_options, [this](const http::Request& r) { return handle(r); });
}

ChainSimulator::~ChainSimulator() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();  // releases requests held by timeout/slow faults
  server_.reset();
}

std::uint16_t ChainSimulator::port() const { return server_->port(); }

std::string ChainSimulator::url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/"; }

ChainSimulator::Chain ChainSimulator::snapshot() const {
  std::lock_guard lock(chain_mutex_);
  return chain_;
}

std::uint64_t ChainSimulator::head_of(const Chain& chain) const {
  std::uint64_t head = chain.base_block + chain.advanced;
  if (block_time_ms_ > 0) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - chain.since);
    head += static_cast<std::uint64_t>(elapsed.count()) / block_time_ms_;
  }
  return head;
}

HolderSet ChainSimulator::holders() const { return snapshot().ledger->set(); }

void ChainSimulator::set_holders(HolderSet set) {
  auto ledger = std::make_shared<const Ledger>(std::move(set));  // built outside the lock
  std::lock_guard lock(chain_mutex_);
  chain_.base_block = ledger->set().head_block;
  chain_.ledger = std::move(ledger);
  chain_.since = std::chrono::steady_clock::now();
  chain_.advanced = 0;
}

std::uint64_t ChainSimulator::block_number() const { return head_of(snapshot()); }

void ChainSimulator::advance_blocks(std::uint64_t blocks) {
  std::lock_guard lock(chain_mutex_);
  chain_.advanced += blocks;
}

bool ChainSimulator::pause(std::uint64_t ms) {
  std::unique_lock lock(stop_mutex_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

http::Response ChainSimulator::handle(const http::Request& request) {
  if (request.path == "/") {
    if (request.method != "POST") return problem(405, "JSON-RPC is served by POST /");
    return handle_rpc(request.body);
  }
  if (request.path == "/health" && request.method == "GET") {
    const auto chain = snapshot();
    return json_response(200, {{"status", "ok"},
                               {"chain_id", kChainId},
                               {"block_number", head_of(chain)},
                               {"holders", chain.ledger->set().holders.size()}});
  }
  if (request.path.rfind("/control/", 0) == 0) return handle_control(request);
  return problem(404, "not found: " + request.path);
}

http::Response ChainSimulator::handle_rpc(const std::string& body) {
  struct InFlight {
    Stats& stats;
    explicit InFlight(Stats& s) : stats(s) { stats.begin_request(); }
    ~InFlight() { stats.end_request(); }
  } in_flight(stats_);
  RequestTally tally;
  auto request = parse_rpc_request(body);
  if (request.parse_error) {
    tally.errors[rpc_code::kParseError] = 1;
    stats_.record(tally);
    return json_response(200, rpc_error(nullptr, RpcError(rpc_code::kParseError, "parse error")));
  }
  tally.batch = request.batch;
  std::vector<std::string> methods;
  for (const auto& call : request.calls) {
    if (!call.invalid) methods.push_back(call.method);
  }

  const auto fault = faults_.take(methods);
  if (fault) {
    tally.fault = true;
    if (fault->slow_ms && !pause(fault->slow_ms)) return problem(503, "chain-sim is stopping");
    if (fault->timeout_ms) {
      pause(fault->timeout_ms);
      stats_.record(tally);
      return json_response(504, rpc_error(nullptr, RpcError(rpc_code::kServerError, "request timed out")));
    }
    if (fault->http_status) {
      stats_.record(tally);
      return json_response(fault->http_status, rpc_error(nullptr, RpcError(rpc_code::kLimitExceeded,
                                                                           "injected HTTP " +
                                                                               std::to_string(fault->http_status))));
    }
  }

  const auto chain = snapshot();
  RpcContext context{*chain.ledger, head_of(chain), tally.counters};
  nlohmann::json responses = nlohmann::json::array();
  for (const auto& call : request.calls) {
    nlohmann::json response;
    if (call.invalid) {
      response = rpc_error(call.id, *call.invalid);
      ++tally.errors[call.invalid->code()];
    } else {
      ++tally.calls[call.method];
      try {
        if (fault && fault->error && FaultInjector::covers(*fault, call.method)) throw *fault->error;
        response = rpc_result(call.id, execute_method(call.method, call.params, context));
      } catch (const RpcError& error) {
        response = rpc_error(call.id, error);
        ++tally.errors[error.code()];
      } catch (const std::exception& error) {
        response = rpc_error(call.id, RpcError(rpc_code::kInternalError, std::string("internal error: ") + error.what()));
        ++tally.errors[rpc_code::kInternalError];
      }
    }
    if (!call.notification) responses.push_back(std::move(response));
  }
  stats_.record(tally);
  if (responses.empty()) return {204, "application/json", {}, {}};  // notifications only
  return json_response(200, request.batch ? responses : responses[0]);
}

http::Response ChainSimulator::handle_control(const http::Request& request) {
  const auto& path = request.path;
  const auto& method = request.method;
  try {
    if (path == "/control/holders") {
      if (method == "GET") return json_response(200, to_json(holders()));
      if (method == "POST") {
        const auto body = parse_control_body(request.body);
        // {"holders": [...]} replaces the set; {"seed": N, "wallets": M} generates a new one.
        HolderSet set;
        if (body.is_object() && !body.contains("holders")) {
          GenerateOptions generate;
          generate.seed = body.value("seed", generate.seed);
          generate.wallets = body.value("wallets", generate.wallets);
          generate.head_block = body.value("head_block", generate.head_block);
          set = generate_holder_set(generate);
        } else {
          set = holder_set_from_json(body);
        }
        const auto count = set.holders.size();
        set_holders(std::move(set));
        return json_response(200, {{"holders", count}, {"block_number", block_number()}});
      }
    } else if (path == "/control/faults") {
      if (method == "GET") {
        const auto plan = faults_.current();
        return json_response(200, {{"fault", plan ? to_json(*plan) : nlohmann::json(nullptr)}});
      }
      if (method == "POST") {
        auto plan = parse_fault_plan(parse_control_body(request.body));
        auto shown = to_json(plan);
        faults_.set(std::move(plan));
        return json_response(200, {{"fault", std::move(shown)}});
      }
      if (method == "DELETE") {
        faults_.clear();
        return json_response(200, {{"fault", nullptr}});
      }
    } else if (path == "/control/stats") {
      if (method == "GET") return json_response(200, stats());
      if (method == "DELETE") {
        stats_.reset();
        return json_response(200, stats());
      }
    } else if (path == "/control/blocks") {
      if (method == "POST") {
        const auto body = parse_control_body(request.body);
        if (!body.is_object() || !body.contains("advance") || !body.at("advance").is_number_unsigned()) {
          return problem(400, "expected {\"advance\": number of blocks}");
        }
        advance_blocks(body.at("advance").get<std::uint64_t>());
      }
      if (method == "GET" || method == "POST") return json_response(200, {{"block_number", block_number()}});
    } else {
      return problem(404, "not found: " + path);
    }
  } catch (const nlohmann::json::exception& e) {
    return problem(400, std::string("bad request: ") + e.what());
  } catch (const std::invalid_argument& e) {  // HolderSetError, FaultPlanError, bad JSON
    return problem(400, e.what());
  }
  return problem(405, method + " is not allowed on " + path);
}

}  // namespace arrakis::chain_sim
