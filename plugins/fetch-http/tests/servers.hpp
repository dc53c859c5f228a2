// Test servers on 127.0.0.1 for fetch.http: Debian's nginx and the fault server, each started
// by the fixture and stopped by pid (only the process the fixture started), plus helpers that
// run the fetch engine over a URL list.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fetcher.hpp"
#include "test_support.hpp"

namespace docpipe::http::test {

using docpipe::test::TempDir;

//! A free TCP port on 127.0.0.1 (bound then released; a server takes it right after).
inline int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

inline bool can_connect(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

//! Stops a child we started: SIGTERM, a bounded wait, then SIGKILL.
inline void stop_child(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

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
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 10000) > 0 && ::read(out[0], &c, 1) == 1)
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

//! Debian's nginx serving a directory, with the locations fetch.http's tests need.
class Nginx {
 public:
  //! www: the document root; extra: more server-block directives.
  Nginx(const TempDir& dir, const std::string& extra) {
    for (int attempt = 0; attempt < 3 && port_ == 0; ++attempt) start(dir, extra);
  }
  ~Nginx() { stop_child(pid_); }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  bool ok() const { return port_ > 0; }
  const std::string& why() const { return why_; }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  //! Request URIs from the access log, in order.
  std::vector<std::string> requests() const {
    std::vector<std::string> out;
    for (const std::string& l : docpipe::test::read_lines(access_log_)) {
      size_t a = l.find(' ');
      size_t b = a == std::string::npos ? a : l.find(' ', a + 1);
      if (b != std::string::npos) out.push_back(l.substr(a + 1, b - a - 1));
    }
    return out;
  }
  int count(const std::string& uri) const {
    int n = 0;
    for (const auto& r : requests()) n += r == uri ? 1 : 0;
    return n;
  }
  //! nginx logs a request after answering it: waits (up to 2 s) until uri was logged n times.
  int wait_for(const std::string& uri, int n) const {
    int c = count(uri);
    for (int i = 0; i < 200 && c < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      c = count(uri);
    }
    return c;
  }

 private:
  void start(const TempDir& dir, const std::string& extra) {
    std::string exe = "/usr/sbin/nginx";
    if (::access(exe.c_str(), X_OK) != 0) {
      why_ = "nginx is not installed (/usr/sbin/nginx; scripts/install-deps.sh installs nginx-light)";
      return;
    }
    std::string root = dir.root();
    dir.mkdir("nginx/tmp");
    access_log_ = root + "/nginx/access.log";
    int port = free_port();
    std::string conf =
        "daemon off;\nmaster_process on;\nworker_processes 1;\n"
        "pid " + root + "/nginx/nginx.pid;\nerror_log " + root + "/nginx/error.log warn;\n" +
        (::geteuid() == 0 ? "user root root;\n" : "") +
        "events { worker_connections 1024; }\n"
        "http {\n"
        "  log_format t '$msec $request_uri $status';\n"
        "  access_log " + access_log_ + " t;\n"
        "  client_body_temp_path " + root + "/nginx/tmp/body;\n"
        "  proxy_temp_path " + root + "/nginx/tmp/proxy;\n"
        "  fastcgi_temp_path " + root + "/nginx/tmp/fastcgi;\n"
        "  uwsgi_temp_path " + root + "/nginx/tmp/uwsgi;\n"
        "  scgi_temp_path " + root + "/nginx/tmp/scgi;\n"
        "  types { text/html html; text/plain txt; application/xml xml; application/rss+xml rss;\n"
        "          application/atom+xml atom; application/gzip gz; }\n"
        "  default_type application/octet-stream;\n"
        "  absolute_redirect off;\n"
        "  keepalive_requests 100000;\n"
        "  server {\n"
        "    listen 127.0.0.1:" + std::to_string(port) + " backlog=1024;\n"
        "    root " + root + "/www;\n" + extra +
        "  }\n}\n";
    docpipe::test::write_file(root + "/nginx/nginx.conf", conf);
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string p = root + "/nginx", c = root + "/nginx/nginx.conf", e = root + "/nginx/error.log";
      std::string fp = "-p", fc = "-c", fe = "-e";
      char* argv[] = {exe.data(), fp.data(), p.data(), fe.data(), e.data(), fc.data(), c.data(), nullptr};
      ::execv(exe.c_str(), argv);
      ::_exit(127);
    }
    // Wait for the port to answer, or for nginx to give up; bounded to 10 s.
    for (int i = 0; i < 1000; ++i) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) {
        why_ = "nginx exited at start: " + docpipe::test::read_file(root + "/nginx/error.log");
        return;
      }
      if (can_connect(port)) {
        pid_ = pid;
        port_ = port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop_child(pid);
    why_ = "nginx did not start listening within 10 s";
  }

  pid_t pid_ = -1;
  int port_ = 0;
  std::string why_;
  std::string access_log_;
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

//! Runs the engine over urls (written to a list file) and returns every result.
inline std::vector<FetchResult> fetch_all(const FetcherOptions& o, const std::vector<std::string>& urls,
                                          const TempDir& dir, const std::string& name = "urls.txt") {
  std::string list;
  for (const auto& u : urls) list += u + "\n";
  std::string path = dir.write(name, list);
  auto input = std::make_unique<UrlInput>(std::vector<std::string>{path}, o.shard_by,
                                          o.mode == Mode::sitemap ? 0 : o.shard_index,
                                          o.mode == Mode::sitemap ? 1 : o.shard_count);
  Fetcher f(o, std::move(input));
  std::vector<FetchResult> out;
  // Bounded: a bug that never ends the stream fails the test instead of hanging it.
  for (size_t i = 0; i < 100000; ++i) {
    auto r = f.next();
    if (!r) break;
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
