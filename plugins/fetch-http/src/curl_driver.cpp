#include "curl_driver.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "address_policy.hpp"

namespace docpipe::http {

using Clock = std::chrono::steady_clock;

struct CurlDriver::Transfer {
  CURL* easy = nullptr;
  uint64_t tag = 0;
  uint64_t max_bytes = 0;
  bool truncate = false;
  bool allow_private = false;
  const std::vector<Cidr>* allow_cidrs = nullptr;
  bool capture_request = false;
  Response response;
  uint64_t bytes = 0;  // headers and body received, for the stall check
  Clock::time_point window_start{};
  uint64_t window_bytes = 0;
  bool in_headers = true;
  char errbuf[CURL_ERROR_SIZE] = {};
};

namespace {

std::once_flag curl_once;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<CurlDriver::Transfer*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  t->bytes += len;
  Response& r = t->response;
  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    // A new response (after a redirect or a 1xx): only the last one is the document's.
    r.headers.clear();
    r.raw_headers.assign(line);
    r.status_line = std::string(trim(line));
    t->in_headers = true;
    return len;
  }
  r.raw_headers.append(line);
  std::string_view content = trim(line);
  if (content.empty()) {
    t->in_headers = false;
    return len;
  }
  if ((line.front() == ' ' || line.front() == '\t') && !r.headers.empty()) {
    // obs-fold continuation line (RFC 9112 5.2): joined to the previous value.
    r.headers.back().second += " ";
    r.headers.back().second += content;
    return len;
  }
  size_t colon = content.find(':');
  if (colon == std::string_view::npos) return len;
  std::string_view name = trim(content.substr(0, colon));
  std::string_view value = trim(content.substr(colon + 1));
  if (iequals(name, "content-length")) {
    // Reserve once instead of growing, unless the server announces more than we would keep.
    unsigned long long cl = std::strtoull(std::string(value).c_str(), nullptr, 10);
    if (cl > 0 && cl <= t->max_bytes && r.body.capacity() < cl)
      r.body.reserve(static_cast<size_t>(cl));
  }
  r.headers.emplace_back(std::string(name), std::string(value));
  return len;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<CurlDriver::Transfer*>(user);
  size_t len = size * n;
  t->bytes += len;
  if (t->response.body.size() + len > t->max_bytes) {
    // Returning short aborts the transfer at once (CURLE_WRITE_ERROR); a truncating
    // transfer keeps what fits first.
    if (t->truncate)
      t->response.body.append(data, static_cast<size_t>(t->max_bytes - t->response.body.size()));
    t->response.too_large = true;
    return 0;
  }
  t->response.body.append(data, len);
  return len;
}

// Called for every socket libcurl opens, with the address it is about to connect to: the
// only place where a DNS answer pointing at a private address can be refused for sure.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<CurlDriver::Transfer*>(user);
  auto len = static_cast<socklen_t>(address->addrlen);
  if (purpose == CURLSOCKTYPE_IPCXN && !t->allow_private &&
      is_private_address(&address->addr, len) &&
      !in_any_cidr(*t->allow_cidrs, &address->addr, len)) {
    t->response.private_refused = true;
    t->response.refused_address =
        address_text(&address->addr, static_cast<socklen_t>(address->addrlen));
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_OUT) {
    // The request arrives whole (libcurl follows no redirect: one request a transfer).
    static_cast<CurlDriver::Transfer*>(user)->response.request_headers.assign(data, size);
  }
  return 0;
}

template <class T>
void set(CURL* easy, CURLoption option, T value) {
  // Options this code sets are all supported by the libcurl it was built against;
  // a failure here would be a programming error, not bad input.
  (void)curl_easy_setopt(easy, option, value);
}

}  // namespace

void ensure_curl_initialized() {
  std::call_once(curl_once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

CurlDriver::CurlDriver(TransferOptions options) : options_(std::move(options)) {
  ensure_curl_initialized();
  multi_ = curl_multi_init();
  if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  // Without these libcurl opens a new connection whenever none is idle and closes
  // the surplus later: hundreds of connections to a host allowed per_host requests.
  if (options_.max_host_connections > 0)
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_host_connections);
  if (options_.max_connections > 0)
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options_.max_connections);
}

CurlDriver::~CurlDriver() {
  for (auto& [ptr, t] : active_) {
    curl_multi_remove_handle(multi_, t->easy);
    curl_easy_cleanup(t->easy);
  }
  active_.clear();
  for (CURL* e : spare_) curl_easy_cleanup(e);
  curl_multi_cleanup(multi_);
}

