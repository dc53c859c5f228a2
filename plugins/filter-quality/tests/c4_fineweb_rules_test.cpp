// C4 and FineWeb rules on documents just inside and just outside their defaults, English and
// Chinese (CJK sentence ends and characters as words).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rule_test_support.hpp"

namespace docpipe::filter_quality::test {
namespace {

// n lines of `per_line` words, each ending as given.
std::string lines(bool zh, size_t n, std::string_view end, size_t per_line = 6, size_t first = 0) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += words(zh, per_line, first + i * 50) + std::string(end) + "\n";
  }
  return out;
}

TEST(C4Rules, MinSentencesCountsCjkSentenceEnds) {
  for (bool zh : {false, true}) {
    SCOPED_TRACE(zh ? "zh" : "en");
    const char* lang = zh ? "zh" : "en";
    std::string stop = zh ? "。" : ".";
    Measures m;
    EXPECT_EQ(judge(lines(zh, 5, stop), lang, c4_set, nullptr, &m), "");
    EXPECT_EQ(m.get(Measure::c4_sentences), 5);
    std::string why = judge(lines(zh, 4, stop), lang, c4_set);
    EXPECT_NE(why.find("c4_min_sentences"), std::string::npos) << why;
    // Lines without a terminal mark, or with too few words, do not count.
    std::string text = lines(zh, 4, stop) + lines(zh, 3, "", 6, 900) + lines(zh, 1, stop, 2, 990);
    EXPECT_NE(judge(text, lang, c4_set), "");
    // Two sentences on one line count twice.
    std::string two =
        words(zh, 5, 2000) + stop + (zh ? "" : " ") + words(zh, 5, 2100) + stop + "\n";
    EXPECT_EQ(judge(lines(zh, 3, stop) + two, lang, c4_set), "");
  }
}

TEST(C4Rules, LoremIpsumCurlyBracketJavascriptPolicy) {
  std::string good = lines(false, 6, ".");
  EXPECT_EQ(judge(good, "en", c4_set), "");
  std::string why = judge(good + "Lorem ipsum dolor sit amet.\n", "en", c4_set);
  EXPECT_NE(why.find("c4_lorem_ipsum"), std::string::npos) << why;
  EXPECT_EQ(judge(good + "Lorem ipsum dolor sit amet.\n", "en", c4_set, nullptr, nullptr,
                  {{"c4_lorem_ipsum", 0}}),
            "");
  why = judge(good + "the value is {x} here.\n", "en", c4_set);
  EXPECT_NE(why.find("c4_curly_bracket"), std::string::npos) << why;
  // A '{' on a line that C4 removes anyway (no end punctuation) does not drop the document.
  EXPECT_EQ(judge(good + "the value is {x} here\n", "en", c4_set), "");
  // Javascript and policy lines are not counted: four sentences left.
  std::string four = lines(false, 4, ".");
  EXPECT_NE(judge(four + "Please enable JavaScript in your browser.\n", "en", c4_set), "");
  EXPECT_NE(judge(four + "Read our privacy policy for details.\n", "en", c4_set), "");
  EXPECT_EQ(judge(four + "Please enable JavaScript in your browser.\n", "en", c4_set, nullptr,
                  nullptr, {{"c4_javascript", 0}}),
            "");
}

TEST(FineWebRules, LinePunctuationAcceptsCjkMarks) {
  for (bool zh : {false, true}) {
    SCOPED_TRACE(zh ? "zh" : "en");
    const char* lang = zh ? "zh" : "en";
    std::string stop = zh ? "！" : "!";
    // 3 of 25 lines end in punctuation: 0.12; 2 of 25: 0.08.
    std::string inside = lines(zh, 3, stop, 8) + lines(zh, 22, "", 8, 500);
    EXPECT_EQ(judge(inside, lang, fineweb_set, "fineweb_min_line_punct_ratio"), "");
    std::string outside = lines(zh, 2, stop, 8) + lines(zh, 23, "", 8, 500);
    std::string why = judge(outside, lang, fineweb_set, "fineweb_min_line_punct_ratio");
    EXPECT_NE(why.find("fineweb_min_line_punct_ratio"), std::string::npos) << why;
  }
}

TEST(FineWebRules, ShortLines) {
  for (bool zh : {false, true}) {
    SCOPED_TRACE(zh ? "zh" : "en");
    const char* lang = zh ? "zh" : "en";
    // Short: at most 30 characters. 67 of 100 lines short inside, 68 outside.
    size_t long_words = zh ? 40 : 7;   // 7 five-letter words: 41 characters
    size_t short_words = zh ? 30 : 5;  // 29 characters, or 30 Han characters
    std::string inside = lines(zh, 67, "", short_words) + lines(zh, 33, "", long_words, 9000);
    EXPECT_EQ(judge(inside, lang, fineweb_set, "fineweb_max_short_line_ratio"), "");
    std::string outside = lines(zh, 68, "", short_words) + lines(zh, 32, "", long_words, 9000);
    std::string why = judge(outside, lang, fineweb_set, "fineweb_max_short_line_ratio");
    EXPECT_NE(why.find("fineweb_max_short_line_ratio"), std::string::npos) << why;
  }
}

// Exactly n code points of unique words on one line.
std::string unique_text(bool zh, size_t n) {
  if (zh) return words(true, n, 3000);
  std::string t;
  size_t i = 3000;
  while (n > 12) {
    t += pseudo_word(i++, 10) + " ";
    n -= 11;
  }
  return t + pseudo_word(i, n);
}

TEST(FineWebRules, DuplicateLineCharacters) {
  for (bool zh : {false, true}) {
    SCOPED_TRACE(zh ? "zh" : "en");
    const char* lang = zh ? "zh" : "en";
    // A 10-character line twice: its second copy is 10/1010 = 0.0099 of the characters that are
    // not newlines inside, 10/990 = 0.0101 outside.
    std::string dup = zh ? words(true, 10, 7000) : "qbbbb qccc";
    std::string head = dup + "\n" + dup + "\n";
    Measures m;
    EXPECT_EQ(judge(head + unique_text(zh, 990), lang, fineweb_set,
                    "fineweb_max_dup_line_chars_ratio", &m),
              "");
    EXPECT_NEAR(m.get(Measure::line_dup_chars_ratio), 10.0 / 1010, 1e-9);
    std::string why =
        judge(head + unique_text(zh, 970), lang, fineweb_set, "fineweb_max_dup_line_chars_ratio");
    EXPECT_NE(why.find("fineweb_max_dup_line_chars_ratio"), std::string::npos) << why;
  }
}

TEST(FineWebRules, NewlinesPerWord) {
  for (bool zh : {false, true}) {
    SCOPED_TRACE(zh ? "zh" : "en");
    const char* lang = zh ? "zh" : "en";
    // 3 newlines among 10 words: 0.3; 4 newlines: 0.4.
    std::string inside = words(zh, 3) + "\n" + words(zh, 3, 10) + "\n" + words(zh, 4, 20) + "\n";
    EXPECT_EQ(judge(inside, lang, fineweb_set, "fineweb_max_newline_ratio"), "");
    std::string why = judge(inside + "\n", lang, fineweb_set, "fineweb_max_newline_ratio");
    EXPECT_NE(why.find("fineweb_max_newline_ratio"), std::string::npos) << why;
  }
}

}  // namespace
}  // namespace docpipe::filter_quality::test
