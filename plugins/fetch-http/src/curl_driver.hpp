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

#include "address_policy.hpp"

namespace docpipe::http {

//! Settings shared by every transfer of a driver.
struct TransferOptions {
  std::string user_agent = "docpipe/0.1";
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};        //!< whole transfer, redirects included
  std::chrono::milliseconds stall_timeout{30000};  //!< window of the low-speed check
  uint64_t stall_speed = 1;                        //!< bytes/s below which a window is a stall
  long max_redirects = 10;        //!< followed by the fetcher, hop by hop; here only for messages
  bool accept_encoding = true;    //!< ask for gzip/deflate/br and decode
  bool http2 = true;              //!< HTTP/2 over TLS when the server offers it
  bool allow_private = false;     //!< connect to loopback/private addresses
  std::vector<Cidr> allow_cidrs;  //!< private addresses allowed anyway (allow_private=CIDR,...)
  long max_host_connections = 0;  //!< open connections per host at most (0: no limit)
  long max_connections = 0;       //!< connection cache size (0: libcurl's default)
  bool capture_request = false;   //!< keep the request header block (for WARC)
  std::string ca_file;            //!< extra CA certificates (PEM) to trust; empty: the system's
};

//! Everything known about one finished transfer.
struct Response {
  std::string url;           //!< as requested
  std::string final_url;     //!< the URL of the request that gave this response
  std::string redirect_url;  //!< a 3xx's Location, resolved (libcurl follows none itself)
  CURLcode code = CURLE_OK;
  long status = 0;
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
  bool interrupted = false;      //!< aborted by abort_all() (the run is stopping)
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

  //! Starts fetching url; the tag comes back with the response. max_bytes caps the body:
  //! passing it fails the transfer (too_large), or with truncate keeps its first max_bytes.
  void start(const std::string& url, uint64_t tag, uint64_t max_bytes, bool truncate = false);
  //! Aborts every running transfer; each comes back completed, with `interrupted` set.
  void abort_all();
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
