#pragma once
// chain-sim in one object: a Berachain JSON-RPC 2.0 server (POST /) over a holder set, with its
// control API on the same port (/control/holders, /control/faults, /control/stats, /control/blocks)
// and /health. Integration tests run it in-process; the `chain-sim` program wraps it in a CLI.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/chain_sim/faults.hpp"
#include "arrakis/chain_sim/holder_set.hpp"
#include "arrakis/chain_sim/ledger.hpp"
#include "arrakis/chain_sim/stats.hpp"
#include "arrakis/http_server.hpp"

namespace arrakis::chain_sim {

struct SimulatorOptions {
  std::uint16_t port = 0;  // 0 = any free port
  // Requests held by timeout/slow faults occupy a thread each, so keep a few.
  int threads = 4;
  // The head advances one block per block_time_ms of wall time (Berachain: about 2 s); 0 = frozen.
  std::uint64_t block_time_ms = 2000;
  std::optional<HolderSet> holders;  // nullopt = generate from `generate`
  GenerateOptions generate;
};

class ChainSimulator {
 public:
  explicit ChainSimulator(SimulatorOptions options);
  ~ChainSimulator();
  ChainSimulator(const ChainSimulator&) = delete;
  ChainSimulator& operator=(const ChainSimulator&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:<port>/"

  // Replacing the set restarts the chain at the set's head_block.
  HolderSet holders() const;
  void set_holders(HolderSet set);
  std::uint64_t block_number() const;
  void advance_blocks(std::uint64_t blocks);

  FaultInjector& faults() { return faults_; }
  nlohmann::json stats() const { return stats_.to_json(); }

  // The whole HTTP surface, callable without a socket (benchmarks, tests of the routing).
  http::Response handle(const http::Request& request);

 private:
  struct Chain {
    std::shared_ptr<const Ledger> ledger;
    std::uint64_t base_block = 0;
    std::chrono::steady_clock::time_point since;
    std::uint64_t advanced = 0;
  };

  http::Response handle_rpc(const std::string& body);
  http::Response handle_control(const http::Request& request);
  // Waits `ms` unless the simulator stops first; returns false when it is stopping.
  bool pause(std::uint64_t ms);
  std::uint64_t head_of(const Chain& chain) const;
  Chain snapshot() const;

  const std::uint64_t block_time_ms_;
  mutable std::mutex chain_mutex_;
  Chain chain_;
  FaultInjector faults_;
  Stats stats_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::unique_ptr<http::Server> server_;  // last: it calls handle() from its threads
};

}  // namespace arrakis::chain_sim