void CurlDriver::start(const std::string& url, uint64_t tag, uint64_t max_bytes, bool truncate) {
  auto t = std::make_unique<Transfer>();
  if (!spare_.empty()) {
    t->easy = spare_.back();
    spare_.pop_back();
  } else {
    t->easy = curl_easy_init();
    if (t->easy == nullptr) throw std::runtime_error("curl_easy_init failed");
  }
  t->tag = tag;
  t->max_bytes = max_bytes;
  t->truncate = truncate;
  t->allow_private = options_.allow_private;
  t->allow_cidrs = &options_.allow_cidrs;
  t->capture_request = options_.capture_request;
  t->response.url = url;
  t->window_start = Clock::now();
  CURL* e = t->easy;
  set(e, CURLOPT_URL, url.c_str());
  set(e, CURLOPT_PRIVATE, static_cast<void*>(t.get()));
  set(e, CURLOPT_NOSIGNAL, 1L);
  set(e, CURLOPT_ERRORBUFFER, t->errbuf);
  set(e, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are followed by the fetcher, hop by hop, so that each hop passes robots.txt,
  // the per-host queue and the retry policy (CURLOPT_FOLLOWLOCATION stays off).
  set(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
  set(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  set(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  // Announced sizes above the cap abort before any body byte; on_body covers the rest. A
  // truncating transfer reads up to the cap whatever the announced size.
  if (!truncate) set(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
  if (options_.accept_encoding) set(e, CURLOPT_ACCEPT_ENCODING, "");  // all libcurl can decode
  set(e, CURLOPT_HTTP_VERSION,
      options_.http2 ? static_cast<long>(CURL_HTTP_VERSION_2TLS)
                     : static_cast<long>(CURL_HTTP_VERSION_1_1));
  if (!options_.ca_file.empty()) set(e, CURLOPT_CAINFO, options_.ca_file.c_str());
  set(e, CURLOPT_HEADERFUNCTION, &on_header);
  set(e, CURLOPT_HEADERDATA, static_cast<void*>(t.get()));
  set(e, CURLOPT_WRITEFUNCTION, &on_body);
  set(e, CURLOPT_WRITEDATA, static_cast<void*>(t.get()));
  set(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
  set(e, CURLOPT_OPENSOCKETDATA, static_cast<void*>(t.get()));
  if (options_.capture_request) {
    set(e, CURLOPT_DEBUGFUNCTION, &on_debug);
    set(e, CURLOPT_DEBUGDATA, static_cast<void*>(t.get()));
    set(e, CURLOPT_VERBOSE, 1L);
  }
  CURLMcode rc = curl_multi_add_handle(multi_, e);
  if (rc != CURLM_OK) {
    curl_easy_cleanup(e);
    throw std::runtime_error(std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc));
  }
  Transfer* raw = t.get();
  active_.emplace(raw, std::move(t));
}

void CurlDriver::finish(Transfer* t, CURLcode code) {
  Response& r = t->response;
  r.code = code;
  r.finished_at = std::chrono::system_clock::now();
  CURL* e = t->easy;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &r.os_errno);
  char* final_url = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url != nullptr)
    r.final_url = final_url;
  else
    r.final_url = r.url;
  char* location = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != nullptr)
    r.redirect_url = location;
  char* ip = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) r.remote_ip = ip;
  long version = 0;
  if (curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version) == CURLE_OK) {
    r.http_version = version == CURL_HTTP_VERSION_1_0   ? "1.0"
                     : version == CURL_HTTP_VERSION_1_1 ? "1.1"
                     : version == CURL_HTTP_VERSION_2_0 ? "2"
                     : version == CURL_HTTP_VERSION_3   ? "3"
                                                        : "";
  }
  curl_off_t connect_us = 0;
  curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect_us);
  r.connected = connect_us > 0 || !r.status_line.empty();
  r.error_detail = t->errbuf;
  curl_multi_remove_handle(multi_, e);
  // Keep the handle for the next transfer; the reset drops its pointers into this Transfer.
  curl_easy_reset(e);
  spare_.push_back(e);
  completed_.emplace_back(t->tag, std::move(r));
  active_.erase(t);
}

void CurlDriver::drain_messages() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    void* priv = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
    CURLcode code = msg->data.result;  // read before the handle is removed
    finish(static_cast<Transfer*>(priv), code);
  }
}

void CurlDriver::check_stalls() {
  if (options_.stall_timeout.count() <= 0 || options_.stall_speed == 0) return;
  Clock::time_point now = Clock::now();
  std::vector<Transfer*> stalled;
  for (auto& [ptr, t] : active_) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - t->window_start);
    if (elapsed < options_.stall_timeout) continue;
    // Like CURLOPT_LOW_SPEED_LIMIT/TIME, but with millisecond windows.
    uint64_t needed = options_.stall_speed * static_cast<uint64_t>(elapsed.count()) / 1000;
    if (t->bytes - t->window_bytes < std::max<uint64_t>(needed, 1)) {
      stalled.push_back(ptr);
    } else {
      t->window_start = now;
      t->window_bytes = t->bytes;
    }
  }
  for (Transfer* t : stalled) {
    t->response.stalled = true;
    finish(t, CURLE_OPERATION_TIMEDOUT);
  }
}

void CurlDriver::abort_all() {
  std::vector<Transfer*> all;
  all.reserve(active_.size());
  for (auto& [ptr, t] : active_) all.push_back(ptr);
  for (Transfer* t : all) {
    t->response.interrupted = true;
    finish(t, CURLE_ABORTED_BY_CALLBACK);
  }
}

void CurlDriver::run(std::chrono::milliseconds wait) {
  int running = 0;
  curl_multi_perform(multi_, &running);
  drain_messages();
  check_stalls();
  if (!completed_.empty() || wait.count() <= 0) return;
  // With no transfers this still waits the full time: the caller's politeness timer.
  curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait.count()), nullptr);
  curl_multi_perform(multi_, &running);
  drain_messages();
  check_stalls();
}

}  // namespace docpipe::http
