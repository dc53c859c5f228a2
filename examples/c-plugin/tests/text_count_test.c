/* Checks the counting of text.stats without a host. Plain C, no framework. */
#include <stdio.h>
#include <string.h>

#include "text_count.h"

static int failures = 0;

#define EXPECT_EQ(actual, expected)                                                  \
  do {                                                                               \
    unsigned long long a_ = (actual), e_ = (expected);                               \
    if (a_ != e_) {                                                                  \
      fprintf(stderr, "%s:%d: %s is %llu, expected %llu\n", __FILE__, __LINE__,     \
              #actual, a_, e_);                                                      \
      ++failures;                                                                    \
    }                                                                                \
  } while (0)

static text_counts count(const char* s) { return text_count(s, strlen(s)); }

static void expect_ratio(const char* s, const char* expected) {
  char out[16];
  text_counts c = count(s);
  size_t n = text_format_ratio(&c, out, sizeof out);
  if (n == 0 || strcmp(out, expected) != 0) {
    fprintf(stderr, "ratio of \"%s\" is \"%s\", expected \"%s\"\n", s, n ? out : "", expected);
    ++failures;
  }
}

int main(void) {
  text_counts c = count("");
  EXPECT_EQ(c.chars, 0);
  EXPECT_EQ(c.words, 0);
  EXPECT_EQ(c.lines, 0);

  c = count("one two\nthree\n");
  EXPECT_EQ(c.chars, 14);
  EXPECT_EQ(c.words, 3);
  EXPECT_EQ(c.lines, 2);

  c = count("a\nb"); /* the last line needs no line feed */
  EXPECT_EQ(c.lines, 2);

  c = count("北京今天下雨。"); /* 7 code points, 21 bytes */
  EXPECT_EQ(c.chars, 7);
  EXPECT_EQ(c.words, 1);
  EXPECT_EQ(c.cjk, 7);

  c = count("你好\xE3\x80\x80世界"); /* U+3000 is a space, not a CJK character */
  EXPECT_EQ(c.words, 2);
  EXPECT_EQ(c.non_space, 4);
  EXPECT_EQ(c.cjk, 4);

  c = count("\xFF" "a\xE4\xB8"); /* invalid and truncated bytes count once each */
  EXPECT_EQ(c.chars, 4);
  EXPECT_EQ(c.cjk, 0);

  expect_ratio("", "0");
  expect_ratio("   ", "0");
  expect_ratio("abc", "0.0000");
  expect_ratio("中文", "1.0000");
  expect_ratio("中 a b", "0.3333");
  expect_ratio("中中 a", "0.6667");

  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("text_count: all checks passed\n");
  return 0;
}
