#include "arrakis/chain_sim/holder_set.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "arrakis/chain_sim/splitmix.hpp"

namespace arrakis::chain_sim {
namespace {

constexpr Wei bgt(std::uint64_t whole) { return static_cast<Wei>(whole) * kWeiPerToken; }
constexpr Wei kHajra = 69 * (kWeiPerToken / 10);  // 6.9 BGT

// Domain spec 3.3, highest first.
struct BgtTier {
  const char* name;
  Wei minimum;
};
constexpr BgtTier kBgtTiers[] = {{"usul", bgt(1111)},      {"sayyadina", bgt(888)}, {"mushtamal", bgt(690)},
                                 {"sihaya", bgt(420)},     {"qanat", bgt(222)},     {"ichwan", bgt(69)},
                                 {"hajra", kHajra}};

// Where the generated history sits relative to the head (see generate_holder_set).
constexpr std::uint64_t kMintWindowStart = 30'000;
constexpr std::uint64_t kMintWindowEnd = 20'000;
constexpr std::uint64_t kLateWindowStart = 19'000;
constexpr std::uint64_t kLateWindowEnd = 100;

std::string random_address(SplitMix64& rng, std::set<std::string>& taken) {
  for (;;) {
    auto address = to_hex(rng.bytes(20));
    if (address != kZeroAddress && taken.insert(address).second) return address;
  }
}

std::uint64_t block_between(SplitMix64& rng, std::uint64_t head, std::uint64_t from_back, std::uint64_t to_back) {
  return head - from_back + rng.below(from_back - to_back);
}

// Orders the history by block (stable, so log order within a block is creation order) and fills
// missing transaction hashes from `rng`.
void finish_history(std::vector<Transfer>& transfers, SplitMix64& rng) {
  std::stable_sort(transfers.begin(), transfers.end(),
                   [](const Transfer& a, const Transfer& b) { return a.block < b.block; });
  for (auto& t : transfers) {
    if (t.tx_hash.empty()) t.tx_hash = to_hex(rng.bytes(32));
  }
}

// Balances for the eligible wallets, in rank order: 7 naib, 62 fedaykin, then every BGT band down to
// dust, each band ending exactly on its threshold, with exact ties across the boundaries that matter.
std::vector<Wei> eligible_balances(SplitMix64& rng, std::size_t count) {
  std::set<std::size_t> on_threshold;  // indices holding exactly their band's threshold
  auto draw_band = [&rng, &on_threshold](std::vector<Wei>& out, std::size_t n, Wei low, Wei high,
                                         bool end_on_threshold) {
    std::vector<Wei> band;
    for (std::size_t i = 0; i < n; ++i) band.push_back(low + 1 + rng.below_wei(high - low - 1));
    std::sort(band.rbegin(), band.rend());
    if (end_on_threshold && n >= 2) {
      band.back() = low;
      on_threshold.insert(out.size() + n - 1);
    }
    out.insert(out.end(), band.begin(), band.end());
  };
  std::vector<Wei> balances;
  draw_band(balances, 7, bgt(12'000), bgt(90'000), false);
  draw_band(balances, 62, bgt(1'500), bgt(11'000), false);
  // The rest spread over the 7 BGT bands and dust below hajra (still eligible: balance > 0).
  struct Band {
    Wei low, high;
  };
  const Band bands[] = {{bgt(1111), bgt(1500)}, {bgt(888), bgt(1111)}, {bgt(690), bgt(888)}, {bgt(420), bgt(690)},
                        {bgt(222), bgt(420)},   {bgt(69), bgt(222)},   {kHajra, bgt(69)},    {1, kHajra}};
  const std::size_t rest = count - 69;
  const std::size_t per_band = rest / std::size(bands);
  for (std::size_t b = 0; b < std::size(bands); ++b) {
    const std::size_t n = per_band + (b < rest % std::size(bands) ? 1 : 0);
    draw_band(balances, n, bands[b].low, bands[b].high, true);
  }
  // Exact ties straddling the naib seat line, the entry threshold and the waitlist end, and one
  // inside the fedaykin band. Copying either neighbour's balance onto the other keeps the order
  // descending; the copy goes upwards when the lower one sits exactly on a threshold, to keep it.
  for (std::size_t rank : {8u, 31u, 70u, 101u}) {
    const std::size_t lower = rank - 1, upper = rank - 2;
    if (on_threshold.count(lower)) {
      balances[upper] = balances[lower];
    } else {
      balances[lower] = balances[upper];
    }
  }
  return balances;
}

std::string rank_label(std::size_t rank) {
  if (rank <= 7) return "naib";
  if (rank <= 69) return "fedaykin";
  if (rank <= 100) return "waitlist";
  return "ranked";
}

Wei read_wei(const nlohmann::json& object, const char* field, const std::string& where) {
  if (!object.contains(field)) throw HolderSetError(where + ": \"" + field + "\" is required");
  const auto& value = object.at(field);
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_string()) {
    if (auto parsed = parse_decimal(value.get<std::string>())) return *parsed;
  }
  throw HolderSetError(where + ": \"" + field + "\" must be a decimal wei amount (a string of digits)");
}

std::string read_address(const nlohmann::json& object, const char* field, const std::string& where) {
  if (object.contains(field) && object.at(field).is_string()) {
    if (auto address = normalize_address(object.at(field).get<std::string>())) return *address;
  }
  throw HolderSetError(where + ": \"" + field + "\" must be an address (0x + 40 hex digits)");
}

}  // namespace

