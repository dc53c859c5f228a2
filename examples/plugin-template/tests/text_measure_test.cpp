#include "text_measure.hpp"

#include <gtest/gtest.h>

using filter_length::measure_text;

TEST(MeasureText, EmptyTextHasNothing) {
  EXPECT_EQ(measure_text("").code_points, 0u);
  EXPECT_EQ(measure_text("").words, 0u);
}

TEST(MeasureText, CountsAsciiCharactersAndWords) {
  const auto m = measure_text("  two words\n");
  EXPECT_EQ(m.code_points, 12u);
  EXPECT_EQ(m.words, 2u);
}

TEST(MeasureText, CountsCodePointsNotBytes) {
  // 6 CJK characters, 18 bytes; 2 accented Latin letters, 4 bytes; 1 emoji, 4 bytes.
  EXPECT_EQ(measure_text("北京今天下雨").code_points, 6u);
  EXPECT_EQ(measure_text("éé").code_points, 2u);
  EXPECT_EQ(measure_text("\xF0\x9F\x98\x80").code_points, 1u);
}

TEST(MeasureText, UnicodeSpacesSeparateWords) {
  // U+3000 ideographic space and U+00A0 no-break space.
  EXPECT_EQ(measure_text("你好\xE3\x80\x80世界").words, 2u);
  EXPECT_EQ(measure_text("a\xC2\xA0" "b").words, 2u);
  // Without spaces, CJK text is a single whitespace token.
  EXPECT_EQ(measure_text("你好世界").words, 1u);
}

TEST(MeasureText, InvalidBytesCountOnceEach) {
  EXPECT_EQ(measure_text("\xFF\xFE").code_points, 2u);
  EXPECT_EQ(measure_text("a\xE4\xB8").code_points, 3u);  // truncated sequence at the end
}
