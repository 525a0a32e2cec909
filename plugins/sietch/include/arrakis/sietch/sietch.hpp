// Helpers shared by the Sietch plugins (the arrakis::sietch library, header-only like the SDK):
// ranks, tiers, BGT and address formatting, and the onboarding gate.
#pragma once

#include "arrakis/sietch/bgt.hpp"
#include "arrakis/sietch/onboarding.hpp"
#include "arrakis/sietch/ranks.hpp"
#include "arrakis/sietch/tiers.hpp"
