// WARC-Date values: ISO 8601 in UTC, as W3C-DTF allows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::warc {

//! Parses "2026-11-26T06:05:01Z" (fractions of a second, or a bare date or
//! year-month, allowed) to milliseconds since the Unix epoch.
std::optional<int64_t> parse_warc_date(std::string_view date);

//! Milliseconds since the epoch as "2026-11-26T06:05:01Z" (seconds precision).
std::string format_warc_date(int64_t epoch_ms);

//! The current time as a WARC-Date.
std::string warc_date_now();

}  // namespace docpipe::warc
