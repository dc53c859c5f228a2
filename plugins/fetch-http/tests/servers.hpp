// Test servers on 127.0.0.1 for fetch.http: the fault server (started by the fixture and
// stopped by pid), Debian's nginx from tests/support/nginx_server.hpp, and helpers that run the
// fetch engine over a URL list.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fetcher.hpp"
#include "nginx_server.hpp"
#include "test_support.hpp"

namespace docpipe::http::test {

using docpipe::test::free_port;
using docpipe::test::Nginx;
using docpipe::test::stop_child;
using docpipe::test::TempDir;

//! One line of a server log: when, and what path.
struct LogLine {
  long long ms = 0;
  std::string path;
};

//! The fault server (tests/fault_server.cpp), logging every request.
class FaultServer {
 public:
  explicit FaultServer(const TempDir& dir, const std::string& robots = "404") {
    log_ = dir.path("fault-" + std::to_string(counter()++) + ".log");
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::string exe = FAULT_SERVER, r = robots, flag = "--robots";
      char* argv[] = {exe.data(), log_.data(), flag.data(), r.data(), nullptr};
      ::execv(exe.c_str(), argv);
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c;
    pollfd p{out[0], POLLIN, 0};
    // Bounded: the server prints its port as soon as it listens.
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 10000) > 0 &&
           ::read(out[0], &c, 1) == 1)
      line += c;
    ::close(out[0]);
    if (line.rfind("PORT ", 0) == 0) port_ = std::atoi(line.c_str() + 5);
  }
  ~FaultServer() { stop_child(pid_); }
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<LogLine> log() const {
    std::vector<LogLine> lines;
    for (const std::string& l : docpipe::test::read_lines(log_)) {
      size_t sp = l.find(' ');
      if (sp == std::string::npos) continue;
      lines.push_back({std::atoll(l.c_str()), l.substr(sp + 1)});
    }
    return lines;
  }
  int count(const std::string& path) const {
    int n = 0;
    for (const auto& l : log()) n += l.path == path ? 1 : 0;
    return n;
  }
  //! The most /slow/ requests this server answered at once.
  int max_slow_in_flight() const {
    int most = 0;
    for (const auto& l : log()) {
      size_t sp = l.path.rfind(' ');
      if (l.path.rfind("/slow/", 0) == 0 && sp != std::string::npos)
        most = std::max(most, std::atoi(l.path.c_str() + sp + 1));
    }
    return most;
  }
  std::vector<long long> times(const std::string& prefix) const {
    std::vector<long long> t;
    for (const auto& l : log())
      if (l.path.rfind(prefix, 0) == 0) t.push_back(l.ms);
    return t;
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

//! Options for tests: private addresses allowed, short timeouts and backoff.
inline FetcherOptions test_options() {
  FetcherOptions o;
  o.transfer.allow_private = true;
  o.transfer.connect_timeout = std::chrono::milliseconds(2000);
  o.transfer.timeout = std::chrono::milliseconds(10000);
  o.transfer.stall_timeout = std::chrono::milliseconds(5000);
  o.transfer.user_agent = "docpipe/0.1 (test)";
  o.retry_delay = std::chrono::milliseconds(10);
  o.max_backoff = std::chrono::milliseconds(100);
  o.seed = 42;
  o.robots = false;
  return o;
}

//! Runs the engine over urls (written to a list file) and returns every result; setup sets
//! the engine's hooks, each sees every result as it comes.
inline std::vector<FetchResult> fetch_all(
    const FetcherOptions& o, const std::vector<std::string>& urls, const TempDir& dir,
    const std::string& name = "urls.txt", const std::function<void(Fetcher&)>& setup = {},
    const std::function<void(const FetchResult&)>& each = {}) {
  std::string list;
  for (const auto& u : urls) list += u + "\n";
  std::string path = dir.write(name, list);
  auto input = std::make_unique<UrlInput>(std::vector<std::string>{path}, o.shard_by,
                                          o.mode == Mode::sitemap ? 0 : o.shard_index,
                                          o.mode == Mode::sitemap ? 1 : o.shard_count);
  Fetcher f(o, std::move(input));
  if (setup) setup(f);
  std::vector<FetchResult> out;
  // Bounded: a bug that never ends the stream fails the test instead of hanging it.
  for (size_t i = 0; i < 100000; ++i) {
    auto r = f.next();
    if (!r) break;
    if (each) each(*r);
    out.push_back(std::move(*r));
  }
  return out;
}

//! Results by input URL; a URL seen twice is a test failure, reported by the caller via size.
inline std::map<std::string, FetchResult> by_url(std::vector<FetchResult> results) {
  std::map<std::string, FetchResult> m;
  for (auto& r : results) m.emplace(r.item.url, std::move(r));
  return m;
}

}  // namespace docpipe::http::test
