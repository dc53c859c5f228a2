// Writing JSON strings: the one hot loop of export.jsonl (and JSON in other sinks).
#pragma once

#include <string>
#include <string_view>

namespace docpipe::output {

//! Appends text as a quoted JSON string. The text must be valid UTF-8 (the
//! host guarantees it); non-ASCII stays raw, control characters and U+2028/
//! U+2029 are escaped so the line is safe for JSON and for JavaScript readers.
void append_json_string(std::string& out, std::string_view text);

}  // namespace docpipe::output
