// Gopher quality and repetition rules, each on documents just inside and just outside its default
// threshold, in English and in Chinese (where words are characters).
#include <gtest/gtest.h>

#include <string>

#include "rule_test_support.hpp"

namespace docpipe::filter_quality::test {
namespace {

struct Lang {
  bool zh;
  const char* code;
};
constexpr Lang langs[] = {{false, "en"}, {true, "zh"}};

std::string gopher(std::string_view text, const Lang& l, const char* only, Measures* m = nullptr) {
  return judge(text, l.code, gopher_set, only, m);
}

// Joins lines with a separator.
std::string join(const std::vector<std::string>& lines, std::string_view sep) {
  std::string out;
  for (const auto& s : lines) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

void expect_kept(const std::string& why) { EXPECT_EQ(why, "") << why; }
void expect_dropped(const std::string& why, std::string_view param) {
  EXPECT_NE(why.find(param), std::string::npos) << "reason: '" << why << "'";
}

TEST(GopherQuality, MinWordsCountsCharactersForChinese) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    Measures m;
    expect_kept(gopher(words(l.zh, 50), l, "gopher_min_words", &m));
    EXPECT_EQ(m.get(Measure::words), 50);
    std::string why = gopher(words(l.zh, 49), l, "gopher_min_words");
    expect_dropped(why, "gopher_min_words");
    EXPECT_NE(why.find("words 49 < 50"), std::string::npos) << why;
  }
}

TEST(GopherQuality, MaxWords) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    expect_kept(gopher(words(l.zh, 100000), l, "gopher_max_words"));
    expect_dropped(gopher(words(l.zh, 100001), l, "gopher_max_words"), "gopher_max_words");
  }
}

TEST(GopherQuality, AverageWordLengthEnglishOnly) {
  Lang en = langs[0];
  // 50 words of 3 letters: mean 3.0; one of them of 2 letters: 2.98.
  std::string three = words(false, 50, 0, 3);
  expect_kept(gopher(three, en, "gopher_min_avg_word_length"));
  std::string shorter = "qb " + words(false, 49, 0, 3);
  expect_dropped(gopher(shorter, en, "gopher_min_avg_word_length"), "gopher_min_avg_word_length");
  // 50 words of 10 letters: mean 10.0; one of 11 letters: 10.02.
  expect_kept(gopher(words(false, 50, 0, 10), en, "gopher_max_avg_word_length"));
  std::string longer = words(false, 1, 900, 11) + " " + words(false, 49, 0, 10);
  expect_dropped(gopher(longer, en, "gopher_max_avg_word_length"), "gopher_max_avg_word_length");
  // Characters have no word length: the rule does not apply to Chinese.
  Measures m;
  expect_kept(gopher(words(true, 60), langs[1], "gopher_min_avg_word_length", &m));
  EXPECT_FALSE(m.has_value(Measure::avg_word_length));
}

std::string with_symbols(bool zh, size_t n_words, std::string_view symbol, size_t n_symbols) {
  std::string text = words(zh, n_words);
  for (size_t i = 0; i < n_symbols; ++i) text += std::string(" ") + std::string(symbol);
  return text + (zh ? "。" : ".");
}

TEST(GopherQuality, HashAndEllipsisPerWord) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    // 54 words, 5 symbols and the final stop: 5/60 = 0.083 and 6/61 = 0.098 inside, 7/62 outside.
    for (auto [sym, param] :
         {std::pair{"#", "gopher_max_hash_ratio"}, std::pair{"…", "gopher_max_ellipsis_ratio"}}) {
      Measures m;
      expect_kept(gopher(with_symbols(l.zh, 54, sym, 6), l, param, &m));
      EXPECT_LE(m.get(sym[0] == '#' ? Measure::hash_ratio : Measure::ellipsis_ratio), 0.1);
      expect_dropped(gopher(with_symbols(l.zh, 54, sym, 7), l, param), param);
    }
  }
}

