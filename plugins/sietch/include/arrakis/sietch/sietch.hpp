// Helpers shared by the Sietch plugins (the arrakis::sietch library, header-only like the SDK):
// ranks, tiers, tenure, BGT and address formatting, finding members, the onboarding gate, and the
// Administrator re-check of the admin commands.
#pragma once

#include "arrakis/sietch/activity.hpp"
#include "arrakis/sietch/admin.hpp"
#include "arrakis/sietch/badges.hpp"
#include "arrakis/sietch/bgt.hpp"
#include "arrakis/sietch/dynamic_roles.hpp"
#include "arrakis/sietch/members.hpp"
#include "arrakis/sietch/onboarding.hpp"
#include "arrakis/sietch/ranks.hpp"
#include "arrakis/sietch/tenure.hpp"
#include "arrakis/sietch/tiers.hpp"
