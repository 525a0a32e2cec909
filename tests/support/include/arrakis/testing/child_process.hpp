#pragma once
// Starts one of our programs for an integration test and stops it by PID (SIGTERM, then SIGKILL).
// The child gets SIGTERM when the thread that started it ends (PR_SET_PDEATHSIG), so a test program
// that dies leaves no server behind: start children from a thread that outlives them (the test's
// own thread or a suite's set-up, never a short-lived helper thread).
#include <sys/types.h>

#include <cstdint>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace arrakis::testing {

class ChildProcess {
 public:
  // `env` is added to (and overrides) the test's own environment. Output goes to `log_path`.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env, const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status (or -signal).
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  int wait();  // blocks until it exits; returns the exit status (or -signal)
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
  std::string log_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_port();

}  // namespace arrakis::testing
