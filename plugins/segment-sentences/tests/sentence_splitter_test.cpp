// SentenceSplitter directly: the rules of our own on top of ICU.
#include "sentence_splitter.hpp"
#include "split_sentences.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::segment_sentences {
namespace {

using ::testing::ElementsAre;

TEST(SentenceSplitter, EnglishTitlesAndInitialsDoNotEndSentences) {
  EXPECT_THAT(sentences("Mr. Smith met Dr. Jones at Mt. Fuji. They talked."),
              ElementsAre("Mr. Smith met Dr. Jones at Mt. Fuji.", "They talked."));
  EXPECT_THAT(sentences("The Lord of the Rings is by J. R. R. Tolkien. It is long."),
              ElementsAre("The Lord of the Rings is by J. R. R. Tolkien.", "It is long."));
  EXPECT_THAT(sentences("My name is Jonas E. Smith."), ElementsAre("My name is Jonas E. Smith."));
}

TEST(SentenceSplitter, EnglishDottedAbbreviations) {
  EXPECT_THAT(sentences("I work for the U.S. Government in Virginia."),
              ElementsAre("I work for the U.S. Government in Virginia."));
  EXPECT_THAT(sentences("I live in the U.S. How about you?"),
              ElementsAre("I live in the U.S.", "How about you?"));
  EXPECT_THAT(
      sentences("Use a program, e.g. Excel, i.e. Something from Microsoft. Then stop."),
      ElementsAre("Use a program, e.g. Excel, i.e. Something from Microsoft.", "Then stop."));
}

TEST(SentenceSplitter, AbbreviationsBeforeNumbersAndLowerCase) {
  EXPECT_THAT(sentences("Please turn to p. 55. See No. 5 as well."),
              ElementsAre("Please turn to p. 55.", "See No. 5 as well."));
  EXPECT_THAT(sentences("They closed the deal with Pitt, Briggs & Co. at noon."),
              ElementsAre("They closed the deal with Pitt, Briggs & Co. at noon."));
  EXPECT_THAT(sentences("They closed the deal with Pitt, Briggs & Co. It closed yesterday."),
              ElementsAre("They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."));
  EXPECT_THAT(sentences("Upgrade for $900 (Orig. $1,599). Shipping is free."),
              ElementsAre("Upgrade for $900 (Orig. $1,599).", "Shipping is free."));
  // Month and weekday abbreviations that are English words join only before a number.
  EXPECT_THAT(sentences("She sat. Mary stood. It was due Mar. 5 at noon."),
              ElementsAre("She sat.", "Mary stood.", "It was due Mar. 5 at noon."));
  EXPECT_THAT(sentences("She works at Yahoo! in the accounting department."),
              ElementsAre("She works at Yahoo! in the accounting department."));
}

TEST(SentenceSplitter, TimesNumbersAndAddresses) {
  EXPECT_THAT(sentences("At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. "
                        "Smith then went home."),
              ElementsAre("At 5 a.m. Mr. Smith went to the bank.", "He left the bank at 6 P.M.",
                          "Mr. Smith then went home."));
  EXPECT_THAT(sentences("She has $100.00. It is in her bag."),
              ElementsAre("She has $100.00.", "It is in her bag."));
  EXPECT_THAT(sentences("Pi is 3.14159 roughly. Mail Jane.Doe@example.com. I did."),
              ElementsAre("Pi is 3.14159 roughly.", "Mail Jane.Doe@example.com.", "I did."));
}

TEST(SentenceSplitter, Ellipses) {
  EXPECT_THAT(sentences("I wasn't really ... well, what I mean...see . . . what I'm saying . . . I "
                        "didn't mean it."),
              ElementsAre("I wasn't really ... well, what I mean...see . . . what I'm saying . . . "
                          "I didn't mean it."));
  EXPECT_THAT(sentences("I never meant that.... She left the store."),
              ElementsAre("I never meant that....", "She left the store."));
  EXPECT_THAT(sentences("It was weakened. . . . The practice was not abandoned. . . ."),
              ElementsAre("It was weakened.", ". . . The practice was not abandoned. . . ."));
}

TEST(SentenceSplitter, QuotesAndBrackets) {
  EXPECT_THAT(sentences("She turned to him, \"This is great.\" she said."),
              ElementsAre("She turned to him, \"This is great.\" she said."));
  EXPECT_THAT(sentences("She turned to him, \"This is great.\" She held the book out."),
              ElementsAre("She turned to him, \"This is great.\"", "She held the book out."));
  EXPECT_THAT(
      sentences("He teaches science (He worked for 5 years as an engineer.) at the University."),
      ElementsAre("He teaches science (He worked for 5 years as an engineer.) at the University."));
}

TEST(SentenceSplitter, NumberedListsAndBullets) {
  EXPECT_THAT(sentences("1. The first item 2. The second item"),
              ElementsAre("1. The first item", "2. The second item"));
  EXPECT_THAT(sentences("1.) The first item. 2.) The second item."),
              ElementsAre("1.) The first item.", "2.) The second item."));
  EXPECT_THAT(sentences("a. The first item b. The second item c. The third"),
              ElementsAre("a. The first item", "b. The second item", "c. The third"));
  EXPECT_THAT(sentences("\xE2\x80\xA2 9. The first item \xE2\x80\xA2 10. The second item"),
              ElementsAre("\xE2\x80\xA2 9. The first item", "\xE2\x80\xA2 10. The second item"));
}

TEST(SentenceSplitter, ChineseTitleBracketsAreNeverSplit) {
  EXPECT_THAT(sentences("我们明天一起去看《摔跤吧！爸爸》好吗？好！"),
              ElementsAre("我们明天一起去看《摔跤吧！爸爸》好吗？", "好！"));
}

TEST(SentenceSplitter, ChineseClosingQuotesStayOpeningQuotesMove) {
  EXPECT_THAT(sentences("他说：“你好。”她笑了。"), ElementsAre("他说：“你好。”", "她笑了。"));
  EXPECT_THAT(sentences("这是第一句。“第二句。”第三句！"),
              ElementsAre("这是第一句。", "“第二句。”", "第三句！"));
  EXPECT_THAT(sentences("他走了。《红楼梦》是一本书。「好」他说。"),
              ElementsAre("他走了。", "《红楼梦》是一本书。", "「好」他说。"));
  EXPECT_THAT(sentences("真的吗？）然后呢。"), ElementsAre("真的吗？）", "然后呢。"));
}

TEST(SentenceSplitter, GermanOrdinalsAndAbbreviations) {
  EXPECT_THAT(sentences("Was sind die Konsequenzen der Abstimmung vom 12. Juni?", "de"),
              ElementsAre("Was sind die Konsequenzen der Abstimmung vom 12. Juni?"));
  EXPECT_THAT(sentences("Du kannst z. B. Obst essen. Das hilft.", "de-AT"),
              ElementsAre("Du kannst z. B. Obst essen.", "Das hilft."));
}

TEST(SentenceSplitter, OffsetsAreIntoTheWholeTextAndTrimmed) {
  std::string text = "xx  One. Two.  yy";
  SentenceSplitter splitter;
  std::vector<Span> spans;
  splitter.split(text, 2, 15, spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (Span{4, 8}));
  EXPECT_EQ(spans[1], (Span{9, 13}));
}

TEST(SentenceSplitter, EmptyAndBlankTextGiveNothing) {
  EXPECT_TRUE(sentences("").empty());
  EXPECT_TRUE(sentences(" \n\t ").empty());
}

TEST(SentenceSplitter, MegabyteWithoutPunctuationIsOneSentence) {
  std::string text;
  text.reserve(1 << 20);
  while (text.size() < (1u << 20)) text += "word 汉字 ";
  SentenceSplitter splitter;
  std::vector<Span> spans;
  splitter.split(text, 0, text.size(), spans);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, text.size() - 1);  // the trailing space is trimmed
}

