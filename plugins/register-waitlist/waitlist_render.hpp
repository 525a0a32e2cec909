// What /register-waitlist shows: pure functions from data to ephemeral messages.
#pragma once

#include <string>

#include <arrakis/sdk.hpp>

#include "waitlist_store.hpp"

namespace waitlist {

inline constexpr std::uint32_t kCaveColor = 0x8B4513;   // registration and status
inline constexpr std::uint32_t kErrorColor = 0xFF4444;  // "❌ Registration Failed"
inline constexpr std::uint32_t kNeutralColor = 0x808080;

// "❌ Registration Failed" with the reason.
arrakis::sdk::Message failure(const std::string& reason);
arrakis::sdk::Message registered(const Standing& standing, const std::string& wallet);
arrakis::sdk::Message status(const Registration& registration);
arrakis::sdk::Message unregistered(const std::string& wallet);
// The caller has no active registration (status and unregister).
arrakis::sdk::Message not_registered(bool unregistering);

}  // namespace waitlist
