// eth_getLogs: filter parsing (fromBlock/toBlock or blockHash, address, topics) and the scan.
#include <algorithm>
#include <set>

#include "arrakis/chain_sim/rpc_methods.hpp"

namespace arrakis::chain_sim {
namespace {

RpcError invalid_params(const std::string& what) { return RpcError(rpc_code::kInvalidParams, "invalid params: " + what); }

// One position of "topics": empty = any value.
using TopicSet = std::set<std::string>;

std::string topic_text(const nlohmann::json& value) {
  const auto bytes = value.is_string() ? from_hex(value.get<std::string>()) : std::nullopt;
  if (!bytes || bytes->size() != 32) throw invalid_params("a topic must be 0x + 64 hex digits");
  return to_hex(*bytes);  // canonical lower case
}

std::vector<TopicSet> parse_topics(const nlohmann::json& filter) {
  std::vector<TopicSet> topics;
  if (!filter.contains("topics") || filter.at("topics").is_null()) return topics;
  const auto& list = filter.at("topics");
  if (!list.is_array()) throw invalid_params("\"topics\" must be an array");
  if (list.size() > 4) throw invalid_params("at most 4 topics");
  for (const auto& position : list) {
    TopicSet set;
    if (position.is_array()) {
      for (const auto& alternative : position) {
        if (!alternative.is_null()) set.insert(topic_text(alternative));
      }
    } else if (!position.is_null()) {
      set.insert(topic_text(position));
    }
    topics.push_back(std::move(set));
  }
  return topics;
}

// The contract addresses asked for; nullopt = any contract.
std::optional<std::set<std::string>> parse_addresses(const nlohmann::json& filter) {
  if (!filter.contains("address") || filter.at("address").is_null()) return std::nullopt;
  const auto& value = filter.at("address");
  std::set<std::string> addresses;
  auto add = [&addresses](const nlohmann::json& item) {
    const auto address = item.is_string() ? normalize_address(item.get<std::string>()) : std::nullopt;
    if (!address) throw invalid_params("\"address\" must be an address or a list of addresses");
    addresses.insert(*address);
  };
  if (value.is_array()) {
    for (const auto& item : value) add(item);
    if (addresses.empty()) return std::nullopt;  // geth: an empty list matches every contract
  } else {
    add(value);
  }
  return addresses;
}

bool matches(const LogRecord& log, const std::vector<TopicSet>& topics) {
  if (topics.size() > std::size(log.topics)) return false;  // our logs have three topics
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (!topics[i].empty() && !topics[i].count(log.topics[i])) return false;
  }
  return true;
}

nlohmann::json render(const LogRecord& log, const std::string& hash_of_block) {
  return {{"address", kBgtAddress},
          {"topics", {log.topics[0], log.topics[1], log.topics[2]}},
          {"data", log.data},
          {"blockNumber", to_quantity(log.block)},
          {"blockHash", hash_of_block},
          {"transactionHash", log.tx_hash},
          {"transactionIndex", to_quantity(log.log_index)},
          {"logIndex", to_quantity(log.log_index)},
          {"removed", false}};
}

}  // namespace

nlohmann::json query_logs(const Ledger& ledger, const nlohmann::json& filter, std::uint64_t head) {
  if (!filter.is_object()) throw invalid_params("the filter must be an object");
  std::uint64_t from = head, to = head;
  const bool has_range = filter.contains("fromBlock") || filter.contains("toBlock");
  if (filter.contains("blockHash") && !filter.at("blockHash").is_null()) {
    if (has_range) throw invalid_params("cannot specify both blockHash and fromBlock/toBlock");
    const auto& hash = filter.at("blockHash");
    if (!hash.is_string() || !block_number_of_hash(hash.get<std::string>(), from) || from > head) {
      throw RpcError(rpc_code::kServerError, "unknown block");
    }
    to = from;
  } else {
    if (filter.contains("fromBlock") && !filter.at("fromBlock").is_null()) from = resolve_block(filter.at("fromBlock"), head);
    if (filter.contains("toBlock") && !filter.at("toBlock").is_null()) to = resolve_block(filter.at("toBlock"), head);
    if (from > to) throw invalid_params("fromBlock " + std::to_string(from) + " is after toBlock " + std::to_string(to));
    if (to - from > kMaxLogBlockRange) {
      throw RpcError(rpc_code::kLimitExceeded,
                     "block range too large: eth_getLogs is limited to a " + std::to_string(kMaxLogBlockRange) +
                         " block range (requested " + std::to_string(to - from) + ")",
                     nlohmann::json{{"from", to_quantity(from)}, {"to", to_quantity(to)},
                                    {"limit", kMaxLogBlockRange}});
    }
  }
  to = std::min(to, head);  // blocks beyond the head do not exist yet
  const auto addresses = parse_addresses(filter);
  const auto topics = parse_topics(filter);

  nlohmann::json result = nlohmann::json::array();
  if (from > to || (addresses && !addresses->count(kBgtAddress))) return result;
  const auto& logs = ledger.logs();
  auto it = std::lower_bound(logs.begin(), logs.end(), from,
                             [](const LogRecord& log, std::uint64_t block) { return log.block < block; });
  std::uint64_t hashed_block = ~std::uint64_t{0};
  std::string hash;
  for (; it != logs.end() && it->block <= to; ++it) {
    if (!matches(*it, topics)) continue;
    if (result.size() == kMaxLogResults) {
      throw RpcError(rpc_code::kLimitExceeded,
                     "query returned more than " + std::to_string(kMaxLogResults) + " results");
    }
    if (it->block != hashed_block) {
      hashed_block = it->block;
      hash = block_hash(hashed_block);
    }
    result.push_back(render(*it, hash));
  }
  return result;
}

}  // namespace arrakis::chain_sim
