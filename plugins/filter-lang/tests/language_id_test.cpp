// filter.lang's decision: metadata first, CLD2 otherwise, the list, the confidence, bad input.
#include <gtest/gtest.h>

#include <string>

#include "language_id.hpp"

namespace docpipe::filter_lang {
namespace {

const std::string english =
    "The committee met on Tuesday to discuss the new budget for the city's public schools. "
    "Several members argued that the proposed increase was not enough to cover the rising costs "
    "of teachers' salaries, while others said the city could not afford to spend more this year.";
const std::string chinese =
    "今天天气很好，我们一起去公园散步。公园里有很多人在跑步和打太极拳，孩子们在草地上玩耍。"
    "我觉得这样的周末非常舒服，也让人感到放松。下午我们又去了图书馆，借了几本关于历史的书。";

TEST(LanguageId, DetectsEnglishAndChinese) {
  Detection en = detect_language(english, 65536);
  EXPECT_EQ(en.lang, "en");
  EXPECT_GT(en.confidence, 0.9);
  Detection zh = detect_language(chinese, 65536);
  EXPECT_EQ(zh.lang, "zh");
  EXPECT_GT(zh.confidence, 0.9);
}

TEST(LanguageId, KeepsListedLanguagesByPrimarySubtag) {
  LanguageRules rules;
  rules.languages = {"zh"};
  Detection d;
  EXPECT_EQ(judge_language(rules, std::nullopt, std::nullopt, chinese, d), "");
  EXPECT_EQ(d.source, "cld2");
  EXPECT_EQ(judge_language(rules, "zh-Hant", 0.9, english, d), "");  // metadata wins
  EXPECT_EQ(d.source, "metadata");
  std::string why = judge_language(rules, std::nullopt, std::nullopt, english, d);
  EXPECT_EQ(why, "language en not in languages=zh");
  rules.always_detect = true;
  EXPECT_NE(judge_language(rules, "zh", 1.0, english, d), "");
}

TEST(LanguageId, ConfidenceJustInsideAndOutside) {
  LanguageRules rules;
  rules.languages = {"en"};
  Detection d;
  EXPECT_EQ(judge_language(rules, "en", 0.65, "", d), "");
  std::string why = judge_language(rules, "en", 0.64, "", d);
  EXPECT_EQ(why, "language en confidence 0.64 < 0.65 (min_confidence)");
}

TEST(LanguageId, BadInputNeverCrashes) {
  LanguageRules rules;
  Detection d;
  EXPECT_EQ(judge_language(rules, std::nullopt, std::nullopt, "", d),
            "language unknown (keep_unknown=false)");
  rules.keep_unknown = true;
  EXPECT_EQ(judge_language(rules, std::nullopt, std::nullopt, "", d), "");
  std::string one(1 << 20, 'a');
  EXPECT_LE(detect_language(one, 65536).confidence, 1.0);
  std::string han;
  for (int i = 0; i < 350000; ++i) han += "的";
  Detection h = detect_language(han, 1000);
  EXPECT_TRUE(h.lang.empty() || h.lang == "zh") << h.lang;
  std::string invalid = english + "\xC3\x28\xFF\xFE\xE2\x82" + english + "\xE6\x97";
  Detection bad = detect_language(invalid, 65536);
  EXPECT_TRUE(bad.lang.empty() || bad.lang == "en") << bad.lang;
  // A sample cut in the middle of a character starts and ends on boundaries.
  detect_language(chinese + chinese + chinese, 101);
}

}  // namespace
}  // namespace docpipe::filter_lang
