#pragma once
// Builds the `errors` object of Discord's 400/50035 answers: nested by field path, each leaf an
// `_errors` array of {code, message}, as Discord answers an invalid form body.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

class FormErrors {
 public:
  void add(const std::vector<std::string>& path, const std::string& code, const std::string& message) {
    nlohmann::json* node = &root_;
    for (const auto& p : path) node = &(*node)[p];
    (*node)["_errors"].push_back({{"code", code}, {"message", message}});
  }
  bool empty() const { return root_.is_null(); }
  // The errors collected; an empty object when there are none.
  nlohmann::json take() const { return root_.is_null() ? nlohmann::json::object() : root_; }

 private:
  nlohmann::json root_;
};

}  // namespace arrakis::discord_sim
