// Turns a finished transfer into "ok" or a failure message, and says whether to retry it.
#pragma once

#include <optional>
#include <string>

#include "curl_driver.hpp"

namespace docpipe::http {

//! Why a transfer did not give a usable document.
struct Failure {
  std::string message;     //!< "HTTP 404", "connection refused", "timeout after 60s", ...
  bool transient = false;  //!< worth another attempt (timeouts, connection errors, 429, 5xx)
  bool dns = false;        //!< the host name did not resolve
  bool too_many_redirects = false;
};

//! nullopt for a 2xx response; otherwise the failure. max_bytes is the cap that applied.
std::optional<Failure> classify(const Response& r, const TransferOptions& options,
                                uint64_t max_bytes);

//! The first header of that name (case-insensitive), or nullptr.
const std::string* find_header(const Response& r, std::string_view name);

}  // namespace docpipe::http
