// Runs many HTTP transfers at once with libcurl's multi interface, from one thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace docpipe::http {

//! Settings shared by every transfer of a driver.
struct TransferOptions {
  std::string user_agent = "docpipe/0.1";
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};        //!< whole transfer, redirects included
  std::chrono::milliseconds stall_timeout{30000};  //!< window of the low-speed check
  uint64_t stall_speed = 1;                        //!< bytes/s below which a window is a stall
  long max_redirects = 10;
  bool accept_encoding = true;   //!< ask for gzip/deflate/br and decode
  bool http2 = true;             //!< HTTP/2 over TLS when the server offers it
  bool allow_private = false;    //!< connect to loopback/private addresses
  bool capture_request = false;  //!< keep the request header block (for WARC)
  std::string ca_file;           //!< extra CA certificates (PEM) to trust; empty: the system's
};

//! Everything known about one finished transfer.
struct Response {
  std::string url;        //!< as requested
  std::string final_url;  //!< after redirects
  CURLcode code = CURLE_OK;
  long status = 0;
  long redirects = 0;
  std::string status_line;                                   //!< of the final response, no CRLF
  std::vector<std::pair<std::string, std::string>> headers;  //!< of the final response
  std::string raw_headers;      //!< the final response's status line and headers, as received
  std::string request_headers;  //!< the final request's header block (capture_request only)
  std::string body;             //!< content-decoded
  std::string remote_ip;
  std::string http_version;      //!< protocol of the final response: "1.0", "1.1", "2", "3"
  bool too_large = false;        //!< body passed max_bytes; transfer aborted
  bool private_refused = false;  //!< every address was private and allow_private=false
  bool stalled = false;          //!< low-speed check tripped; transfer aborted
  bool connected = false;        //!< a connection was made (tells connect from total timeouts)
  std::string refused_address;
  long os_errno = 0;
  std::string error_detail;  //!< libcurl's error buffer
  std::chrono::system_clock::time_point finished_at{};
};

//! One multi handle and the transfers running on it.
class CurlDriver {
 public:
  explicit CurlDriver(TransferOptions options);
  ~CurlDriver();
  CurlDriver(const CurlDriver&) = delete;
  CurlDriver& operator=(const CurlDriver&) = delete;

  //! Starts fetching url; the tag comes back with the response. max_bytes caps the body.
  void start(const std::string& url, uint64_t tag, uint64_t max_bytes);
  //! Moves transfers along; waits up to `wait` for network activity when nothing completed.
  void run(std::chrono::milliseconds wait);
  //! Finished transfers since the last call, with their tags (the caller takes them).
  std::vector<std::pair<uint64_t, Response>>& completed() noexcept { return completed_; }
  //! Transfers running.
  size_t in_flight() const noexcept { return active_.size(); }
  //! The options in force.
  const TransferOptions& options() const noexcept { return options_; }

  struct Transfer;  //!< one running transfer (curl_driver.cpp)

 private:
  void drain_messages();
  void check_stalls();
  void finish(Transfer* t, CURLcode code);

  TransferOptions options_;
  CURLM* multi_ = nullptr;
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active_;
  std::vector<CURL*> spare_;  // easy handles kept for reuse (curl_easy_reset between uses)
  std::vector<std::pair<uint64_t, Response>> completed_;
};

//! Process-wide curl_global_init, once, before any other libcurl use.
void ensure_curl_initialized();

}  // namespace docpipe::http
