#include "json_line.hpp"

#include <gtest/gtest.h>

namespace {

using namespace docpipe::fetch_jsonl;

TEST(JsonLine, KnownFieldsMetadataAndOtherKeys) {
  JsonLineParser p;
  JsonLine l;
  std::string error;
  ASSERT_TRUE(p.parse(
      R"({"id":"d1","text":"hello","url":"http://x/","metadata":{"lang":"en","n":3},"score":0.5})",
      l, error))
      << error;
  EXPECT_EQ(l.id.value_or(""), "d1");
  EXPECT_EQ(l.text.value_or(""), "hello");
  EXPECT_EQ(l.url.value_or(""), "http://x/");
  EXPECT_FALSE(l.html);
  ASSERT_EQ(l.metadata.size(), 3u);
  EXPECT_EQ(l.metadata[0].key, "lang");
  EXPECT_FALSE(l.metadata[0].is_json);
  EXPECT_EQ(l.metadata[1].value, "3");
  EXPECT_TRUE(l.metadata[1].is_json);
  EXPECT_EQ(l.metadata[2].key, "score");
}

TEST(JsonLine, NumericIdHtmlAndMissingId) {
  JsonLineParser p;
  JsonLine l;
  std::string error;
  ASSERT_TRUE(p.parse(R"({"id":42,"html":"<p>x</p>"})", l, error));
  EXPECT_EQ(l.id.value_or(""), "42");
  EXPECT_EQ(l.html.value_or(""), "<p>x</p>");
  ASSERT_TRUE(p.parse(R"({"text":"no id"})", l, error));
  EXPECT_FALSE(l.id);
}

TEST(JsonLine, ErrorsSayWhat) {
  JsonLineParser p;
  JsonLine l;
  std::string error;
  EXPECT_FALSE(p.parse(R"({"id":"a","text":"unterminated)", l, error));
  EXPECT_NE(error.find("invalid JSON"), std::string::npos);
  EXPECT_FALSE(p.parse("[1,2]", l, error));
  EXPECT_NE(error.find("object"), std::string::npos);
  EXPECT_FALSE(p.parse(R"({"text":5})", l, error));
  EXPECT_NE(error.find("\"text\""), std::string::npos);
  EXPECT_FALSE(p.parse(R"({"text":"a","metadata":[1]})", l, error));
  EXPECT_FALSE(p.parse(std::string(1000, '['), l, error));  // too deep: an error, not a crash
  // The parser is usable again after errors.
  EXPECT_TRUE(p.parse(R"({"text":"ok"})", l, error));
}

// Minimised from a fuzzing campaign: an empty id passed the source and failed
// only in export.sqlite; it fails here, with the reason.
TEST(JsonLine, EmptyIdFailsTheLine) {
  JsonLineParser p;
  JsonLine l;
  std::string error;
  EXPECT_FALSE(p.parse(R"({"id":"","text":"x"})", l, error));
  EXPECT_NE(error.find("\"id\" is empty"), std::string::npos) << error;
  ASSERT_TRUE(p.parse(R"({"id":" ","text":"x"})", l, error)) << error;
  EXPECT_EQ(l.id.value_or(""), " ");
}

}  // namespace
