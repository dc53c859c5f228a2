#include "text_measure.hpp"

namespace filter_length {
namespace {

struct Decoded {
  char32_t code_point;
  size_t length;
};

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }

// Decodes the code point starting at `pos`; an invalid or truncated sequence
// yields U+FFFD over one byte so that measuring never stalls or overreads.
Decoded decode_at(std::string_view s, size_t pos) noexcept {
  const auto lead = static_cast<unsigned char>(s[pos]);
  size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return {kReplacement, 1};
  }
  if (pos + length > s.size()) return {kReplacement, 1};
  for (size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(s[pos + i]);
    if (!is_continuation(byte)) return {kReplacement, 1};
    cp = (cp << 6) | (byte & 0x3F);
  }
  return {cp, length};
}

// Unicode's White_Space property, so that no-break and ideographic spaces
// separate words the way an ASCII space does.
bool is_white_space(char32_t cp) noexcept {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

}  // namespace

TextMeasure measure_text(std::string_view utf8) noexcept {
  TextMeasure m;
  bool in_word = false;
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = decode_at(utf8, pos);
    pos += d.length;
    ++m.code_points;
    const bool space = is_white_space(d.code_point);
    if (!space && !in_word) ++m.words;
    in_word = !space;
  }
  return m;
}

}  // namespace filter_length
