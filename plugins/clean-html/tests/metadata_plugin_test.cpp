// clean.html's metadata through the CLI, as a user runs it:
// fetch.files ! clean.html ! export.jsonl, on a GBK Chinese news page and an
// English article (examples/data).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

namespace json = boost::json;

// The metadata object of the one document a run exported.
json::object run_on(const std::string& example, const std::string& extra_params = "") {
  TempDir dir;
  std::string page = read_file(std::string(DOCPIPE_SOURCE_DIR) + "/examples/data/" + example);
  EXPECT_FALSE(page.empty()) << example;
  dir.write("in/" + example, page);
  std::string out = dir.path("out.jsonl");
  CliResult r = run_cli({"run",
                         "fetch.files path=" + dir.path("in") + " ! clean.html" + extra_params +
                             " ! export.jsonl overwrite=true path=" + out,
                         "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = read_lines(out);
  EXPECT_EQ(lines.size(), 1u);
  if (lines.empty()) return {};
  json::value doc = json::parse(lines[0]);
  const json::value* meta = doc.as_object().if_contains("metadata");
  EXPECT_NE(meta, nullptr) << lines[0];
  return meta != nullptr ? meta->as_object() : json::object{};
}

std::string str(const json::object& m, const char* key) {
  const json::value* v = m.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string("<missing>");
}

TEST(MetadataPlugin, ChineseGbkNewsPage) {
  json::object m = run_on("zh-news.html");
  EXPECT_EQ(str(m, "title"), "西湖区老旧小区改造完成首批加装电梯");
  EXPECT_EQ(str(m, "date"), "2024-03-12T09:15:32");
  EXPECT_EQ(str(m, "news_source"), "钱塘日报");
  EXPECT_EQ(str(m, "author"), "陈晓雨");
  EXPECT_EQ(str(m, "editor"), "李明");
  EXPECT_EQ(str(m, "lang"), "zh");
  EXPECT_EQ(str(m, "description"), "西湖区首批十二台加装电梯日前通过验收，居民上下楼难的问题得到缓解。");
  ASSERT_TRUE(m.contains("authors"));
  EXPECT_EQ(json::serialize(m.at("authors")), R"(["陈晓雨"])");
  ASSERT_TRUE(m.contains("tags"));
  EXPECT_EQ(json::serialize(m.at("tags")), R"(["西湖区","老旧小区","加装电梯","民生"])");
  EXPECT_EQ(str(m, "charset"), "GB18030");
}

TEST(MetadataPlugin, EnglishArticle) {
  json::object m = run_on("en-article.html");
  EXPECT_EQ(str(m, "title"), "Why Small Rivers Matter More Than We Think");
  EXPECT_EQ(str(m, "author"), "Maya Lindqvist");
  EXPECT_EQ(str(m, "canonical_url"), "https://riverside-review.example/environment/small-rivers");
  EXPECT_EQ(str(m, "date"), "2024-03-14T08:30:00+00:00");
  EXPECT_EQ(str(m, "lang"), "en");
  EXPECT_EQ(str(m, "lang_declared"), "en");
  EXPECT_EQ(str(m, "description"),
            "Headwater streams make up most of a river network's length, and they shape water quality downstream.");
  ASSERT_TRUE(m.contains("lang_confidence"));
  EXPECT_GT(m.at("lang_confidence").to_number<double>(), 0.5);
}

TEST(MetadataPlugin, MetadataFalseKeepsOnlyTitleAndLang) {
  json::object m = run_on("en-article.html", " metadata=false");
  EXPECT_EQ(str(m, "title"), "Why Small Rivers Matter More Than We Think | The Riverside Review");
  EXPECT_EQ(str(m, "lang"), "en");
  EXPECT_FALSE(m.contains("author"));
  EXPECT_FALSE(m.contains("canonical_url"));
}

}  // namespace
}  // namespace docpipe::test