std::string tier_for(int rank, Wei balance) {
  if (rank >= 1 && rank <= 7) return "naib";
  if (rank >= 8 && rank <= 69) return "fedaykin";
  for (const auto& tier : kBgtTiers) {
    if (balance >= tier.minimum) return tier.name;
  }
  return "hajra";  // the default below 6.9 BGT
}

std::vector<Standing> assess(const HolderSet& set) {
  std::map<std::string, Wei> burned;
  for (const auto& t : set.transfers) {
    if (t.to == kZeroAddress && t.from != kZeroAddress) burned[t.from] += t.amount;
  }
  std::vector<Standing> standings(set.holders.size());
  std::vector<std::size_t> ranked;
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    const auto& h = set.holders[i];
    const auto found = burned.find(h.address);
    standings[i].burned = found != burned.end();
    standings[i].burned_amount = standings[i].burned ? found->second : 0;
    standings[i].eligible = h.balance > 0 && !standings[i].burned;
    if (standings[i].eligible) ranked.push_back(i);
  }
  std::sort(ranked.begin(), ranked.end(), [&set](std::size_t a, std::size_t b) {
    const auto& ha = set.holders[a];
    const auto& hb = set.holders[b];
    return ha.balance != hb.balance ? ha.balance > hb.balance : ha.address < hb.address;
  });
  for (std::size_t pos = 0; pos < ranked.size(); ++pos) {
    auto& s = standings[ranked[pos]];
    s.rank = static_cast<int>(pos + 1);
    s.tier = tier_for(*s.rank, set.holders[ranked[pos]].balance);
  }
  return standings;
}