std::vector<std::string> lines_of(bool zh, size_t n, size_t words_per_line = 8) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < n; ++i) lines.push_back(words(zh, words_per_line, i * 100));
  return lines;
}

TEST(GopherQuality, BulletLines) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    auto lines = lines_of(l.zh, 20);
    for (size_t i = 0; i < 18; ++i) lines[i] = "- " + lines[i];  // 18/20 = 0.9
    expect_kept(gopher(join(lines, "\n"), l, "gopher_max_bullet_lines_ratio"));
    lines[18] = "• " + lines[18];  // 19/20
    expect_dropped(gopher(join(lines, "\n"), l, "gopher_max_bullet_lines_ratio"),
                   "gopher_max_bullet_lines_ratio");
  }
}

TEST(GopherQuality, EllipsisLinesAcceptCjkEllipsis) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    auto lines = lines_of(l.zh, 10);
    const char* ellipsis = l.zh ? "……" : "...";
    for (size_t i = 0; i < 3; ++i) lines[i] += ellipsis;  // 3/10
    expect_kept(gopher(join(lines, "\n"), l, "gopher_max_ellipsis_lines_ratio"));
    lines[3] += ellipsis;  // 4/10
    expect_dropped(gopher(join(lines, "\n"), l, "gopher_max_ellipsis_lines_ratio"),
                   "gopher_max_ellipsis_lines_ratio");
  }
}

TEST(GopherQuality, AlphaWords) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    std::string text = words(l.zh, 40);
    for (size_t i = 0; i < 10; ++i) text += " " + std::to_string(1000 + i);  // 40/50 = 0.8
    expect_kept(gopher(text, l, "gopher_min_alpha_words_ratio"));
    text += " 2000";  // 40/51
    expect_dropped(gopher(text, l, "gopher_min_alpha_words_ratio"), "gopher_min_alpha_words_ratio");
  }
}

TEST(GopherQuality, StopWordsPerLanguage) {
  for (const Lang& l : langs) {
    SCOPED_TRACE(l.code);
    std::string stop = l.zh ? "的" : " the ";
    std::string two = words(l.zh, 30) + stop + words(l.zh, 30, 50) + stop + words(l.zh, 5, 90);
    Measures m;
    expect_kept(gopher(two, l, "gopher_min_stop_words", &m));
    EXPECT_EQ(m.get(Measure::stop_words), 2);
    std::string one = words(l.zh, 30) + stop + words(l.zh, 30, 50);
    expect_dropped(gopher(one, l, "gopher_min_stop_words"), "gopher_min_stop_words");
  }
  // English stop words do not make Chinese text pass, and the other way round.
  EXPECT_NE(gopher(words(true, 60) + " the and of ", langs[1], "gopher_min_stop_words"), "");
  EXPECT_NE(gopher(words(false, 60) + " 的 是 了", langs[0], "gopher_min_stop_words"), "");
}

TEST(GopherRepetition, DuplicateLinesAndParagraphs) {
  for (const Lang& l : langs) {
    for (auto [sep, param] : {std::pair{"\n", "gopher_max_dup_lines_ratio"},
                              std::pair{"\n\n", "gopher_max_dup_paragraphs_ratio"}}) {
      SCOPED_TRACE(std::string(l.code) + " " + param);
      auto lines = lines_of(l.zh, 10);
      for (size_t i = 1; i <= 3; ++i) lines[i] = lines[0];  // 3 of 10 repeat an earlier one
      expect_kept(gopher(join(lines, sep), l, param));
      lines[4] = lines[0];  // 4 of 10
      expect_dropped(gopher(join(lines, sep), l, param), param);
    }
  }
}

