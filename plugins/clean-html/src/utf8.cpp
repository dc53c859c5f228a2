#include "utf8.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace docpipe::clean_html {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Bytes of the sequence starting at s[i] that form a valid prefix of some
// well-formed sequence; sets *complete when they form a whole one.
size_t sequence_length(const unsigned char* p, size_t avail, bool* complete) {
  unsigned char b0 = p[0];
  *complete = false;
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 < 0x80) {
    *complete = true;
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;        // overlong
    if (b0 == 0xED) hi = 0x9F;        // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;        // overlong
    if (b0 == 0xF4) hi = 0x8F;        // above U+10FFFF
  } else {
    return 0;
  }
  if (avail < 2 || p[1] < lo || p[1] > hi) return 1;
  for (size_t k = 2; k < need; ++k) {
    if (avail <= k || p[k] < 0x80 || p[k] > 0xBF) return k;
  }
  *complete = true;
  return need;
}

uint64_t load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Index of the first byte >= 0x80 in [i, n), or n. Markup is mostly ASCII
// with the odd non-ASCII character, so each run of ASCII is skipped 16
// bytes at a time where SSE2 is there (every x86-64), else 8.
size_t skip_ascii(const char* s, size_t i, size_t n) noexcept {
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    if (int mask = _mm_movemask_epi8(v); mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    if (load8(s + i) & kHighBits) break;
  }
  for (; i < n; ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return i;
  }
  return n;
}

}  // namespace

size_t first_non_ascii(std::string_view s) noexcept { return skip_ascii(s.data(), 0, s.size()); }

size_t valid_utf8_prefix(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      i = skip_ascii(s.data(), i, n);
      continue;
    }
    bool complete = false;
    size_t len = sequence_length(p + i, n - i, &complete);
    if (!complete) return i;
    i += len;
  }
  return n;
}

void append_repaired_utf8(std::string_view s, std::string& out) {
  out.reserve(out.size() + s.size() + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    size_t valid = valid_utf8_prefix(s.substr(i));
    out.append(s.data() + i, valid);
    i += valid;
    if (i >= n) break;
    bool complete = false;
    size_t len = sequence_length(p + i, n - i, &complete);
    out.append(kReplacement);
    i += len == 0 ? 1 : len;
  }
}

}  // namespace docpipe::clean_html
