// A small HTTP/1.1 server for fetch.http's tests that misbehaves on purpose.
// Usage: fault_server LOG_FILE [--robots MODE]; prints "PORT <n>" once listening on 127.0.0.1.
// Every request is logged as "<unix ms> <path>" and flushed before the answer is sent, so a
// client that got its answer can count on the line being in the log. /slow/ requests log
// "<unix ms> <path> <requests in flight>" instead, so tests see the concurrency a host got.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace {

std::mutex mu;
FILE* log_file = nullptr;
std::map<std::string, int> attempts;  // per path
std::string robots_mode = "404";
int slow_in_flight = 0;  // /slow/ requests being answered (under mu)

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int record(const std::string& path, int in_flight = -1) {
  std::lock_guard<std::mutex> lock(mu);
  if (in_flight >= 0)
    std::fprintf(log_file, "%lld %s %d\n", now_ms(), path.c_str(), in_flight);
  else
    std::fprintf(log_file, "%lld %s\n", now_ms(), path.c_str());
  std::fflush(log_file);
  return ++attempts[path];
}

// The robots.txt a --robots mode serves: a status, and the body sent with Content-Length.
std::pair<int, std::string> robots_body() {
  const std::string rules =
      "User-agent: *\nDisallow: /private/\nDisallow: /%7Euser/\nDisallow: /caf%C3%A9/\n";
  if (robots_mode == "503") return {503, "busy"};
  if (robots_mode == "429") return {429, "slow down"};
  if (robots_mode == "rules") return {200, rules};
  if (robots_mode == "big") {
    // Rules first, then comments past 512 KiB: the file is larger than the cap.
    std::string body = rules;
    while (body.size() < 600 * 1024)
      body += "# padding padding padding padding padding padding padding\n";
    return {200, body};
  }
  if (robots_mode == "bom-cr") {
    std::string body = "\xEF\xBB\xBF" + rules;
    for (char& c : body)
      if (c == '\n') c = '\r';
    return {200, body};
  }
  return {404, "no robots"};
}

std::string host_of(const std::string& req) {
  size_t at = req.find("\r\nHost: ");
  if (at == std::string::npos) return "127.0.0.1";
  at += 8;
  return req.substr(at, req.find("\r\n", at) - at);
}

bool send_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Waits until the client goes away (or limit passes): a server that never answers.
void wait_for_close(int fd, int limit_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
  char buf[4096];
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      if (::recv(fd, buf, sizeof buf, 0) <= 0) return;
    }
  }
}

std::string response(int status, const std::string& reason, const std::string& body,
                     const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra + "\r\n" + body;
}

