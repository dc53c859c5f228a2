#include "outcome.hpp"

#include <cerrno>
#include <cstring>

#include "messages.hpp"
#include "retry_policy.hpp"

namespace docpipe::http {
namespace {

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string detail(const Response& r) {
  return r.error_detail.empty() ? std::string(curl_easy_strerror(r.code)) : r.error_detail;
}

}  // namespace

const std::string* find_header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < k.size() && same; ++i) {
      char a = k[i], b = name[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b + 32);
      same = a == b;
    }
    if (same) return &v;
  }
  return nullptr;
}

std::optional<Failure> classify(const Response& r, const TransferOptions& o, uint64_t max_bytes) {
  // Our own aborts first: libcurl reports them as generic write or connect errors.
  if (r.private_refused && r.code != CURLE_OK)
    return Failure{"private address refused (" + r.refused_address + ")", false};
  if (r.too_large || r.code == CURLE_FILESIZE_EXCEEDED)
    return Failure{"body larger than max_size " + format_size(max_bytes), false};
  if (r.stalled) {
    return Failure{"stalled: fewer than " + std::to_string(o.stall_speed) + " bytes/s for " +
                       format_duration(o.stall_timeout),
                   true};
  }
  switch (r.code) {
    case CURLE_OK:
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      // libcurl does not tell a temporary resolver failure (EAI_AGAIN, a timeout) from a
      // name that does not exist, so both are retried.
      return Failure{"DNS failure: " + detail(r), true, true};
    case CURLE_COULDNT_CONNECT:
      if (r.os_errno == ECONNREFUSED || contains(r.error_detail, "refused"))
        return Failure{"connection refused", true};
      return Failure{"could not connect: " + detail(r), true};
    case CURLE_OPERATION_TIMEDOUT:
      if (!r.connected)
        return Failure{"connect timeout after " + format_duration(o.connect_timeout), true};
      return Failure{"timeout after " + format_duration(o.timeout), true};
    case CURLE_TOO_MANY_REDIRECTS:
      return Failure{"too many redirects (more than " + std::to_string(o.max_redirects) + ")",
                     false};
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      if (r.os_errno == ECONNRESET || contains(r.error_detail, "reset"))
        return Failure{"connection reset by peer", true};
      return Failure{(r.code == CURLE_RECV_ERROR ? "receive error: " : "send error: ") + detail(r),
                     true};
    case CURLE_GOT_NOTHING:
      return Failure{"empty reply from server", true};
    case CURLE_PARTIAL_FILE:
      return Failure{"connection closed before the end of the body", true};
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return Failure{"HTTP/2 error: " + detail(r), true};
    case CURLE_BAD_CONTENT_ENCODING:
      return Failure{"bad content encoding: " + detail(r), false};
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:  // a garbage status line reads as HTTP/0.9, which is refused
      return Failure{"invalid HTTP response: " + detail(r), false};
    default:
      return Failure{detail(r), false};
  }
  if (r.status >= 200 && r.status <= 299) return std::nullopt;
  Failure f{"HTTP " + std::to_string(r.status), retryable_status(r.status)};
  if (r.status >= 300 && r.status <= 399) {
    // A 3xx left after following: no usable Location, or redirects are turned off.
    if (o.max_redirects <= 0) f.message += " (redirects not followed: max_redirects=0)";
  }
  return f;
}

}  // namespace docpipe::http
