// The boundaries of web text that carry no full stop before a capital: one
// test per kind, each with the near miss that must stay one sentence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "sentence_splitter.hpp"
#include "split_sentences.hpp"

namespace docpipe::segment_sentences {
namespace {

using ::testing::ElementsAre;

TEST(WebTextRules, LowerCaseStartAfterFullStopQuestionOrExclamation) {
  EXPECT_THAT(
      sentences("we went to the lake. it was cold. are you coming? bring a coat!"),
      ElementsAre("we went to the lake.", "it was cold.", "are you coming?", "bring a coat!"));
  // Near misses: abbreviations, initialisms, a capitalised brand, a quote, a number.
  EXPECT_THAT(
      sentences("They met Pitt & Co. at noon, e.g. the usual place, approx. ten people."),
      ElementsAre("They met Pitt & Co. at noon, e.g. the usual place, approx. ten people."));
  EXPECT_THAT(sentences("She works at Yahoo! in the accounting department."),
              ElementsAre("She works at Yahoo! in the accounting department."));
  EXPECT_THAT(sentences("She turned to him, \"This is great.\" she said."),
              ElementsAre("She turned to him, \"This is great.\" she said."));
  EXPECT_THAT(sentences("Pi is 3.14 roughly and the meeting is at 5 p.m. on the dot."),
              ElementsAre("Pi is 3.14 roughly and the meeting is at 5 p.m. on the dot."));
  // Only in English: Polish "bałt." is an abbreviation the lists do not know.
  EXPECT_THAT(sentences("To słowo bałt. jest skrótem.", "pl"),
              ElementsAre("To słowo bałt. jest skrótem."));
}

TEST(WebTextRules, EmailHeaderTimestamps) {
  EXPECT_THAT(sentences("Kay Mann 04/26/2001 07:17 AM Will you send the final version?"),
              ElementsAre("Kay Mann", "04/26/2001 07:17 AM", "Will you send the final version?"));
  // Near miss: a date and time inside a sentence.
  EXPECT_THAT(sentences("The call is on 04/26/2001 07:17 AM in room five."),
              ElementsAre("The call is on 04/26/2001 07:17 AM in room five."));
}

TEST(WebTextRules, SeparatorLines) {
  EXPECT_THAT(sentences("He was nominated. *** Bush also nominated Kramer."),
              ElementsAre("He was nominated.", "***", "Bush also nominated Kramer."));
  EXPECT_THAT(sentences("Sent from home ===== \"The information is confidential.\""),
              ElementsAre("Sent from home", "=====", "\"The information is confidential.\""));
  // Near misses: a dash inside a sentence, a blank to fill in, censored words.
  EXPECT_THAT(sentences("The feed was cut off to CPS --- do you know who would know?"),
              ElementsAre("The feed was cut off to CPS --- do you know who would know?"));
  EXPECT_THAT(sentences("Write your name ___ here and sign."),
              ElementsAre("Write your name ___ here and sign."));
  EXPECT_THAT(sentences("He said Dia**** Co** to me."), ElementsAre("He said Dia**** Co** to me."));
}

TEST(WebTextRules, Emoticons) {
  EXPECT_THAT(sentences("I joined the project as well :-) Posted by Darin"),
              ElementsAre("I joined the project as well :-)", "Posted by Darin"));
  EXPECT_THAT(sentences("great! :P you get a really good view"),
              ElementsAre("great! :P", "you get a really good view"));
  // Near miss: a colon before a closing bracket is no face.
  EXPECT_THAT(sentences("See the ratio (3:2) There is more."),
              ElementsAre("See the ratio (3:2) There is more."));
}

TEST(WebTextRules, SentencesEndingInALink) {
  EXPECT_THAT(
      sentences("Here is a page http://example.com/p/pages.html It is a starting place."),
      ElementsAre("Here is a page http://example.com/p/pages.html", "It is a starting place."));
  EXPECT_THAT(sentences("Pictures: http://example.com/a.html http://example.com/b.html"),
              ElementsAre("Pictures: http://example.com/a.html", "http://example.com/b.html"));
  EXPECT_THAT(sentences("Write to ann@example.org Our office is closed."),
              ElementsAre("Write to ann@example.org", "Our office is closed."));
  // Near misses: the clause goes on after the link.
  EXPECT_THAT(sentences("Go to http://example.com or call us."),
              ElementsAre("Go to http://example.com or call us."));
  EXPECT_THAT(sentences("I found www.example.com, Mary's favourite shop."),
              ElementsAre("I found www.example.com, Mary's favourite shop."));
}

TEST(WebTextRules, BracketedLinesAndClosingBrackets) {
  EXPECT_THAT(
      sentences("Read it here. (New Scientist Space) NASA is looking to private companies."),
      ElementsAre("Read it here.", "(New Scientist Space)",
                  "NASA is looking to private companies."));
  EXPECT_THAT(
      sentences("Is there a bus? (We check in early and fly next day. ) Hop onto a bus."),
      ElementsAre("Is there a bus?", "(We check in early and fly next day. )", "Hop onto a bus."));
  // Near misses: a bracket inside a sentence, a one-word marker opening it.
  EXPECT_THAT(sentences("The United Nations (UN) Secretary spoke."),
              ElementsAre("The United Nations (UN) Secretary spoke."));
  EXPECT_THAT(sentences("(CNN) President Trump made a trip."),
              ElementsAre("(CNN) President Trump made a trip."));
  EXPECT_THAT(sentences("[1] Alarm fatigue: impacts on safety."),
              ElementsAre("[1] Alarm fatigue: impacts on safety."));
}

TEST(WebTextRules, SignOffsAndGreetings) {
  EXPECT_THAT(sentences("Call me if you need anything. Thanks, Sean"),
              ElementsAre("Call me if you need anything.", "Thanks,", "Sean"));
  EXPECT_THAT(sentences("(See attached file: draft.doc) Best regards, Debra Perlingiere"),
              ElementsAre("(See attached file: draft.doc)", "Best regards,", "Debra Perlingiere"));
  EXPECT_THAT(sentences("Hi John, Thanks for the message."),
              ElementsAre("Hi John,", "Thanks for the message."));
  EXPECT_THAT(sentences("Dear All, My name is Visit."),
              ElementsAre("Dear All,", "My name is Visit."));
  // Near misses: the name is addressed inside a sentence, a lower-case "thanks".
  EXPECT_THAT(sentences("Thanks, John, for the tip."), ElementsAre("Thanks, John, for the tip."));
  EXPECT_THAT(sentences("I said thanks, John smiled."), ElementsAre("I said thanks, John smiled."));
}

TEST(WebTextRules, EllipsisBeforeACapital) {
  EXPECT_THAT(sentences("no more differences of opinion ... In fact you just want peace."),
              ElementsAre("no more differences of opinion ...", "In fact you just want peace."));
  EXPECT_THAT(sentences("It went to CCNG, Inc.. On or about October 6 she called."),
              ElementsAre("It went to CCNG, Inc..", "On or about October 6 she called."));
  // Near misses: the pronoun I and a lower-case word continue the sentence.
  EXPECT_THAT(sentences("... And then the game was over."),
              ElementsAre("... And then the game was over."));
  EXPECT_THAT(sentences("Nice people... I hear the food is good."),
              ElementsAre("Nice people... I hear the food is good."));
  EXPECT_THAT(sentences("what I'm saying . . . I didn't mean it... well, maybe."),
              ElementsAre("what I'm saying . . . I didn't mean it... well, maybe."));
}

TEST(WebTextRules, InlineNumberedItems) {
  EXPECT_THAT(
      sentences("I am staying four nights 1) which island is good 2) I want a beach"),
      ElementsAre("I am staying four nights", "1) which island is good", "2) I want a beach"));
  // Near miss: one "1)" with no "2)" is no list.
  EXPECT_THAT(sentences("Option 1) is the cheap one."), ElementsAre("Option 1) is the cheap one."));
}

TEST(WebTextRules, ApostropheInsideAWordIsNoInitial) {
  EXPECT_THAT(sentences("Hamas, but they didn't. Today's incident proves it."),
              ElementsAre("Hamas, but they didn't.", "Today's incident proves it."));
  EXPECT_THAT(sentences("It was written by J. R. R. Tolkien in Oxford."),
              ElementsAre("It was written by J. R. R. Tolkien in Oxford."));
}

TEST(WebTextRules, TokensAcrossEveryPositionOfTheSpaceMasks) {
  // Tokens are read 64 bytes at a time: a rule must fire wherever its tokens
  // fall against those blocks, after runs of spaces and line breaks too.
  for (size_t pad = 0; pad < 140; ++pad) {
    std::string text(pad % 7 == 0 ? pad : 0, ' ');
    while (text.size() < pad) text += text.size() % 5 == 0 ? "\n" : "x ";
    text += "Call me. Thanks, Sean";
    std::vector<std::string> got = sentences(text);
    ASSERT_GE(got.size(), 2u) << pad;
    EXPECT_EQ(got[got.size() - 2], "Thanks,") << pad;
    EXPECT_EQ(got.back(), "Sean") << pad;
  }
}

}  // namespace
}  // namespace docpipe::segment_sentences
