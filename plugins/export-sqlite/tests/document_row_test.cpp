#include "document_row.hpp"

#include <gtest/gtest.h>

#include "fake_document.hpp"

namespace docpipe::sqlite {
namespace {

using test::FakeDocument;

TEST(Slice, ClampsOffsetsOutsideTheText) {
  EXPECT_EQ(slice("abcdef", 1, 3), "bc");
  EXPECT_EQ(slice("abcdef", 4, 100), "ef");
  EXPECT_EQ(slice("abcdef", 6, 7), "");
  EXPECT_EQ(slice("abcdef", 5, 2), "");
  EXPECT_EQ(slice("", 0, 1), "");
}

TEST(AppendWord, JoinsWithOneSpaceAndSkipsBlankWords) {
  std::string words;
  append_word(words, "北京");
  append_word(words, " ");
  append_word(words, "\n\t");
  append_word(words, "大学");
  append_word(words, "");
  EXPECT_EQ(words, "北京 大学");
}

TEST(FillRow, TakesFieldsTitleLangAndNumbersSegmentsPerKind) {
  FakeDocument doc;
  doc.id_ = "a.html";
  doc.text_ = "北京大学 is here. Second one.";
  doc.url_ = "https://example.com/a";
  doc.http_status_ = 200;
  doc.meta_ = {{"title", "标题", false}, {"lang", "zh", false}, {"tags", "[\"x\"]", true}};
  doc.segment_over("sentence", "北京大学 is here.");
  doc.segment_over("word", "北京");
  doc.segment_over("sentence", "Second one.");
  doc.segment_over("word", "大学");
  doc.segments_.push_back({"word", 1000, 2000});  // outside the text: empty, no crash

  DocumentRow row;
  SegmentCounter counter;
  fill_row(doc, row, "word", counter);
  EXPECT_EQ(row.id, "a.html");
  EXPECT_EQ(row.title, "标题");
  EXPECT_EQ(row.lang, "zh");
  EXPECT_EQ(row.http_status, 200);
  ASSERT_EQ(row.meta.size(), 3u);
  EXPECT_TRUE(row.meta[2].is_json);
  ASSERT_EQ(row.segments.size(), 5u);
  EXPECT_EQ(row.segments[0].kind, "sentence");
  EXPECT_EQ(row.segments[0].seq, 0);
  EXPECT_EQ(row.segments[2].seq, 1);  // second sentence
  EXPECT_EQ(row.segments[3].seq, 1);  // second word
  EXPECT_EQ(row.segments[3].text, "大学");
  EXPECT_EQ(row.segments[4].text, "");
  EXPECT_TRUE(row.has_words);
  EXPECT_EQ(row.words, "北京 大学");

  // Reused for the next document: nothing carries over.
  FakeDocument plain;
  plain.id_ = "b";
  plain.text_ = "text";
  fill_row(plain, row, "word", counter);
  EXPECT_TRUE(row.meta.empty());
  EXPECT_TRUE(row.segments.empty());
  EXPECT_FALSE(row.has_words);
  EXPECT_EQ(row.words, "");
  EXPECT_EQ(row.title, "");
}

TEST(FillRow, JsonTitleIsNotTakenAsTheTitleColumn) {
  FakeDocument doc;
  doc.id_ = "x";
  doc.meta_ = {{"title", "[\"a\",\"b\"]", true}};
  DocumentRow row;
  SegmentCounter counter;
  fill_row(doc, row, "", counter);
  EXPECT_EQ(row.title, "");
  EXPECT_FALSE(row.has_words);
}

}  // namespace
}  // namespace docpipe::sqlite
