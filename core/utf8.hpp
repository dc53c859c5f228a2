// UTF-8 validation and repair: the host keeps every text field valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace docpipe {

//! True when the bytes are well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

//! Copies the bytes, replacing each maximal ill-formed subsequence with U+FFFD.
std::string repair_utf8(std::string_view bytes);

//! A valid UTF-8 copy: the bytes themselves when valid, else repaired.
inline std::string utf8_copy(std::string_view bytes) {
  return is_valid_utf8(bytes) ? std::string(bytes) : repair_utf8(bytes);
}

//! True when offset is at a character boundary of valid UTF-8 text (or at its end).
inline bool is_utf8_boundary(std::string_view text, size_t offset) noexcept {
  return offset == text.size() ||
         (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

}  // namespace docpipe
