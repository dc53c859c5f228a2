// UTF-8 validation and repair, without ICU: the fast path for pages that
// are already UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Length of the longest valid UTF-8 prefix of s (s.size() when all valid).
//! Rejects overlongs, surrogates and code points above U+10FFFF.
size_t valid_utf8_prefix(std::string_view s) noexcept;

//! True when s is entirely valid UTF-8.
inline bool is_valid_utf8(std::string_view s) noexcept { return valid_utf8_prefix(s) == s.size(); }

//! Appends s to out with every invalid sequence replaced by U+FFFD, one
//! replacement per maximal invalid subpart (as ICU and browsers do).
void append_repaired_utf8(std::string_view s, std::string& out);

//! Offset of the first byte >= 0x80 in s, or s.size().
size_t first_non_ascii(std::string_view s) noexcept;

}  // namespace docpipe::clean_html
