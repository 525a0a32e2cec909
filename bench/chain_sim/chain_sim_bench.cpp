// chain-sim: how many balanceOf calls per second it answers over loopback (one eth_call per HTTP
// request on a keep-alive connection, and 100 per request through Multicall3 aggregate3, the way
// the eligibility sync batches), what one request costs without the socket, and how fast it starts.
// Run from a release build:
//   build/release/bench/chain_sim/bench_chain_sim | tee bench/results/chain_sim.txt
#include <benchmark/benchmark.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

// <utility> first: Boost 1.74 Asio uses std::exchange without including it (g++ 12).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "arrakis/chain_sim/abi.hpp"
#include "arrakis/chain_sim/simulator.hpp"

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace cs = arrakis::chain_sim;
namespace ethabi = arrakis::chain_sim::abi;

// One keep-alive connection, as an RPC client library holds it.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(io_) {
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  std::string post(const std::string& body) {
    bhttp::request<bhttp::string_body> req(bhttp::verb::post, "/", 11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream_, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream_, buffer_, res);
    if (res.result_int() != 200) throw std::runtime_error("HTTP " + std::to_string(res.result_int()));
    return std::move(res.body());
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

cs::SimulatorOptions bench_options() {
  cs::SimulatorOptions options;
  options.threads = 2;  // the machine has 2 cores
  options.block_time_ms = 0;
  return options;
}

cs::ChainSimulator& shared_simulator() {
  static cs::ChainSimulator simulator(bench_options());
  return simulator;
}

std::string eth_call_body(const std::string& to, const cs::Bytes& data) {
  return nlohmann::json{{"jsonrpc", "2.0"},
                        {"id", 1},
                        {"method", "eth_call"},
                        {"params", {{{"to", to}, {"data", cs::to_hex(data)}}, "latest"}}}
      .dump();
}

std::vector<std::string> balance_of_bodies() {
  std::vector<std::string> bodies;
  for (const auto& h : shared_simulator().holders().holders) {
    bodies.push_back(eth_call_body(cs::kBgtAddress, ethabi::encode_balance_of_call(h.address)));
  }
  return bodies;
}

void BM_BalanceOfLoopback(benchmark::State& state) {
  const auto bodies = balance_of_bodies();
  Client client(shared_simulator().port());
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(client.post(bodies[i++ % bodies.size()]));
  state.SetItemsProcessed(state.iterations());
  state.counters["requests/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BalanceOfLoopback)->Threads(1)->Threads(2)->UseRealTime();

std::string aggregate3_body() {
  const auto holders = shared_simulator().holders().holders;
  std::vector<ethabi::Call3> calls;
  for (std::size_t i = 0; i < 100; ++i) {
    calls.push_back({cs::kBgtAddress, true, ethabi::encode_balance_of_call(holders[i % holders.size()].address)});
  }
  return eth_call_body(cs::kMulticall3Address, ethabi::encode_aggregate3_call(calls));
}

void BM_Aggregate3Of100BalanceOfLoopback(benchmark::State& state) {
  const auto body = aggregate3_body();
  Client client(shared_simulator().port());
  for (auto _ : state) benchmark::DoNotOptimize(client.post(body));
  state.SetItemsProcessed(state.iterations() * 100);
  state.counters["requests/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Aggregate3Of100BalanceOfLoopback)->UseRealTime();


// The same request handled without the socket: the simulator's own cost per call.
void BM_BalanceOfInProcess(benchmark::State& state) {
  const auto bodies = balance_of_bodies();
  arrakis::http::Request request;
  request.method = "POST";
  request.path = request.target = "/";
  std::size_t i = 0;
  for (auto _ : state) {
    request.body = bodies[i++ % bodies.size()];
    benchmark::DoNotOptimize(shared_simulator().handle(request));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BalanceOfInProcess);

void BM_Aggregate3Of100InProcess(benchmark::State& state) {
  arrakis::http::Request request;
  request.method = "POST";
  request.path = request.target = "/";
  request.body = aggregate3_body();
  for (auto _ : state) benchmark::DoNotOptimize(shared_simulator().handle(request));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_Aggregate3Of100InProcess);

// Generating the default 160-wallet set, binding, and answering the first eth_chainId.
void BM_StartUpInProcess(benchmark::State& state) {
  const std::string chain_id = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";
  for (auto _ : state) {
    auto simulator = std::make_unique<cs::ChainSimulator>(bench_options());
    Client client(simulator->port());
    benchmark::DoNotOptimize(client.post(chain_id));
    state.PauseTiming();
    simulator.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_StartUpInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

std::uint16_t free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

// The `chain-sim` program from exec to its first JSON-RPC answer.
void BM_StartUpProgram(benchmark::State& state) {
  const std::string chain_id = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";
  for (auto _ : state) {
    const auto port = std::to_string(free_port());
    std::vector<std::string> args{CHAIN_SIM_PROGRAM, "--port", port, "--log-level", "warn"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, CHAIN_SIM_PROGRAM, nullptr, nullptr, argv.data(), environ) != 0) {
      state.SkipWithError("cannot start chain-sim");
      return;
    }
    bool answered = false;
    for (int attempt = 0; attempt < 5000 && !answered; ++attempt) {
      try {
        Client client(static_cast<std::uint16_t>(std::stoi(port)));
        benchmark::DoNotOptimize(client.post(chain_id));
        answered = true;
      } catch (const std::exception&) {
        usleep(200);  // not listening yet
      }
    }
    state.PauseTiming();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!answered) state.SkipWithError("chain-sim never answered");
    state.ResumeTiming();
  }
}
BENCHMARK(BM_StartUpProgram)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
