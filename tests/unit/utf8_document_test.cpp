#include <gtest/gtest.h>

#include "document.hpp"
#include "host_api.hpp"
#include "utf8.hpp"

using namespace docpipe;

TEST(Utf8, ValidatesWellFormedText) {
  EXPECT_TRUE(is_valid_utf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("中文新闻 — emoji 😀"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xE4\xB8"));       // truncated
  EXPECT_FALSE(is_valid_utf8("\xD6\xD0\xCE\xC4"));  // GBK bytes
}

TEST(Utf8, RepairReplacesMaximalSubparts) {
  EXPECT_EQ(repair_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(repair_utf8("\xE4\xB8" "x"), "\xEF\xBF\xBD" "x");  // one U+FFFD for a truncated sequence
  EXPECT_EQ(repair_utf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
  EXPECT_TRUE(is_valid_utf8(repair_utf8("\x80\x81\xC3\x28\xED\xA0\x80")));
}

TEST(Document, TextFieldsAreAlwaysUtf8RawIsNot) {
  dp_document d;
  d.set(DP_FIELD_TEXT, "bad \xFF text");
  EXPECT_TRUE(is_valid_utf8(d.get(DP_FIELD_TEXT)));
  d.set(DP_FIELD_RAW, "\xFF\xFE raw");
  EXPECT_EQ(d.get(DP_FIELD_RAW), "\xFF\xFE raw");
}

TEST(Document, OffsetsMustBeInsideTextOnCharacterBoundaries) {
  dp_document d;
  d.set(DP_FIELD_TEXT, "中文 ok");  // 中 is bytes 0-2
  EXPECT_TRUE(d.add_segment("word", 0, 3));
  EXPECT_FALSE(d.add_segment("word", 1, 3));   // inside a character
  EXPECT_FALSE(d.add_segment("word", 3, 99));  // past the end
  EXPECT_FALSE(d.add_segment("word", 5, 4));   // reversed
  EXPECT_TRUE(d.add_block({DP_BLOCK_PARAGRAPH, 0, 0, 9}));
  EXPECT_FALSE(d.add_block({static_cast<dp_block_kind>(99), 0, 0, 1}));
  d.set(DP_FIELD_TEXT, "new text");  // old offsets are meaningless now
  EXPECT_TRUE(d.segments.empty());
  EXPECT_TRUE(d.blocks.empty());
}

TEST(HostApi, MetadataJsonIsValidatedAndHeadersAreCaseInsensitive) {
  const dp_host_api* api = host_api();
  dp_document d;
  EXPECT_EQ(api->meta_set(&d, "tags", 4, "[\"a\",\"b\"]", 9, 1), 0);
  EXPECT_EQ(api->meta_set(&d, "bad", 3, "[1,", 3, 1), -1);
  EXPECT_EQ(api->meta_set(&d, "title", 5, "T", 1, 0), 0);
  EXPECT_EQ(api->meta_set(&d, "title", 5, "T2", 2, 0), 0);  // replaces
  EXPECT_EQ(api->meta_count(&d), 2u);
  int is_json = 0;
  dp_str v = api->meta_find(&d, "tags", 4, &is_json);
  EXPECT_EQ(std::string(v.data, v.size), "[\"a\",\"b\"]");
  EXPECT_EQ(is_json, 1);
  EXPECT_EQ(api->header_add(&d, "Content-Type", 12, "text/html; charset=gbk", 22), 0);
  dp_str h = api->header_find(&d, "content-type", 12);
  EXPECT_EQ(std::string(h.data, h.size), "text/html; charset=gbk");
  EXPECT_EQ(api->header_find(&d, "x-missing", 9).data, nullptr);
  EXPECT_EQ(api->doc_set(&d, DP_FIELD_STAGE, "x", 1), -1);  // read-only for plugins
  EXPECT_EQ(api->doc_set_int(&d, DP_INT_STATUS, 0), -1);
}

TEST(HostApi, SegmentsKeepTheirKinds) {
  const dp_host_api* api = host_api();
  dp_document d;
  d.set(DP_FIELD_TEXT, "One. Two.");
  ASSERT_EQ(api->segment_add(&d, "sentence", 8, 0, 4), 0);
  ASSERT_EQ(api->segment_add(&d, "word", 4, 0, 3), 0);
  ASSERT_EQ(api->segment_add(&d, "sentence", 8, 5, 9), 0);
  dp_segment s{};
  ASSERT_EQ(api->segment_at(&d, 2, &s), 0);
  EXPECT_EQ(std::string(s.kind.data, s.kind.size), "sentence");
  EXPECT_EQ(s.begin, 5u);
  EXPECT_EQ(d.segment_kinds.size(), 2u);
  EXPECT_EQ(api->segment_at(&d, 3, &s), -1);
}
