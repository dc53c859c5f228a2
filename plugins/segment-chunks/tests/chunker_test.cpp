#include "chunker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace docpipe::segment_chunks {
namespace {

using ::testing::ElementsAre;

struct Result {
  std::vector<std::string> texts;
  std::vector<Range> ranges;
  std::vector<Range> tokens;
};

Result run(std::string_view text, size_t max_tokens, size_t overlap = 0,
           const std::vector<uint64_t>* blocks = nullptr,
           const std::vector<uint64_t>* sentences = nullptr) {
  Result r;
  scan_tokens(text, r.tokens);
  Chunker chunker({max_tokens, overlap});
  chunker.chunk(text, r.tokens, BoundaryHints{blocks, sentences}, r.ranges);
  for (const Range& c : r.ranges) r.texts.emplace_back(text.substr(c.begin, c.end - c.begin));
  return r;
}

size_t tokens_in(const Result& r, const Range& c) {
  size_t n = 0;
  for (const Range& t : r.tokens) n += t.begin >= c.begin && t.end <= c.end ? 1 : 0;
  return n;
}

bool is_token_begin(const Result& r, uint64_t at) {
  for (const Range& t : r.tokens)
    if (t.begin == at) return true;
  return false;
}
bool is_token_end(const Result& r, uint64_t at) {
  for (const Range& t : r.tokens)
    if (t.end == at) return true;
  return false;
}

TEST(Chunker, PrefersSentenceEndsAndPacksSentences) {
  auto r = run("One two three. Four five six. Seven eight nine ten eleven.", 7);
  EXPECT_THAT(r.texts,
              ElementsAre("One two three. Four five six.", "Seven eight nine ten eleven."));
}

TEST(Chunker, PrefersBlankLinesOverSentences) {
  auto r = run("A b. C d\n\nE f. G h. I j.", 6);
  EXPECT_THAT(r.texts, ElementsAre("A b. C d", "E f. G h. I j."));
}

TEST(Chunker, UsesGivenBlockAndSentenceStarts) {
  std::string text = "alpha beta gamma delta epsilon zeta";
  std::vector<uint64_t> blocks{0, 11};     // "gamma" starts a block
  std::vector<uint64_t> sentences{0, 23};  // "epsilon" starts a sentence
  auto r = run(text, 5, 0, &blocks, &sentences);
  EXPECT_THAT(r.texts, ElementsAre("alpha beta", "gamma delta epsilon zeta"));
  auto s = run(text, 4, 0, nullptr, &sentences);
  EXPECT_THAT(s.texts, ElementsAre("alpha beta gamma delta", "epsilon zeta"));
}

TEST(Chunker, FallsBackToWordsAndNeverExceedsMax) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "w" + std::to_string(i) + " ";
  auto r = run(text, 7);
  ASSERT_EQ(r.ranges.size(), 15u);  // ceil(100 / 7)
  for (const Range& c : r.ranges) {
    EXPECT_LE(tokens_in(r, c), 7u);
    EXPECT_TRUE(is_token_begin(r, c.begin));
    EXPECT_TRUE(is_token_end(r, c.end));
  }
}

TEST(Chunker, CjkCountsCharactersAndNeverSplitsOne) {
  std::string text = "我们明天一起去看电影好吗。好的我们走吧";
  auto r = run(text, 5);
  for (const Range& c : r.ranges) {
    EXPECT_LE(tokens_in(r, c), 5u);
    EXPECT_TRUE(is_token_begin(r, c.begin));
    EXPECT_TRUE(is_token_end(r, c.end));
  }
  // Five characters, five, then the sentence end after 。 wins over the limit.
  EXPECT_THAT(r.texts, ElementsAre("我们明天一", "起去看电影", "好吗。", "好的我们走", "吧"));
}

TEST(Chunker, OverlapRepeatsTheTailOfThePreviousChunk) {
  auto r = run("a b c d e f g h i j", 4, 2);
  EXPECT_THAT(r.texts, ElementsAre("a b c d", "c d e f", "e f g h", "g h i j"));
}

