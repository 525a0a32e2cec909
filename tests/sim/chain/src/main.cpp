// chain-sim: a Berachain JSON-RPC simulator serving BGT balances and Transfer logs on loopback.
// `chain-sim --print-holders` prints the holder set and exits; otherwise it serves until
// SIGINT/SIGTERM.
#include <csignal>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "arrakis/chain_sim/simulator.hpp"
#include "arrakis/log.hpp"

namespace {

using namespace arrakis::chain_sim;

HolderSet load_holders(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  auto json = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw std::runtime_error(path + " is not JSON");
  try {
    return holder_set_from_json(json);
  } catch (const HolderSetError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

int wait_for_stop_signal(const sigset_t& set) {
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chain-sim: a Berachain JSON-RPC 2.0 simulator (chain 80094, BGT, Multicall3) on 127.0.0.1"};
  std::uint16_t port = 8545;
  int threads = 4;
  std::uint64_t block_time_ms = 2000;
  std::string holders_file;
  std::string log_level = "info";
  bool print_holders = false;
  GenerateOptions generate;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)")->capture_default_str();
  auto* holders_opt = app.add_option("--holders", holders_file, "load the holder set from this JSON file")
                          ->check(CLI::ExistingFile);
  app.add_option("--seed", generate.seed, "seed of the generated holder set")->capture_default_str()->excludes(holders_opt);
  app.add_option("--wallets", generate.wallets, "wallets in the generated holder set")
      ->capture_default_str()
      ->check(CLI::Range(kMinGeneratedWallets, std::size_t{1'000'000}))
      ->excludes(holders_opt);
  app.add_option("--head-block", generate.head_block, "the chain head of the generated set at start")
      ->capture_default_str()
      ->excludes(holders_opt);
  app.add_option("--block-time-ms", block_time_ms, "wall time per block; 0 freezes the head")->capture_default_str();
  app.add_option("--threads", threads, "server threads")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--log-level", log_level, "trace, debug, info, warn or error")->capture_default_str();
  app.add_flag("--print-holders", print_holders, "print the holder set as JSON and exit");
  CLI11_PARSE(app, argc, argv);

  arrakis::log::init({log_level, "text", "chain-sim", {}, {}});
  SimulatorOptions options;
  options.port = port;
  options.threads = threads;
  options.block_time_ms = block_time_ms;
  options.generate = generate;
  try {
    options.holders = holders_file.empty() ? generate_holder_set(generate) : load_holders(holders_file);
  } catch (const std::exception& e) {
    std::cerr << "chain-sim: " << e.what() << "\n";
    return 2;
  }
  if (print_holders) {
    std::cout << to_json(*options.holders).dump(2) << "\n";
    return 0;
  }

  // Block the stop signals in every thread (the server's threads inherit the mask); main waits.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const auto holder_count = options.holders->holders.size();
  std::unique_ptr<ChainSimulator> simulator;
  try {
    simulator = std::make_unique<ChainSimulator>(std::move(options));
  } catch (const std::exception& e) {
    spdlog::critical("chain-sim cannot start: {}", e.what());
    return 1;
  }
  spdlog::info("chain-sim ready: JSON-RPC on {} (chain {}, {} holders, head block {}), control API under /control/",
               simulator->url(), kChainId, holder_count, simulator->block_number());
  const int signal = wait_for_stop_signal(stop_signals);
  spdlog::info("chain-sim received signal {}, stopping", signal);
  simulator.reset();
  return 0;
}