// Unique filler that brings text to exactly `total` code points.
std::string pad_to(std::string text, bool zh, size_t total, std::string_view sep) {
  size_t have = curation::count_code_points(text);
  EXPECT_LT(have + sep.size() + 2, total);
  text += sep;
  size_t left = total - curation::count_code_points(text);
  if (zh) return text + words(true, left, 5000);
  size_t i = 7000;
  while (left > 12) {
    text += pseudo_word(i++, 10) + " ";
    left -= 11;
  }
  return text + pseudo_word(i, left);
}

TEST(GopherRepetition, DuplicateLineAndParagraphCharacters) {
  for (const Lang& l : langs) {
    for (auto [sep, param] : {std::pair{"\n", "gopher_max_dup_line_chars_ratio"},
                              std::pair{"\n\n", "gopher_max_dup_paragraph_chars_ratio"}}) {
      SCOPED_TRACE(std::string(l.code) + " " + param);
      // A 20-character line twice: 20/105 = 0.19 of the text inside, 20/95 = 0.21 outside.
      std::string line = l.zh ? words(true, 20, 300) : pseudo_word(1, 9) + " " + pseudo_word(2, 10);
      std::string twice = line + std::string(sep) + line;
      expect_kept(gopher(pad_to(twice, l.zh, 105, sep), l, param));
      expect_dropped(gopher(pad_to(twice, l.zh, 95, sep), l, param), param);
    }
  }
}

TEST(GopherRepetition, TopNGramCharacters) {
  struct Case {
    size_t n;
    const char* param;
    double threshold;
  };
  for (const Lang& l : langs) {
    for (Case c :
         {Case{2, "gopher_max_top_2gram_ratio", 0.2}, Case{3, "gopher_max_top_3gram_ratio", 0.18},
          Case{4, "gopher_max_top_4gram_ratio", 0.16}}) {
      SCOPED_TRACE(std::string(l.code) + " " + c.param);
      // The n-gram four times, apart; its characters (spaces between English words included).
      std::string gram = words(l.zh, c.n, 400, 4);
      size_t gram_chars = curation::count_code_points(gram);
      std::string text;
      for (size_t k = 0; k < 4; ++k)
        text += gram + (l.zh ? words(true, 1, 600 + k) : " " + pseudo_word(600 + k, 6) + " ");
      double covered = 4.0 * gram_chars;
      auto inside = static_cast<size_t>(covered / (c.threshold - 0.01));
      auto outside = static_cast<size_t>(covered / (c.threshold + 0.01));
      Measures m;
      expect_kept(gopher(pad_to(text, l.zh, inside, " "), l, c.param, &m));
      expect_dropped(gopher(pad_to(text, l.zh, outside, " "), l, c.param), c.param);
    }
  }
}

TEST(GopherRepetition, RepeatedNGramCharacters) {
  constexpr std::pair<size_t, const char*> cases[] = {
      {5, "gopher_max_dup_5gram_ratio"}, {6, "gopher_max_dup_6gram_ratio"},
      {7, "gopher_max_dup_7gram_ratio"}, {8, "gopher_max_dup_8gram_ratio"},
      {9, "gopher_max_dup_9gram_ratio"}, {10, "gopher_max_dup_10gram_ratio"}};
  for (const Lang& l : langs) {
    for (auto [n, param] : cases) {
      SCOPED_TRACE(std::string(l.code) + " " + param);
      double threshold = table_default(param);
      // The n-gram twice: the second copy's characters (without spaces) are repeated.
      std::string gram = words(l.zh, n, 400, 4);
      double repeated = l.zh ? n : 4.0 * n;
      std::string text =
          gram + (l.zh ? words(true, 3, 700) : " " + words(false, 3, 700) + " ") + gram;
      auto inside = static_cast<size_t>(repeated / (threshold - 0.01));
      auto outside = static_cast<size_t>(repeated / (threshold + 0.01));
      expect_kept(gopher(pad_to(text, l.zh, inside, " "), l, param));
      expect_dropped(gopher(pad_to(text, l.zh, outside, " "), l, param), param);
    }
  }
}

}  // namespace
}  // namespace docpipe::filter_quality::test
