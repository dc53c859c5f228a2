// Tells binary files (images, archives, PDFs, executables) served or stored
// as HTML from text, before anything tries to parse them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! How many bytes after the BOM are searched for NUL bytes.
inline constexpr size_t kBinarySniffBytes = 1024;

//! Why bytes look binary ("PNG image (magic number)", "NUL byte at offset 7"),
//! or nothing when they may be text. NUL bytes are expected, and ignored,
//! when the text is UTF-16 (utf16 true); bom_size bytes are skipped first.
std::optional<std::string> binary_content_reason(std::string_view bytes, size_t bom_size,
                                                 bool utf16);

}  // namespace docpipe::clean_html
