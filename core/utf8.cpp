#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace docpipe {
namespace {

// Length of the well-formed sequence starting at p (0 if ill-formed), per the
// Unicode table of well-formed byte sequences (D92).
size_t sequence_length(const unsigned char* p, const unsigned char* end) noexcept {
  unsigned char b0 = p[0];
  if (b0 < 0x80) return 1;
  auto in = [&](size_t i, unsigned char lo, unsigned char hi) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (b0 == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3)
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (b0 == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

// How many bytes of an ill-formed sequence to replace with one U+FFFD: the
// maximal prefix of a well-formed sequence, at least one byte.
size_t ill_formed_length(const unsigned char* p, const unsigned char* end) noexcept {
  unsigned char b0 = p[0];
  size_t want = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  if (b0 < 0xC2 || b0 > 0xF4) return 1;
  size_t n = 1;
  for (; n < want && p + n < end; ++n) {
    unsigned char lo = 0x80, hi = 0xBF;
    if (n == 1) {
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    }
    if (p[n] < lo || p[n] > hi) break;
  }
  return n;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    // ASCII runs dominate real text: check eight bytes at a time.
    if (end - p >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    size_t n = sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    size_t n = sequence_length(p, end);
    if (n > 0) {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
    } else {
      out.append("\xEF\xBF\xBD");
      p += ill_formed_length(p, end);
    }
  }
  return out;
}

}  // namespace docpipe
