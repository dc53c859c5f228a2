// Bounded waits on processes and files for tests that run the CLI in the
// background (spawn_cli): a test waits for what it needs to see, never for a
// fixed time, and gives up after a limit instead of hanging the suite.
#pragma once

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace docpipe::test {

using Clock = std::chrono::steady_clock;

//! Checks ready() every few milliseconds until it holds or limit passes; its last answer.
inline bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds limit) {
  auto deadline = Clock::now() + limit;
  for (;;) {
    if (ready()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

//! Pids of the processes whose parent is pid (from /proc/<n>/stat).
inline std::vector<pid_t> child_pids(pid_t pid) {
  std::vector<pid_t> children;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return children;
  while (const dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    long n = std::strtol(entry->d_name, &end, 10);
    if (n <= 0 || *end != '\0') continue;
    std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    long ppid = 0;
    if (rest >> state >> ppid && ppid == pid && state != "Z")
      children.push_back(static_cast<pid_t>(n));
  }
  ::closedir(proc);
  return children;
}

//! True when pid has ended (gone, or a zombie nobody reaped yet).
inline bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  size_t close = line.rfind(')');
  return close != std::string::npos && line.compare(close + 1, 3, " Z ") == 0;
}

//! True when a signal sent to pid with kill() is no longer pending (its handler
//! has taken it), so a second one is not merged into the first.
inline bool signal_taken(pid_t pid, int sig) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("ShdPnd:", 0) != 0) continue;
    unsigned long long pending = std::strtoull(line.c_str() + 7, nullptr, 16);
    return (pending & (1ULL << (sig - 1))) == 0;
  }
  return true;  // the process is gone
}

//! Kills pid and its children with SIGKILL and reaps pid.
inline void kill_tree(pid_t pid) {
  for (pid_t child : child_pids(pid)) ::kill(child, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

//! Waits at most limit for a spawned CLI; its exit code (128 + signal when a
//! signal ended it), or nothing when it was still running (then it is killed
//! with its children, so a stuck run never outlives its test).
inline std::optional<int> wait_cli_for(pid_t pid, std::chrono::milliseconds limit) {
  int status = 0;
  pid_t done = 0;
  bool ended = wait_until(
      [&] {
        done = ::waitpid(pid, &status, WNOHANG);
        return done != 0;
      },
      limit);
  if (!ended) {
    kill_tree(pid);
    return std::nullopt;
  }
  if (done < 0) return std::nullopt;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace docpipe::test