TEST(Chunker, OverlapIsPrependedAfterTheCutIsChosen) {
  // New content per chunk after the first is max - overlap = 2 tokens.
  auto r = run("A b.\n\nC d e f g h i", 5, 3);
  EXPECT_THAT(r.texts, ElementsAre("A b.", "A b.\n\nC d", "b.\n\nC d e f", "d e f g h", "f g h i"));
  for (const Range& c : r.ranges) EXPECT_LE(tokens_in(r, c), 5u);
}

TEST(Chunker, SoftBeginsKeepAHeadingWithItsText) {
  // Without the soft begin the block start after "Title" would win over the sentence end.
  std::string text = "Title\n\nBody one. Two three";
  std::vector<uint64_t> blocks{0};
  std::vector<uint64_t> soft{7};
  Result r;
  scan_tokens(text, r.tokens);
  Chunker chunker({4, 0});
  std::vector<uint64_t> anchors;
  chunker.chunk(text, r.tokens, BoundaryHints{&blocks, nullptr, &soft}, r.ranges, &anchors);
  ASSERT_EQ(r.ranges.size(), 2u);
  EXPECT_EQ(text.substr(r.ranges[0].begin, r.ranges[0].end - r.ranges[0].begin),
            "Title\n\nBody one.");
  EXPECT_EQ(anchors, (std::vector<uint64_t>{0, 17}));
}

TEST(Chunker, EmptyTextGivesNoChunks) {
  auto r = run("", 10);
  EXPECT_TRUE(r.ranges.empty());
  auto blank = run("  \n\n ", 10);
  EXPECT_TRUE(blank.ranges.empty());
}

TEST(Chunker, MegabyteWithoutPunctuation) {
  std::string text;
  text.reserve((1 << 20) + 16);
  while (text.size() < (1u << 20)) text += "lorem 汉字 ";
  auto r = run(text, 512, 64);
  ASSERT_FALSE(r.ranges.empty());
  EXPECT_EQ(r.ranges.front().begin, 0u);
  EXPECT_EQ(r.ranges.back().end, r.tokens.back().end);
  for (size_t i = 1; i < r.ranges.size(); ++i) EXPECT_LT(r.ranges[i - 1].begin, r.ranges[i].begin);
}

TEST(Chunker, RejectsBadOptions) {
  EXPECT_THROW(Chunker({0, 0}), std::invalid_argument);
  EXPECT_THROW(Chunker({5, 5}), std::invalid_argument);
}

// Minimised from a fuzzing campaign: text with no word tokens (flags, emoji,
// U+FFFD, private use) or no spaces became one chunk whatever max_tokens was.
TEST(Chunker, TextWithoutWordsStillHonoursMaxTokens) {
  std::string flag = "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";  // two regional indicators
  std::string fffd = "\xEF\xBF\xBD";
  std::string pua = "\xEE\x80\x80";
  std::string emoji = "\xF0\x9F\x98\x80";
  for (const std::string& unit : {flag, fffd, pua, emoji, std::string("x")}) {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += unit;
    Result r = run(text, 10);
    EXPECT_GT(r.ranges.size(), 10u) << unit;
    for (const Range& c : r.ranges) EXPECT_LE(c.end - c.begin, 10 * 64 * unit.size()) << unit;
    for (const std::string& t : r.texts) EXPECT_FALSE(t.empty());
  }
}

TEST(Chunker, SymbolsBetweenWordSegmentsCount) {
  // As segment.words gives them: "a" and "b" are words, the emoji between are none.
  std::string emoji = "\xF0\x9F\x98\x80";
  std::string text = "a ";
  for (int i = 0; i < 1000; ++i) text += emoji;
  text += " b";
  std::vector<Range> tokens{{0, 1}, {text.size() - 1, text.size()}};
  tokens_from_words(text, tokens);
  EXPECT_EQ(tokens.size(), 1002u);
  std::vector<Range> chunks;
  Chunker chunker({10, 0});
  chunker.chunk(text, tokens, BoundaryHints{}, chunks);
  EXPECT_EQ(chunks.size(), 101u);
  for (const Range& c : chunks) EXPECT_LE(c.end - c.begin, 10 * emoji.size());
}

}  // namespace
}  // namespace docpipe::segment_chunks
