#include "retry_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>

#include "messages.hpp"

namespace docpipe::http {

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, std::time_t now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    unsigned long long seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    // Clamp absurd values instead of overflowing; the cap decides what to do with them.
    seconds = std::min<unsigned long long>(seconds, 10ULL * 365 * 24 * 3600);
    return std::chrono::milliseconds(static_cast<int64_t>(seconds) * 1000);
  }
  std::string date(value);
  std::time_t when = curl_getdate(date.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  if (when <= now) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<int64_t>(when - now) * 1000);
}

bool retryable_status(long status) noexcept {
  if (status == 408 || status == 425 || status == 429) return true;
  return status >= 500 && status <= 599 && status != 501 && status != 505;
}

RetryPolicy::RetryPolicy(int retries, std::chrono::milliseconds base,
                         std::chrono::milliseconds max_backoff,
                         std::chrono::milliseconds max_retry_after, uint64_t seed)
    : retries_(std::max(0, retries)),
      base_(std::max(base, std::chrono::milliseconds(0))),
      max_backoff_(std::max(max_backoff, base_)),
      max_retry_after_(max_retry_after),
      rng_(seed) {}

RetryDecision RetryPolicy::decide(int attempts, std::optional<std::chrono::milliseconds> retry_after) {
  RetryDecision d;
  if (attempts > retries_) return d;
  if (retry_after && *retry_after > max_retry_after_) {
    d.note = "Retry-After " + format_duration(*retry_after) + " exceeds max_retry_after " +
             format_duration(max_retry_after_);
    return d;
  }
  // base * 2^(attempts-1), capped; "equal jitter" keeps at least half the backoff so
  // clients that failed together do not come back together.
  int64_t backoff = base_.count();
  for (int i = 1; i < attempts && backoff < max_backoff_.count(); ++i) backoff *= 2;
  backoff = std::min<int64_t>(backoff, max_backoff_.count());
  int64_t half = backoff / 2;
  int64_t jitter = half > 0 ? std::uniform_int_distribution<int64_t>(0, half)(rng_) : 0;
  int64_t wait = backoff - half + jitter;
  if (retry_after) wait = std::max<int64_t>(wait, retry_after->count());
  d.retry = true;
  d.delay = std::chrono::milliseconds(wait);
  return d;
}

}  // namespace docpipe::http
