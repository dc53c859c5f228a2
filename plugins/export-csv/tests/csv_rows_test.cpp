#include "csv_rows.hpp"

#include <gtest/gtest.h>

namespace docpipe::csv {
namespace {

TEST(CsvField, QuotedOnlyWhenNeeded) {
  std::string out;
  append_row(out, {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "中文", ""});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",中文,\r\n");
}

TEST(CsvRows, DocumentAndSegmentRows) {
  output::DocumentView doc;
  doc.id = "d";
  doc.text = "One, two. Three";
  doc.metadata = {{"url", "https://x", false}, {"tags", "[\"a\",\"b\"]", true}};
  doc.segments = {{"sentence", 0, 9}, {"word", 0, 3}, {"sentence", 10, 15}};
  std::string out;
  EXPECT_EQ(append_rows(out, doc, "document", {{"id", "url", "tags", "missing", "text"}}), 1u);
  EXPECT_EQ(out, "d,https://x,\"[\"\"a\"\",\"\"b\"\"]\",,\"One, two. Three\"\r\n");
  out.clear();
  EXPECT_EQ(append_rows(out, doc, "sentence", default_columns("sentence")), 2u);
  EXPECT_EQ(out, "d#0,d,sentence,0,9,\"One, two.\"\r\nd#1,d,sentence,10,15,Three\r\n");
  out.clear();
  EXPECT_EQ(append_rows(out, doc, "chunk", default_columns("chunk")), 0u);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace docpipe::csv
