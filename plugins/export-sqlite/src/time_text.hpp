// Times as the store keeps them: ISO 8601 UTC text, which sorts and compares
// as text and which SQLite's date functions read.
#pragma once

#include <cstdint>
#include <string>

namespace docpipe::sqlite {

//! Writes "2024-05-01T12:34:56.789Z" for milliseconds since the Unix epoch into out.
void format_utc_ms(std::string& out, int64_t epoch_ms);

//! Milliseconds since the Unix epoch, now.
int64_t now_ms();

}  // namespace docpipe::sqlite