HolderSet generate_holder_set(const GenerateOptions& options) {
  if (options.wallets < kMinGeneratedWallets) {
    throw HolderSetError("a generated holder set needs at least " + std::to_string(kMinGeneratedWallets) +
                         " wallets to span every tier (asked for " + std::to_string(options.wallets) + ")");
  }
  if (options.head_block < 2 * kMintWindowStart) {
    throw HolderSetError("head_block must be at least " + std::to_string(2 * kMintWindowStart));
  }
  SplitMix64 rng(options.seed ^ 0xa11a4b5e7c4a1ULL);
  std::set<std::string> taken;
  const std::uint64_t head = options.head_block;
  HolderSet set;
  set.head_block = head;

  struct Burner {
    Wei balance, burned;
    const char* label;
  };
  const Burner burners[] = {
      {bgt(95'000), bgt(10), "burner-would-be-naib"}, {bgt(41'000), bgt(250), "burner-would-be-naib"},
      {bgt(15'000), 1, "burner-one-wei"},             {bgt(9'000), bgt(100), "burner-would-be-fedaykin"},
      {bgt(4'000), bgt(5), "burner-would-be-fedaykin"}, {bgt(2'000), bgt(1'500), "burner-would-be-fedaykin"},
      {bgt(1'300), bgt(1), "burner-would-be-usul"},     {bgt(800), bgt(20), "burner"},
      {bgt(1111), bgt(1) / 2, "burner-on-threshold"},   {kHajra, bgt(1), "burner-on-threshold"},
      {0, bgt(3'000), "burner-emptied"},                {0, bgt(7), "burner-emptied"}};
  constexpr std::size_t kZeroSenders = 6, kNeverHeld = 2;
  const std::size_t eligible = options.wallets - std::size(burners) - kZeroSenders - kNeverHeld;

  // What each wallet received from outside the minted supply (transfers between holders).
  std::map<std::string, Wei> received;
  std::vector<Transfer> late;  // burns and transfers, after every mint

  const auto balances = eligible_balances(rng, eligible);
  for (std::size_t i = 0; i < balances.size(); ++i) {
    std::string label = rank_label(i + 1);
    if (i > 0 && balances[i] == balances[i - 1]) label += "-tie";
    set.holders.push_back({random_address(rng, taken), balances[i], label});
  }
  for (const auto& b : burners) {
    const auto address = random_address(rng, taken);
    set.holders.push_back({address, b.balance, b.label});
    late.push_back({address, kZeroAddress, b.burned, block_between(rng, head, kLateWindowStart, kLateWindowEnd), {}});
  }
  for (std::size_t i = 0; i < kZeroSenders; ++i) {
    // Held BGT, then sent all of it to a naib: balance 0, never burned, so simply not eligible.
    const auto address = random_address(rng, taken);
    const Wei amount = bgt(10) + rng.below_wei(bgt(5'000));
    const auto& recipient = set.holders[i % 7].address;
    set.holders.push_back({address, 0, "zero-sent-all"});
    late.push_back({address, recipient, amount, block_between(rng, head, kLateWindowStart, kLateWindowEnd), {}});
    received[recipient] += amount;
  }
  for (std::size_t i = 0; i < kNeverHeld; ++i) set.holders.push_back({random_address(rng, taken), 0, "zero-never-held"});

  // Mints make every balance add up: minted = balance + burned + sent - received.
  std::map<std::string, Wei> outflow;
  for (const auto& t : late) outflow[t.from] += t.amount;
  for (const auto& h : set.holders) {
    const Wei minted = h.balance + outflow[h.address] - received[h.address];
    if (minted == 0) continue;
    set.transfers.push_back(
        {kZeroAddress, h.address, minted, block_between(rng, head, kMintWindowStart, kMintWindowEnd), {}});
  }
  set.transfers.insert(set.transfers.end(), late.begin(), late.end());
  finish_history(set.transfers, rng);
  return set;
}

nlohmann::json to_json(const HolderSet& set) {
  const auto standings = assess(set);
  nlohmann::json holders = nlohmann::json::array();
  for (std::size_t i = 0; i < set.holders.size(); ++i) {
    const auto& h = set.holders[i];
    const auto& s = standings[i];
    holders.push_back({{"address", h.address},
                       {"balance", to_decimal(h.balance)},
                       {"balance_bgt", format_tokens(h.balance)},
                       {"label", h.label},
                       {"burned", s.burned},
                       {"burned_wei", to_decimal(s.burned_amount)},
                       {"eligible", s.eligible},
                       {"rank", s.rank ? nlohmann::json(*s.rank) : nlohmann::json(nullptr)},
                       {"tier", s.tier.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.tier)}});
  }
  nlohmann::json transfers = nlohmann::json::array();
  for (const auto& t : set.transfers) {
    transfers.push_back({{"from", t.from},
                         {"to", t.to},
                         {"amount", to_decimal(t.amount)},
                         {"block", t.block},
                         {"tx_hash", t.tx_hash}});
  }
  return {{"chain_id", kChainId},
          {"token", kBgtAddress},
          {"head_block", set.head_block},
          {"holders", std::move(holders)},
          {"transfers", std::move(transfers)}};
}

HolderSet holder_set_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw HolderSetError("a holder set must be a JSON object");
  HolderSet set;
  if (json.contains("head_block")) {
    if (!json.at("head_block").is_number_unsigned()) throw HolderSetError("\"head_block\" must be a block number");
    set.head_block = json.at("head_block").get<std::uint64_t>();
  }
  if (!json.contains("holders") || !json.at("holders").is_array()) {
    throw HolderSetError("\"holders\" must be an array");
  }
  std::set<std::string> seen;
  std::vector<Wei> burned_shorthand;
  for (std::size_t i = 0; i < json.at("holders").size(); ++i) {
    const auto& item = json.at("holders")[i];
    const std::string where = "holders[" + std::to_string(i) + "]";
    if (!item.is_object()) throw HolderSetError(where + " must be an object");
    Holder h;
    h.address = read_address(item, "address", where);
    if (!seen.insert(h.address).second) throw HolderSetError(where + ": duplicate address " + h.address);
    h.balance = read_wei(item, "balance", where);
    if (item.contains("label") && item.at("label").is_string()) h.label = item.at("label").get<std::string>();
    burned_shorthand.push_back(item.contains("burned_wei") ? read_wei(item, "burned_wei", where) : 0);
    set.holders.push_back(std::move(h));
  }
  SplitMix64 rng(0x5eedULL ^ set.holders.size() ^ set.head_block);
  if (json.contains("transfers")) {
    if (!json.at("transfers").is_array()) throw HolderSetError("\"transfers\" must be an array");
    for (std::size_t i = 0; i < json.at("transfers").size(); ++i) {
      const auto& item = json.at("transfers")[i];
      const std::string where = "transfers[" + std::to_string(i) + "]";
      if (!item.is_object()) throw HolderSetError(where + " must be an object");
      Transfer t;
      t.from = read_address(item, "from", where);
      t.to = read_address(item, "to", where);
      t.amount = read_wei(item, "amount", where);
      if (!item.contains("block") || !item.at("block").is_number_unsigned()) {
        throw HolderSetError(where + ": \"block\" must be a block number");
      }
      t.block = item.at("block").get<std::uint64_t>();
      if (item.contains("tx_hash")) {
        const auto hash = item.at("tx_hash").is_string() ? from_hex(item.at("tx_hash").get<std::string>()) : std::nullopt;
        if (!hash || hash->size() != 32) throw HolderSetError(where + ": \"tx_hash\" must be 0x + 64 hex digits");
        t.tx_hash = to_hex(*hash);
      }
      set.transfers.push_back(std::move(t));
    }
  } else {
    if (set.head_block < kMintWindowStart) throw HolderSetError("head_block must be at least 30000");
    std::vector<Transfer> burns;
    for (std::size_t i = 0; i < set.holders.size(); ++i) {
      const auto& h = set.holders[i];
      const Wei minted = h.balance + burned_shorthand[i];
      if (minted > 0) {
        set.transfers.push_back(
            {kZeroAddress, h.address, minted, block_between(rng, set.head_block, kMintWindowStart, kMintWindowEnd), {}});
      }
      if (burned_shorthand[i] > 0) {
        burns.push_back({h.address, kZeroAddress, burned_shorthand[i],
                         block_between(rng, set.head_block, kLateWindowStart, kLateWindowEnd), {}});
      }
    }
    set.transfers.insert(set.transfers.end(), burns.begin(), burns.end());
  }
  finish_history(set.transfers, rng);
  return set;
}

}  // namespace arrakis::chain_sim
