#pragma once
// What happens to a consumed message once its handler is done.
#include <string>

namespace arrakis::worker {

struct Outcome {
  enum class Kind { ack, retry, dead_letter } kind = Kind::ack;
  std::string reason;  // why it is retried or dead-lettered (goes into the message's headers)
  std::string plugin;  // who failed, when a plugin did

  static Outcome ack() { return {}; }
  static Outcome retry(std::string why, std::string plugin = {}) { return {Kind::retry, std::move(why), std::move(plugin)}; }
  static Outcome dead(std::string why, std::string plugin = {}) {
    return {Kind::dead_letter, std::move(why), std::move(plugin)};
  }
};

}  // namespace arrakis::worker
