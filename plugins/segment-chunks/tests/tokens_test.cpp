#include "tokens.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace docpipe::segment_chunks {
namespace {

std::vector<std::string> tokens(std::string_view text) {
  std::vector<Range> r;
  scan_tokens(text, r);
  std::vector<std::string> out;
  for (const Range& t : r) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

TEST(Tokens, WordsBySpacesAndCjkByCharacter) {
  EXPECT_EQ(tokens("Hello,  world\nagain"), (std::vector<std::string>{"Hello,", "world", "again"}));
  EXPECT_EQ(tokens("我爱你。"), (std::vector<std::string>{"我", "爱", "你", "。"}));
  EXPECT_EQ(tokens("abc中文def"), (std::vector<std::string>{"abc", "中", "文", "def"}));
  EXPECT_EQ(tokens("全角\xE3\x80\x80空格"), (std::vector<std::string>{"全", "角", "空", "格"}));
}

TEST(Tokens, EmptyAndInvalidUtf8) {
  EXPECT_TRUE(tokens("").empty());
  EXPECT_TRUE(tokens(" \n ").empty());
  EXPECT_EQ(tokens("a\xFF\xE6 b"), (std::vector<std::string>{"a\xFF\xE6", "b"}));
}

TEST(Tokens, WordSegmentsBecomeTokensWithoutBlanks) {
  std::string text = "我们 明天见";
  // As segment.words might give them: unordered, a space as a word, one past the end.
  std::vector<Range> words{{7, 13}, {0, 6}, {6, 7}, {13, 16}, {10, 99}};
  tokens_from_words(text, words);
  EXPECT_EQ(words, (std::vector<Range>{{0, 6}, {7, 13}, {13, 16}}));
}

}  // namespace
}  // namespace docpipe::segment_chunks
