#include "arrakis/testing/child_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace arrakis::testing {

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, const std::string& log_path)
    : log_path_(log_path) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: a test program that aborts (a failed
  // assertion, a crash) takes its servers with it instead of leaving a worker consuming the shared
  // queues for every later test. A close-on-exec pipe tells the parent whether exec succeeded.
  // Between fork and exec the child calls only async-signal-safe functions.
  int exec_status[2];
  if (::pipe2(exec_status, O_CLOEXEC) != 0) throw std::runtime_error("cannot start " + program + ": pipe");
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(exec_status[0]);
    ::close(exec_status[1]);
    throw std::runtime_error("cannot start " + program + ": fork");
  }
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // the parent died before the line above took effect
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_RDONLY);
    if (log < 0 || null < 0 || ::dup2(log, STDOUT_FILENO) < 0 || ::dup2(log, STDERR_FILENO) < 0 ||
        ::dup2(null, STDIN_FILENO) < 0) {
      const int err = errno;
      (void)!::write(exec_status[1], &err, sizeof err);
      ::_exit(127);
    }
    // The child must not inherit blocked signals from test threads.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(program.c_str(), argv.data(), envp.data());
    const int err = errno;
    (void)!::write(exec_status[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(exec_status[1]);
  int err = 0;
  const auto got = ::read(exec_status[0], &err, sizeof err);
  ::close(exec_status[0]);
  if (got > 0) {
    ::waitpid(pid_, nullptr, 0);
    exited_ = true;
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(err));
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exited_) stop(std::chrono::seconds(5));
}

bool ChildProcess::running() {
  if (exited_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exited_ = true;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return false;
  }
  return true;
}

void ChildProcess::signal(int sig) {
  if (!exited_) ::kill(pid_, sig);
}

int ChildProcess::wait() {
  if (exited_) return status_;
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return status_;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return status_;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  return wait();
}

std::string ChildProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

}  // namespace arrakis::testing
