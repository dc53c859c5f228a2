/* Counting for text.stats, kept apart from the plugin glue so that a plain C
 * test can call it without a host. */
#ifndef TEXT_COUNT_H
#define TEXT_COUNT_H

#include <stddef.h>
#include <stdint.h>

typedef struct text_counts {
  uint64_t chars;      /* Unicode code points */
  uint64_t words;      /* maximal runs of non-whitespace code points */
  uint64_t lines;      /* line-feed-terminated lines, plus a last unterminated one */
  uint64_t non_space;  /* code points that are not whitespace */
  uint64_t cjk;        /* code points in the CJK blocks (Han, kana, Hangul, CJK punctuation) */
} text_counts;

/* Counts UTF-8 text. Invalid bytes (the host repairs text, so they should not
 * occur) count as one non-space, non-CJK code point each. */
text_counts text_count(const char* utf8, size_t size);

/* Writes cjk / non_space as a JSON number with 4 decimals ("0.8125"), or "0"
 * when there are no non-space code points. Returns the length written, or 0
 * if `out` is too small (16 bytes always suffice). */
size_t text_format_ratio(const text_counts* counts, char* out, size_t out_size);

#endif /* TEXT_COUNT_H */
