// The quickstart's sample pages decode and extract as a reader would expect.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "decode.hpp"
#include "html_text.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string example(const char* name) {
  return read_file(std::string(DOCPIPE_SOURCE_DIR) + "/examples/data/" + name);
}

bool has_block(const ExtractedText& x, BlockKind kind, uint32_t level, std::string_view text) {
  for (const TextBlock& b : x.blocks) {
    if (b.kind == kind && b.level == level && std::string_view(x.text).substr(b.begin, b.end - b.begin) == text) {
      return true;
    }
  }
  return false;
}

TEST(ExamplePages, ChineseNewsPageIsGbkDeclaredAsGb2312) {
  std::string raw = example("zh-news.html");
  ASSERT_FALSE(raw.empty());
  EXPECT_FALSE(is_valid_utf8(raw)) << "the sample must stay GBK-encoded";

  Decoder decoder;
  Decoded decoded = decoder.decode(raw);
  EXPECT_STREQ(decoded.choice.charset, "GB18030");
  EXPECT_EQ(decoded.choice.source, CharsetSource::meta);

  TextExtractor extractor;
  ExtractedText x;
  ASSERT_EQ(extractor.extract(decoded.utf8, x), ExtractStatus::ok);
  EXPECT_EQ(x.title, "西湖区老旧小区改造完成首批加装电梯_本地新闻_钱塘在线");
  EXPECT_TRUE(has_block(x, BlockKind::heading, 1, "西湖区老旧小区改造完成首批加装电梯"));
  EXPECT_TRUE(has_block(x, BlockKind::heading, 2, "居民参与全过程"));
  EXPECT_THAT(x.text, HasSubstr("该区今年第一批老旧小区改造项目已经基本完工"));
  EXPECT_THAT(x.text, HasSubstr("“现在按一下按钮就到家门口了，心里踏实多了。”她笑着说。"));
  EXPECT_THAT(x.text, HasSubstr("责任编辑：李明"));
  // v1 keeps boilerplate (issue 3 removes it) but never script text.
  EXPECT_THAT(x.text, HasSubstr("浙ICP备12345678号"));
  EXPECT_THAT(x.text, Not(HasSubstr("_hmt")));
  EXPECT_THAT(x.text, Not(HasSubstr("document.write")));
}

TEST(ExamplePages, EnglishArticlePage) {
  std::string raw = example("en-article.html");
  ASSERT_FALSE(raw.empty());
  Decoder decoder;
  Decoded decoded = decoder.decode(raw);
  EXPECT_STREQ(decoded.choice.charset, "UTF-8");
  EXPECT_EQ(decoded.choice.source, CharsetSource::meta);

  TextExtractor extractor;
  ExtractedText x;
  ASSERT_EQ(extractor.extract(decoded.utf8, x), ExtractStatus::ok);
  EXPECT_EQ(x.lang, "en");
  EXPECT_EQ(x.title, "Why Small Rivers Matter More Than We Think | The Riverside Review");
  EXPECT_TRUE(has_block(x, BlockKind::heading, 1, "Why Small Rivers Matter More Than We Think"));
  EXPECT_TRUE(has_block(x, BlockKind::list_item, 1, "They trap sediment after heavy rain."));
  EXPECT_TRUE(has_block(x, BlockKind::table_cell, 0, "North Fell"));
  EXPECT_THAT(x.text, HasSubstr("Hydrologists call these headwater streams, and by length they make up "
                                "the greater part of most river networks."));
  EXPECT_THAT(x.text, HasSubstr("“If you only protect the big rivers, you are protecting the drain and "
                                "ignoring the sink,” said one field ecologist"));
  EXPECT_THAT(x.text, HasSubstr("By Maya Lindqvist · March 14, 2024 · 6 min read"));
  EXPECT_THAT(x.text, Not(HasSubstr("dataLayer")));
  EXPECT_THAT(x.text, Not(HasSubstr(".cookie-banner")));
}

}  // namespace
}  // namespace docpipe::clean_html
