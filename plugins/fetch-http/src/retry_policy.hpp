// When and how long to wait before fetching a URL again.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace docpipe::http {

//! Parses a Retry-After value: delta-seconds or an HTTP date (relative to now); nullopt if neither.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, std::time_t now);

//! True for the statuses worth another try: 408, 425, 429 and 5xx except 501 and 505.
bool retryable_status(long status) noexcept;

//! The answer of RetryPolicy::decide.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};  //!< wait before the next attempt
  std::string note;                    //!< why not, when a Retry-After was too long
};

//! Exponential backoff with jitter, bounded attempts, Retry-After honoured up to a cap.
class RetryPolicy {
 public:
  //! retries: extra attempts after the first; base: first backoff; max_backoff: its cap;
  //! max_retry_after: longest Retry-After obeyed (longer gives up).
  RetryPolicy(int retries, std::chrono::milliseconds base, std::chrono::milliseconds max_backoff,
              std::chrono::milliseconds max_retry_after, uint64_t seed);

  //! After attempt number `attempts` (from 1) failed transiently: try again, and when.
  RetryDecision decide(int attempts, std::optional<std::chrono::milliseconds> retry_after);

  //! The longest Retry-After obeyed.
  std::chrono::milliseconds max_retry_after() const noexcept { return max_retry_after_; }

 private:
  int retries_;
  std::chrono::milliseconds base_;
  std::chrono::milliseconds max_backoff_;
  std::chrono::milliseconds max_retry_after_;
  std::mt19937_64 rng_;
};

}  // namespace docpipe::http
