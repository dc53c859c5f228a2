// Dates as pages write them, to ISO 8601. Small hand-written matchers (no
// std::regex: slow, and GCC 12 warns inside it under sanitizers).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! A date found in text: [begin, end) bytes and its ISO 8601 form
//! ("2024-02-20", "2024-02-20T12:57:59", "2024-02-20T12:57:59+08:00").
struct DateMatch {
  size_t begin = 0;
  size_t end = 0;
  std::string iso;
};

//! Matches a date that starts exactly at pos: 2024-02-20[ 12:57[:59]][zone],
//! 2024/02/20, 2024.02.20, 2024年2月20日[ 08:30], Feb 20, 2024, February 20th,
//! 2024, 20 February 2024 (each with an optional time). Impossible dates
//! (2024-02-30, 25:00, years outside 1900-2100) do not match.
std::optional<DateMatch> match_date_at(std::string_view text, size_t pos);

//! The first date in free text.
std::optional<DateMatch> find_date(std::string_view text);

//! A machine-written date (meta content, JSON-LD, <time datetime>), also
//! RFC 822 ("Tue, 20 Feb 2024 12:57:59 GMT"), to ISO 8601; nullopt when the
//! value holds no valid date near its start.
std::optional<std::string> normalize_date(std::string_view value);

}  // namespace docpipe::clean_html
