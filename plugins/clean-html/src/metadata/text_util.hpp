// Small UTF-8 string helpers shared by the metadata extractors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ascii.hpp"

namespace docpipe::clean_html::meta_text {

//! Decodes the code point at pos (U+FFFD for a bad sequence); len gets its size.
char32_t decode_at(std::string_view s, size_t pos, size_t& len) noexcept;
//! Byte length of the whitespace at pos (ASCII, NBSP, U+3000, U+2000-200B), 0 if none.
size_t space_at(std::string_view s, size_t pos) noexcept;
//! s without leading and trailing whitespace (as space_at counts it).
std::string_view trim(std::string_view s) noexcept;
//! s with whitespace runs turned into one ASCII space, trimmed.
std::string collapse_spaces(std::string_view s);
//! Number of code points.
size_t count_code_points(std::string_view s) noexcept;
//! True when s holds a CJK ideograph.
bool has_cjk(std::string_view s) noexcept;
//! True for a CJK ideograph.
bool is_cjk(char32_t c) noexcept;
// ASCII case-insensitive equality and search (ascii.hpp).
using clean_html::icontains;
using clean_html::iequals;
//! ASCII lower-case copy.
std::string to_lower(std::string_view s);

}  // namespace docpipe::clean_html::meta_text
