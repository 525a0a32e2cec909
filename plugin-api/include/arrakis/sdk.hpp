// The Arrakis plugin SDK: idiomatic C++ over the C ABI of plugin.h. Header-only.
//
// A minimal plugin:
//
//   #include <arrakis/sdk.hpp>
//   namespace sdk = arrakis::sdk;
//
//   static void handle(sdk::Host& host, const sdk::Event& event) {
//     host.reply(sdk::Message().content("pong, " + event.user_id()).ephemeral());
//   }
//
//   ARRAKIS_PLUGIN(sdk::PluginSpec("ping", "1.0.0").command("ping", ARRAKIS_COMMAND_EPHEMERAL), handle)
//
// Anything thrown inside a hook becomes a status at the boundary (sdk::Error carries its own
// status; other exceptions are permanent failures), so no exception ever crosses into the host.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrakis/plugin.h"
#include "arrakis/sdk/builders.hpp"
#include "arrakis/sdk/errors.hpp"
#include "arrakis/sdk/event.hpp"
#include "arrakis/sdk/host.hpp"
#include "arrakis/sdk/plugin_spec.hpp"
