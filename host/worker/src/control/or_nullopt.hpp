#pragma once
// Calls `fn` (which returns a std::optional) and turns an exception into "no value": for queries of
// the plugin lifecycle engine that a list or a fleet report must survive (the engine may refuse a
// query, e.g. while it is being built).
#include <exception>
#include <optional>

namespace arrakis::worker {

template <typename Fn>
auto or_nullopt(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace arrakis::worker
