// Finds a page's declared charset in its first bytes without parsing it:
// a byte scanner after the WHATWG "prescan a byte stream" steps.
#pragma once

#include <cstddef>
#include <string_view>

namespace docpipe::clean_html {

//! How many leading bytes the prescan looks at by default.
inline constexpr size_t kMetaPrescanBytes = 4096;

//! The canonical charset declared by the first <meta charset> or
//! <meta http-equiv="content-type" content="...charset=..."> with a known
//! label, or nullptr. Comments and other tags' attributes are skipped, so a
//! commented-out meta does not count. A declared UTF-16 means UTF-8, since
//! the declaration was readable as ASCII.
const char* prescan_meta_charset(std::string_view bytes, size_t limit = kMetaPrescanBytes) noexcept;

}  // namespace docpipe::clean_html
