// The chain reads of the sync over the host's chain RPC (which retries, fails over and trips its
// circuit breaker): eth_blockNumber, eth_getLogs for every Transfer of the token (one request per
// window of 10,000 blocks; mints and transfers name the candidate holders, transfers to 0x0 the
// burners) and eth_call balanceOf. Whatever still fails, or answers what the method never
// returns, becomes a ChainFailure.
#include <algorithm>

#include <arrakis/sietch/bgt_chain.hpp>

#include "eligibility_sync.hpp"

namespace arrakis::eligibility_sync {

namespace {

std::string text_field(const nlohmann::json& log, const char* name) {
  const auto it = log.find(name);
  if (it == log.end() || !it->is_string()) throw ChainFailure(std::string("a Transfer log without ") + name + ": " + log.dump());
  return it->get<std::string>();
}

std::uint64_t quantity(const nlohmann::json& log, const char* name) {
  const auto decimal = sietch::hex_to_decimal(text_field(log, name));
  if (!decimal || decimal->size() > 19) throw ChainFailure(std::string("a Transfer log with a bad ") + name + ": " + log.dump());
  return std::stoull(*decimal);
}

void read_log(const nlohmann::json& log, TransferScan& scan) {
  const auto& topics = log.find("topics");
  if (topics == log.end() || !topics->is_array() || topics->size() != 3) {
    throw ChainFailure("a Transfer log without its three topics: " + log.dump());
  }
  const auto from = (*topics)[1].is_string() ? sietch::topic_address((*topics)[1].get<std::string>()) : std::nullopt;
  const auto to = (*topics)[2].is_string() ? sietch::topic_address((*topics)[2].get<std::string>()) : std::nullopt;
  const auto wei = sietch::hex_to_decimal(text_field(log, "data"));
  if (!from || !to || !wei) throw ChainFailure("an unreadable Transfer log: " + log.dump());
  TransferLog t{sietch::lower(text_field(log, "transactionHash")), static_cast<std::int64_t>(quantity(log, "logIndex")),
                quantity(log, "blockNumber"), "", *wei};
  if (*to == sietch::kZeroAddress) {
    if (*from == sietch::kZeroAddress) return;  // nothing moved
    t.address = *from;
    scan.burned.push_back(std::move(t));
  } else {
    t.address = *to;
    scan.received.push_back(std::move(t));
  }
}

}  // namespace

std::uint64_t block_number(sdk::Host& host) {
  const auto answer = sietch::chain_call(host, "eth_blockNumber", nlohmann::json::array());
  const auto text = answer.is_string() ? sietch::hex_to_decimal(answer.get<std::string>()) : std::nullopt;
  if (!text || text->size() > 19) throw ChainFailure("eth_blockNumber answered " + answer.dump());
  return std::stoull(*text);
}

TransferScan scan_transfers(sdk::Host& host, const std::string& token, std::uint64_t from, std::uint64_t to) {
  TransferScan scan;
  for (std::uint64_t start = from; start <= to;) {
    const std::uint64_t end = to - start >= sietch::kLogWindowBlocks ? start + sietch::kLogWindowBlocks - 1 : to;
    const nlohmann::json filter = {{"address", token},
                                   {"fromBlock", sietch::to_quantity(start)},
                                   {"toBlock", sietch::to_quantity(end)},
                                   {"topics", {sietch::kTransferTopic}}};
    const auto logs = sietch::chain_call(host, "eth_getLogs", nlohmann::json::array({filter}));
    if (!logs.is_array()) throw ChainFailure("eth_getLogs answered " + logs.dump());
    for (const auto& log : logs) read_log(log, scan);
    if (end == to) break;
    start = end + 1;
  }
  return scan;
}

std::string balance_of(sdk::Host& host, const std::string& token, const std::string& wallet) {
  const nlohmann::json call = {{"to", token},
                               {"data", std::string(sietch::kBalanceOfSelector) + sietch::address_word(wallet).substr(2)}};
  const auto balance = sietch::chain_call(host, "eth_call", nlohmann::json::array({call, "latest"}));
  // balanceOf returns one 32-byte word.
  const auto wei = balance.is_string() && balance.get<std::string>().size() == 66
                       ? sietch::hex_to_decimal(balance.get<std::string>())
                       : std::nullopt;
  if (!wei) throw ChainFailure("balanceOf(" + wallet + ") answered " + balance.dump());
  return *wei;
}

}  // namespace arrakis::eligibility_sync
