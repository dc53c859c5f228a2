// Real servers on 127.0.0.1 for tests that need one: Debian's nginx, started
// by the test from a config in its temporary directory and stopped by the pid
// of the process it started (nothing else is touched).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace docpipe::test {

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

//! Debian's nginx serving <dir>/www on 127.0.0.1, started in the foreground by the test and
//! stopped by the pid of the process it started; ok() is false (and why() says why) if it
//! could not start, so a test can GTEST_SKIP with the reason.
class Nginx {
 public:
  //! www: the document root; extra: more server-block directives.
  //! tls_cert/tls_key (PEM files): listen with TLS and HTTP/2 instead of plain HTTP.
  Nginx(const TempDir& dir, const std::string& extra, const std::string& tls_cert = {},
        const std::string& tls_key = {})
      : tls_(!tls_cert.empty()) {
    std::string server = extra;
    if (tls_) server += "    ssl_certificate " + tls_cert + ";\n    ssl_certificate_key " + tls_key + ";\n";
    for (int attempt = 0; attempt < 3 && port_ == 0; ++attempt) start(dir, server);
  }
  ~Nginx() { stop_child(pid_); }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  bool ok() const { return port_ > 0; }
  const std::string& why() const { return why_; }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  //! Request URIs from the access log, in order.
  std::vector<std::string> requests() const {
    std::vector<std::string> out;
    for (const std::string& l : read_lines(access_log_)) {
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
        "    listen 127.0.0.1:" + std::to_string(port) + " backlog=1024" + (tls_ ? " ssl http2" : "") + ";\n"
        "    root " + root + "/www;\n" + extra +
        "  }\n}\n";
    write_file(root + "/nginx/nginx.conf", conf);
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
        why_ = "nginx exited at start: " + read_file(root + "/nginx/error.log");
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

  bool tls_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string why_;
  std::string access_log_;
};

}  // namespace docpipe::test