TEST(SentenceSplitter, ManyRejectedBoundariesInOneLongSentence) {
  // "X!" is followed by a lower-case word and "y." is an initial before a
  // word that opens no sentence, so ICU's boundaries are all dropped and the
  // sentence start never moves: must stay linear.
  std::string text = "1";
  while (text.size() < (1u << 20)) text += " X! y.";
  text += " End.";
  SentenceSplitter splitter;
  std::vector<Span> spans;
  splitter.split(text, 0, text.size(), spans);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (Span{0, text.size()}));
}

TEST(SentenceSplitter, InvalidUtf8StaysInBounds) {
  std::string text = "Bad \xFF\xFE bytes. Next \xC3 one.\xE6\x88";
  SentenceSplitter splitter;
  std::vector<Span> spans;
  splitter.split(text, 0, text.size(), spans);
  ASSERT_FALSE(spans.empty());
  for (const Span& s : spans) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
  }
}

TEST(SentenceSplitter, InstanceIsReusedAcrossCallsAndLanguages) {
  SentenceSplitter splitter;
  std::vector<Span> spans;
  std::string a = "One. Two.", b = "好！好。";
  splitter.split(a, 0, a.size(), spans);
  splitter.set_language("zh");
  splitter.split(b, 0, b.size(), spans);
  EXPECT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[2], (Span{0, 6}));
}

}  // namespace
}  // namespace docpipe::segment_sentences
