// Text as XML 1.0 allows it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace docpipe::xml {

//! Copies text without the characters XML 1.0 forbids (C0 controls other than
//! tab, LF and CR; U+FFFE, U+FFFF; invalid UTF-8 bytes) and adds how many
//! characters or bytes were dropped to dropped.
std::string xml_clean(std::string_view text, size_t& dropped);

}  // namespace docpipe::xml
