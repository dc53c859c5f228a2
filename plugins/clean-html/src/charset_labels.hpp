// Maps the many names pages use for a charset to the one name we convert with.
#pragma once

#include <span>
#include <string_view>

namespace docpipe::clean_html {

//! The canonical charset for a label ("gb2312", " GBK ", "x-sjis"), or nullptr
//! when the label is unknown or names a charset we refuse to guess with.
//! Canonical names are ICU converter names and stable static strings.
const char* canonical_charset(std::string_view label) noexcept;

//! True for the canonical UTF-16 names ("UTF-16LE", "UTF-16BE").
bool is_utf16(const char* canonical) noexcept;

//! True for the canonical UTF-8 name.
bool is_utf8(const char* canonical) noexcept;

//! Every canonical name the table can return (for tests and diagnostics).
std::span<const char* const> all_canonical_charsets() noexcept;

}  // namespace docpipe::clean_html
