#include <docpipe_output/json_escape.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>  // part of every x86-64 CPU: no -march flag needed
#endif

namespace docpipe::output {
namespace {

// Bytes that stop the fast copy: controls, '"', '\\', and 0xE2 (lead byte of U+2028/U+2029).
constexpr std::array<bool, 256> make_stop_table() {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 0x20; ++c) stop[c] = true;
  stop['"'] = true;
  stop['\\'] = true;
  stop[0xE2] = true;
  return stop;
}
constexpr std::array<bool, 256> stop_byte = make_stop_table();

// Word-at-a-time test (8 bytes per step, no SIMD intrinsics so it builds
// anywhere): does any byte of w need a look (a stop byte above)? Exact about
// *whether* one does, which is all the caller asks; the caller then looks at
// the 8 bytes one by one. Most text has none in most words, so the common
// case costs a few instructions per 8 bytes instead of a table lookup per byte.
constexpr uint64_t ones = 0x0101010101010101ULL;
constexpr uint64_t highs = 0x8080808080808080ULL;
inline bool any_zero(uint64_t w) { return ((w - ones) & ~w & highs) != 0; }
inline bool needs_look(uint64_t w) {
  bool control = ((w - ones * 0x20) & ~w & highs) != 0;  // some byte < 0x20
  return control || any_zero(w ^ (ones * '"')) || any_zero(w ^ (ones * '\\')) ||
         any_zero(w ^ (ones * 0xE2));
}
inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);  // unaligned-safe; compiles to one load
  return w;
}

#if defined(__SSE2__)
// 16 bytes per step: the offset of the first byte in [p, p + 16) that needs
// a look, or 16 when none does. Unsigned min finds the controls (b <= 0x1F).
inline unsigned first_look16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  const __m128i e2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2)));
  const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(control, quote), _mm_or_si128(backslash, e2)));
  return mask != 0 ? static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask))) : 16u;
}
#endif

void append_escape(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\t':
      out.append("\\t");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\b':
      out.append("\\b");
      return;
    case '\f':
      out.append("\\f");
      return;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
      out.append(u, sizeof u);
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < size) {
#if defined(__SSE2__)
    while (i + 16 <= size) {
      unsigned skip = first_look16(text.data() + i);
      i += skip;
      if (skip < 16) break;
    }
#endif
    while (i + 8 <= size && !needs_look(load8(text.data() + i))) i += 8;
    // Byte by byte to the end of the word that needs a look (or of the text).
    const size_t stop = std::min(size, i + 8);
    for (; i < stop; ++i) {
      unsigned char c = data[i];
      if (!stop_byte[c]) continue;
      if (c == 0xE2) {
        // U+2028 is E2 80 A8, U+2029 is E2 80 A9; other E2 sequences are copied.
        if (i + 2 < size && data[i + 1] == 0x80 && (data[i + 2] == 0xA8 || data[i + 2] == 0xA9)) {
          out.append(text.data() + run, i - run);
          out.append(data[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
          i += 2;
          run = i + 1;
        }
        continue;
      }
      out.append(text.data() + run, i - run);
      append_escape(out, c);
      run = i + 1;
    }
  }
  out.append(text.data() + run, size - run);
  out.push_back('"');
}

}  // namespace docpipe::output
