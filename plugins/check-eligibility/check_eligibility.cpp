// /check-eligibility wallet:<0x…> (ephemeral): checks one wallet live on Berachain through the
// host's chain RPC — has it ever sent BGT to 0x0 (a burn) within the scanned range, then its
// balanceOf — and answers with its balance, its rank in the last ranking if it has one, the verdict
// (eligible = balance > 0 and never burned; ranks 1-69 hold a seat, 70-100 wait) and why. Chain
// results are kept 60 s per wallet in state. A missing or invalid address, an unreachable chain or
// an unreadable chain answer each get their own message, never a trace or a retry. Configuration:
// bgt_address (default mainnet BGT), start_block (default: the last 50,000 blocks). Every text and
// the choices made: docs/commands/check-eligibility.md.
#include "check_eligibility.hpp"

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json

namespace sdk = arrakis::sdk;
using namespace arrakis::check_eligibility;

namespace {

void handle(sdk::Host& host, const sdk::Event& event) {
  const auto option = event.option_string("wallet");
  if (!option || option->empty()) return host.reply(missing_wallet_message());
  if (!is_address(*option)) return host.reply(invalid_wallet_message());
  const std::string wallet = lower(*option);

  const std::int64_t now = host.now_ms();
  auto result = cached_result(host, wallet);
  const bool from_cache = result.has_value();
  if (!from_cache) {
    try {
      result = check_on_chain(host, read_config(host), wallet);
    } catch (const ConfigFailure& e) {
      host.warn(std::string("check-eligibility is misconfigured: ") + e.what());
      return host.reply(misconfigured_message());
    } catch (const ChainFailure& e) {
      host.warn(std::string("the chain check failed: ") + e.what());
      host.count("check_eligibility_chain_failures");
      return host.reply(chain_unreachable_message());
    }
    result->checked_at_ms = now;
    cache_result(host, wallet, *result);
  }
  host.reply(eligibility_message(wallet, *result, read_rank(host, wallet), from_cache, now));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("check-eligibility", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_CHECK_ELIGIBILITY),
               handle)
