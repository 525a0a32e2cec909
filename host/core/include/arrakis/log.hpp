#pragma once
// Process-wide logging on spdlog: JSON lines for production, readable text on a terminal.
// Every sink is wrapped by a redactor, so secrets (the bot token, passwords, interaction tokens)
// never reach any output, whatever the caller formats into a message.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <vector>

namespace arrakis::log {

struct Options {
  std::string level = "info";   // trace|debug|info|warn|error
  std::string format = "text";  // json|text
  std::string service = "arrakis";
  std::vector<std::string> secrets;  // exact strings to mask
  // Where the lines go; empty = standard error. Tests pass their own sink.
  std::vector<spdlog::sink_ptr> sinks;
};

// Installs the default logger. Safe to call again (tests, reconfiguration).
void init(const Options& options);

// Adds a secret learned after start (never shortened below what it masks).
void add_secret(const std::string& secret);

// Masks registered secrets, Discord tokens in "Bot ..." headers and interaction/webhook tokens in
// REST paths. Exposed for code that writes outside the logger (HTTP error bodies, CLI output).
std::string redact(const std::string& text);

}  // namespace arrakis::log
