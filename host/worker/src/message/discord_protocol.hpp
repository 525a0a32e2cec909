#pragma once
// Discord's numbers the worker speaks (discord-api.md 3.1 and its error codes), in one place.
namespace arrakis::worker::discord_protocol {

// Interaction callback types.
inline constexpr int kChannelMessage = 4;
inline constexpr int kDeferredChannelMessage = 5;
inline constexpr int kDeferredUpdateMessage = 6;
inline constexpr int kUpdateMessage = 7;
inline constexpr int kAutocompleteResult = 8;
inline constexpr int kModal = 9;

inline constexpr int kEphemeralFlag = 64;

// JSON error codes.
inline constexpr int kUnknownInteraction = 10062;
inline constexpr int kAlreadyAcknowledged = 40060;

}  // namespace arrakis::worker::discord_protocol
