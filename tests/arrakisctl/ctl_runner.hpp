#pragma once
// Runs the real arrakisctl binary and captures its exit code, stdout and stderr separately.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace arrakis::testing {

struct CtlResult {
  int code = -1;
  std::string out, err;
};

inline std::string slurp_fd(int fd) {
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  return text;
}

inline CtlResult run_ctl(const std::vector<std::string>& args) {
  // Files rather than pipes: no deadlock however much either stream writes.
  char out_path[] = "/tmp/arrakisctl-out-XXXXXX";
  char err_path[] = "/tmp/arrakisctl-err-XXXXXX";
  const int out_fd = ::mkstemp(out_path);
  const int err_fd = ::mkstemp(err_path);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    std::vector<char*> argv;
    std::string program = ARRAKISCTL_BINARY;
    argv.push_back(program.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::unsetenv("ARRAKIS_ADMIN_URL");
    ::unsetenv("ARRAKIS_ADMIN_TOKEN_FILE");
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CtlResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  r.out = slurp_fd(out_fd);
  r.err = slurp_fd(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_path);
  ::unlink(err_path);
  return r;
}

}  // namespace arrakis::testing
