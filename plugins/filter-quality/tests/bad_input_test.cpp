// Inputs that have broken filters elsewhere: none may crash, and the verdicts stay sensible.
#include <gtest/gtest.h>

#include <string>

#include "rule_test_support.hpp"

namespace docpipe::filter_quality::test {
namespace {

constexpr unsigned all_sets = gopher_set | c4_set | fineweb_set;

TEST(QualityBadInput, EmptyTextIsDroppedNotCrashed) {
  for (const char* lang : {"en", "zh", ""}) {
    Measures m;
    std::string why = judge("", lang, all_sets, nullptr, &m);
    EXPECT_NE(why.find("words 0 < 50"), std::string::npos) << why;
  }
}

TEST(QualityBadInput, OneMegabyteOfOneCharacter) {
  for (std::string unit : {"a", "\n", " ", "#", ".", "。", "的"}) {
    std::string text;
    while (text.size() < (1u << 20)) text += unit;
    for (const char* lang : {"en", "zh"}) {
      SCOPED_TRACE(unit + " " + lang);
      EXPECT_NE(judge(text, lang, all_sets), "");
    }
  }
}

TEST(QualityBadInput, InvalidUtf8) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "ok \xC3\x28 \xE2\x82 \xF0\x9F\x98 \xFF\xFE word\n";
  text += "\xE6\x97";  // cut in the middle of a character
  Measures m;
  EXPECT_NE(judge(text, "zh", all_sets, nullptr, &m), "");
  EXPECT_TRUE(m.has_value(Measure::words));
  EXPECT_NE(judge(text, "en", all_sets), "");
}

}  // namespace
}  // namespace docpipe::filter_quality::test
