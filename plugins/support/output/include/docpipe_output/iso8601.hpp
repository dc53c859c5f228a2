// Times as sinks write them.
#pragma once

#include <cstdint>
#include <string>

namespace docpipe::output {

//! Appends "2024-05-01T12:34:56.789Z" for milliseconds since the Unix epoch (UTC).
void append_iso8601_utc(std::string& out, int64_t epoch_ms);

}  // namespace docpipe::output
