// Human wording shared by the failure messages of fetch.http.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace docpipe::http {

//! "16 MiB", "512 KiB", "100 bytes": the largest binary unit that divides evenly, else one decimal.
std::string format_size(uint64_t bytes);

//! "60s", "250ms", "2m", "1h": the same spelling a pipeline parameter uses.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace docpipe::http