void stream_forever(int fd, const std::string& head, long long cap_bytes) {
  if (!send_all(fd, head)) return;
  std::string chunk(16384, 'x');
  long long sent = 0;
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (sent < cap_bytes && std::chrono::steady_clock::now() < end) {
    if (!send_all(fd, chunk)) return;
    sent += static_cast<long long>(chunk.size());
  }
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

void serve(int fd) {
  std::string req;
  char buf[4096];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    req.append(buf, static_cast<size_t>(n));
  }
  size_t sp1 = req.find(' ');
  size_t sp2 = sp1 == std::string::npos ? std::string::npos : req.find(' ', sp1 + 1);
  if (sp2 == std::string::npos) {
    ::close(fd);
    return;
  }
  std::string path = req.substr(sp1 + 1, sp2 - sp1 - 1);
  int n = starts_with(path, "/slow/") ? 0 : record(path);
  std::string page =
      "<html><head><title>" + path + "</title></head><body><p>page " + path + "</p></body></html>";

  if (path == "/robots.txt") {
    auto [status, body] = robots_body();
    send_all(fd, response(status, status == 200 ? "OK" : "Not OK", body));
  } else if (starts_with(path, "/ok/") || starts_with(path, "/private/") ||
             starts_with(path, "/~user/") || starts_with(path, "/%70rivate/") ||
             starts_with(path, "/caf")) {
    send_all(fd, response(200, "OK", page));
  } else if (starts_with(path, "/slow/")) {
    // Answers after 300 ms; the log line tells how many /slow/ requests overlapped.
    {
      std::lock_guard<std::mutex> lock(mu);
      ++slow_in_flight;
    }
    record(path, slow_in_flight);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
      std::lock_guard<std::mutex> lock(mu);
      --slow_in_flight;
    }
    send_all(fd, response(200, "OK", page));
  } else if (starts_with(path, "/go/")) {
    // /go/PORT/rest redirects to http://127.0.0.1:PORT/rest (another origin when PORT differs).
    size_t slash = path.find('/', 4);
    std::string port = path.substr(4, slash - 4);
    std::string rest = slash == std::string::npos ? "/" : path.substr(slash);
    send_all(fd, response(302, "Found", "", "Location: http://127.0.0.1:" + port + rest + "\r\n"));
  } else if (starts_with(path, "/here/")) {
    // /here/rest redirects to /rest on this origin (a relative Location).
    send_all(fd, response(301, "Moved Permanently", "", "Location: " + path.substr(5) + "\r\n"));
  } else if (path == "/garbage") {
    send_all(fd, "GARBAGE LINE\r\n\r\nnot http at all");
  } else if (starts_with(path, "/sitemap/")) {
    // A sitemap of pages on this server: /sitemap/N lists /ok/1 .. /ok/N; /sitemap/big-N pads
    // it with repeats of /ok/1 to over 2 MiB; /sitemap/broken-N cuts it short mid-element.
    std::string spec = path.substr(9);
    bool big = starts_with(spec, "big-"), broken = starts_with(spec, "broken-");
    int count = std::atoi(spec.c_str() + (big ? 4 : broken ? 7 : 0));
    std::string base = "http://" + host_of(req);
    std::string xml =
        "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (int i = 1; i <= count; ++i)
      xml += "<url><loc>" + base + "/ok/" + std::to_string(i) + "</loc></url>\n";
    while (big && xml.size() < (2u << 20)) xml += "<url><loc>" + base + "/ok/1</loc></url>\n";
    if (broken)
      xml += "<url><loc>" + base + "/ok/broken</lo";
    else
      xml += "</urlset>\n";
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: " +
                     std::to_string(xml.size()) + "\r\nConnection: close\r\n\r\n" + xml);
    send_all(fd, response(200, "OK", page));
  } else if (path == "/reset") {
    linger l{1, 0};  // close with RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  } else if (path == "/stall") {
    if (send_all(fd,
                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n" +
                     std::string(100, 'a')))
      wait_for_close(fd, 30000);
  } else if (path == "/sleep") {
    wait_for_close(fd, 30000);
  } else if (starts_with(path, "/retry-after/")) {
    if (n == 1)
      send_all(fd, response(429, "Too Many Requests", "slow down", "Retry-After: 1\r\n"));
    else
      send_all(fd, response(200, "OK", page));
  } else if (starts_with(path, "/retry-after-long/")) {
    send_all(fd, response(429, "Too Many Requests", "slow down", "Retry-After: 3600\r\n"));
  } else if (starts_with(path, "/flaky/")) {
    if (n <= 2)
      send_all(fd, response(503, "Service Unavailable", "try later"));
    else
      send_all(fd, response(200, "OK", page));
  } else if (starts_with(path, "/down/")) {
    send_all(fd, response(503, "Service Unavailable", "down"));
  } else if (starts_with(path, "/loop/")) {
    int k = std::atoi(path.c_str() + 6);
    send_all(fd, response(302, "Found", "", "Location: /loop/" + std::to_string(k + 1) + "\r\n"));
  } else if (path == "/endless") {
    stream_forever(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                   1LL << 32);
  } else if (path == "/big-cl") {
    stream_forever(
        fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n",
        100000000);
  } else if (path == "/big-nocl") {
    stream_forever(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                   4 << 20);
  } else {
    send_all(fd, response(404, "Not Found", "not here"));
  }
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s LOG_FILE [--robots 404|503|429|rules|big|bom-cr]\n", argv[0]);
    return 2;
  }
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--robots") == 0) robots_mode = argv[i + 1];
  log_file = std::fopen(argv[1], "w");
  if (log_file == nullptr) return 1;
  std::signal(SIGPIPE, SIG_IGN);
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 1024) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  std::printf("PORT %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  for (;;) {
    int c = ::accept4(s, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::thread(serve, c).detach();
  }
}
