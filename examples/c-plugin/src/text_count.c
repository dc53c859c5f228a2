#include "text_count.h"

#include <stdio.h>

#define REPLACEMENT_CHARACTER 0xFFFDu

/* Decodes the code point at s[0..size); an invalid or truncated sequence
 * yields U+FFFD over one byte so counting never stalls or overreads. */
static size_t decode(const unsigned char* s, size_t size, uint32_t* cp) {
  size_t length;
  uint32_t value;
  size_t i;
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if ((s[0] & 0xE0) == 0xC0) {
    length = 2;
    value = s[0] & 0x1Fu;
  } else if ((s[0] & 0xF0) == 0xE0) {
    length = 3;
    value = s[0] & 0x0Fu;
  } else if ((s[0] & 0xF8) == 0xF0) {
    length = 4;
    value = s[0] & 0x07u;
  } else {
    *cp = REPLACEMENT_CHARACTER;
    return 1;
  }
  if (length > size) {
    *cp = REPLACEMENT_CHARACTER;
    return 1;
  }
  for (i = 1; i < length; ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = REPLACEMENT_CHARACTER;
      return 1;
    }
    value = (value << 6) | (s[i] & 0x3Fu);
  }
  *cp = value;
  return length;
}

/* Unicode's White_Space property: no-break and ideographic spaces separate
 * words like an ASCII space does. */
static int is_white_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

typedef struct code_range {
  uint32_t first;
  uint32_t last;
} code_range;

/* Blocks written by Chinese, Japanese and Korean text, punctuation and
 * full-width forms included, since those appear only in CJK writing. */
static const code_range cjk_blocks[] = {
    {0x1100, 0x11FF},   /* Hangul Jamo */
    {0x2E80, 0x2FDF},   /* CJK Radicals Supplement, Kangxi Radicals */
    {0x2FF0, 0x30FF},   /* Ideographic Description, CJK Symbols and Punctuation, kana */
    {0x3100, 0x31FF},   /* Bopomofo, Hangul Compatibility Jamo, Kanbun, strokes, kana ext. */
    {0x3200, 0x4DBF},   /* Enclosed CJK, CJK Compatibility, Han Extension A */
    {0x4E00, 0x9FFF},   /* CJK Unified Ideographs */
    {0xA960, 0xA97F},   /* Hangul Jamo Extended-A */
    {0xAC00, 0xD7FF},   /* Hangul Syllables, Hangul Jamo Extended-B */
    {0xF900, 0xFAFF},   /* CJK Compatibility Ideographs */
    {0xFE30, 0xFE4F},   /* CJK Compatibility Forms */
    {0xFF00, 0xFFEF},   /* Halfwidth and Fullwidth Forms */
    {0x20000, 0x3FFFF}, /* Han Extensions B and later, supplementary planes 2 and 3 */
};

static int is_cjk(uint32_t cp) {
  size_t i;
  for (i = 0; i < sizeof cjk_blocks / sizeof cjk_blocks[0]; ++i) {
    if (cp >= cjk_blocks[i].first && cp <= cjk_blocks[i].last) return 1;
  }
  return 0;
}

text_counts text_count(const char* utf8, size_t size) {
  text_counts c = {0, 0, 0, 0, 0};
  const unsigned char* s = (const unsigned char*)utf8;
  size_t pos = 0;
  int in_word = 0;
  uint32_t cp = 0;
  while (pos < size) {
    pos += decode(s + pos, size - pos, &cp);
    ++c.chars;
    if (cp == '\n') ++c.lines;
    if (is_white_space(cp)) {
      in_word = 0;
      continue;
    }
    ++c.non_space;
    if (is_cjk(cp)) ++c.cjk;
    if (!in_word) ++c.words;
    in_word = 1;
  }
  if (size > 0 && s[size - 1] != '\n') ++c.lines;
  return c;
}

size_t text_format_ratio(const text_counts* counts, char* out, size_t out_size) {
  uint64_t ten_thousandths;
  int written;
  if (counts->non_space == 0) {
    written = snprintf(out, out_size, "0");
  } else {
    /* Integer arithmetic rather than printf("%f"): a host that sets a locale
     * with a decimal comma would otherwise turn the number into invalid JSON. */
    ten_thousandths = (counts->cjk * 10000u + counts->non_space / 2u) / counts->non_space;
    written = snprintf(out, out_size, "%u.%04u", (unsigned)(ten_thousandths / 10000u),
                       (unsigned)(ten_thousandths % 10000u));
  }
  if (written < 0 || (size_t)written >= out_size) return 0;
  return (size_t)written;
}
