// One-shot decompression of HTTP bodies (gzip, zlib, raw deflate), bounded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::warc::detail {

//! zlib window bits: 16 + 15 gzip, 15 zlib, -15 raw deflate.
enum class Wrapper : int { gzip = 16 + 15, zlib = 15, raw = -15 };

//! Inflates data into out (replacing it); false with a reason when corrupt,
//! truncated or larger than max_size. Concatenated gzip members are joined.
bool inflate_all(std::string_view data, Wrapper wrapper, uint64_t max_size, std::string& out,
                 std::string& error);

//! Deflates data as one gzip member appended to out.
void gzip_member(std::string_view data, std::string& out);

}  // namespace docpipe::warc::detail
