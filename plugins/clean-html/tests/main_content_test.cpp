// Main-content extraction (ContentExtractor) on pages of our own: a GBK
// Chinese news page and an English blog (tests/data), each with the
// boilerplate a real page carries, and every clean.html extraction param.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "decode.hpp"
#include "extract/content_extractor.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string test_page(const char* name) {
  std::string path = std::string(DOCPIPE_SOURCE_DIR) + "/plugins/clean-html/tests/data/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ExtractedText extract(std::string_view raw, ExtractOptions options = {}) {
  Decoder decoder;
  Decoded decoded = decoder.decode(raw);
  ContentExtractor extractor(ParseLimits{}, options);
  ExtractedText x;
  EXPECT_EQ(extractor.extract(decoded.utf8, x), ExtractStatus::ok);
  return x;
}

std::string_view block_text(const ExtractedText& x, const TextBlock& b) {
  return std::string_view(x.text).substr(b.begin, b.end - b.begin);
}

bool has_block(const ExtractedText& x, BlockKind kind, uint32_t level, std::string_view text) {
  for (const TextBlock& b : x.blocks) {
    if (b.kind == kind && b.level == level && block_text(x, b) == text) return true;
  }
  return false;
}

// Blocks in order, inside the text, not overlapping, trimmed.
void expect_well_formed(const ExtractedText& x) {
  size_t last_end = 0;
  for (const TextBlock& b : x.blocks) {
    ASSERT_LE(last_end, b.begin);
    ASSERT_LT(b.begin, b.end);
    ASSERT_LE(b.end, x.text.size());
    last_end = b.end;
  }
  EXPECT_TRUE(is_valid_utf8(x.text));
}

// ---------------------------------------------------------------------------
// The two pages with default options.

TEST(MainContent, ChineseGbkNewsKeepsTheArticleAndDropsEveryKindOfBoilerplate) {
  std::string raw = test_page("zh-news-gbk.html");
  ASSERT_FALSE(is_valid_utf8(raw)) << "the page must stay GBK-encoded";
  ExtractedText x = extract(raw);
  expect_well_formed(x);

  EXPECT_THAT(x.text, StartsWith("记者从滨江区交通运输局获悉"));
  EXPECT_THAT(x.text, HasSubstr("高峰时段发车间隔缩短到五分钟以内。"));
  EXPECT_THAT(x.text, HasSubstr("逐步覆盖全区主要的居住区和产业园区。"));
  EXPECT_TRUE(has_block(x, BlockKind::heading, 2, "市民反响热烈"));
  EXPECT_EQ(x.blocks.front().kind, BlockKind::paragraph);

  EXPECT_THAT(x.text, Not(HasSubstr("滨江区智慧公交线路正式开通"))) << "title heading";
  EXPECT_THAT(x.text, Not(HasSubstr("城市新闻"))) << "navigation and breadcrumb";
  EXPECT_THAT(x.text, Not(HasSubstr("来源"))) << "byline";
  EXPECT_THAT(x.text, Not(HasSubstr("责任编辑"))) << "editor line";
  EXPECT_THAT(x.text, Not(HasSubstr("分享到"))) << "share bar";
  EXPECT_THAT(x.text, Not(HasSubstr("打印")));
  EXPECT_THAT(x.text, Not(HasSubstr("关闭窗口")));
  EXPECT_THAT(x.text, Not(HasSubstr("上一篇")));
  EXPECT_THAT(x.text, Not(HasSubstr("下一篇")));
  EXPECT_THAT(x.text, Not(HasSubstr("www.qjwx.com.cn"))) << "domain line";
  EXPECT_THAT(x.text, Not(HasSubstr("版权所有")));
  EXPECT_THAT(x.text, Not(HasSubstr("ICP")));
  EXPECT_THAT(x.text, Not(HasSubstr("公网安备")));
  EXPECT_THAT(x.text, Not(HasSubstr("浙新办")));
  EXPECT_THAT(x.text, Not(HasSubstr("热点排行"))) << "sidebar";
  EXPECT_THAT(x.text, Not(HasSubstr("网友"))) << "comments";
  EXPECT_THAT(x.text, Not(HasSubstr("统计代码"))) << "script";
  EXPECT_EQ(x.title, "滨江区智慧公交线路正式开通_城市新闻_钱江晚讯");
}

TEST(MainContent, EnglishBlogKeepsStructureAndDropsSidebarRelatedCookieComments) {
  ExtractedText x = extract(test_page("en-blog.html"));
  expect_well_formed(x);

  EXPECT_THAT(x.text, StartsWith("Tomatoes are the most rewarding plant"));
  EXPECT_TRUE(has_block(x, BlockKind::heading, 2, "Choosing a variety"));
  EXPECT_TRUE(has_block(x, BlockKind::list_item, 1, "Bush tomatoes for windy spots."));
  EXPECT_TRUE(has_block(x, BlockKind::list_item, 1, "Cherry tomatoes for a long harvest."));
  EXPECT_TRUE(has_block(x, BlockKind::quote, 0,
                        "The best tomato is the one you grow yourself, warm from the sun."));
  EXPECT_TRUE(has_block(x, BlockKind::code, 0, "if soil.is_dry():\n    water(litres=2)"));
  EXPECT_TRUE(has_block(x, BlockKind::table_cell, 0, "Sweet Million"));
  EXPECT_THAT(x.text,
              HasSubstr("Bush tomatoes for windy spots.\nCherry tomatoes for a long harvest."));
  EXPECT_THAT(x.text, HasSubstr("share water well."));

  EXPECT_THAT(x.text, Not(HasSubstr("Growing Tomatoes on a Balcony"))) << "title heading";
  EXPECT_THAT(x.text, Not(HasSubstr("cookies"))) << "cookie banner";
  EXPECT_THAT(x.text, Not(HasSubstr("Vegetables"))) << "navigation";
  EXPECT_THAT(x.text, Not(HasSubstr("Posted on"))) << "byline";
  EXPECT_THAT(x.text, Not(HasSubstr("Share on"))) << "share bar";
  EXPECT_THAT(x.text, Not(HasSubstr("Related posts")));
  EXPECT_THAT(x.text, Not(HasSubstr("basil alive indoors"))) << "related links";
  EXPECT_THAT(x.text, Not(HasSubstr("potting soil"))) << "comments";
  EXPECT_THAT(x.text, Not(HasSubstr("hobby gardener"))) << "sidebar";
  EXPECT_THAT(x.text, Not(HasSubstr("Copyright"))) << "footer";
  EXPECT_THAT(x.text, Not(HasSubstr("photographed by the author"))) << "figure caption";
}

// ---------------------------------------------------------------------------
// Each parameter changes what it says it changes.

TEST(MainContentParams, ExtractAllKeepsEverythingVisible) {
  ExtractOptions o;
  o.mode = ExtractMode::all;
  ExtractedText x = extract(test_page("en-blog.html"), o);
  EXPECT_TRUE(has_block(x, BlockKind::heading, 1, "Growing Tomatoes on a Balcony"));
  EXPECT_THAT(x.text, HasSubstr("We use cookies"));
  EXPECT_THAT(x.text, HasSubstr("hobby gardener"));
  EXPECT_THAT(x.text, HasSubstr("potting soil"));
  EXPECT_THAT(x.text, HasSubstr("Copyright © 2024"));
}

TEST(MainContentParams, IncludeTitleStartsWithTheH1) {
  ExtractOptions o;
  o.include_title = true;
  ExtractedText x = extract(test_page("en-blog.html"), o);
  expect_well_formed(x);
  ASSERT_FALSE(x.blocks.empty());
  EXPECT_EQ(x.blocks[0].kind, BlockKind::heading);
  EXPECT_EQ(x.blocks[0].level, 1u);
  EXPECT_EQ(block_text(x, x.blocks[0]), "Growing Tomatoes on a Balcony");
  EXPECT_THAT(x.text, StartsWith("Growing Tomatoes on a Balcony\n\nTomatoes are"));
}

TEST(MainContentParams, IncludeTablesFalseDropsTables) {
  ExtractOptions o;
  o.include_tables = false;
  ExtractedText x = extract(test_page("en-blog.html"), o);
  EXPECT_THAT(x.text, Not(HasSubstr("Sweet Million")));
  for (const TextBlock& b : x.blocks) EXPECT_NE(b.kind, BlockKind::table_cell);
  EXPECT_THAT(x.text, HasSubstr("share water well."));
}

TEST(MainContentParams, IncludeCommentsAppendsTheCommentsSection) {
  ExtractOptions o;
  o.include_comments = true;
  ExtractedText en = extract(test_page("en-blog.html"), o);
  EXPECT_THAT(en.text, HasSubstr("Which potting soil do you use"));
  EXPECT_THAT(en.text, HasSubstr("share water well."));
  EXPECT_LT(en.text.find("share water well."), en.text.find("Which potting soil"));
  ExtractedText zh = extract(test_page("zh-news-gbk.html"), o);
  EXPECT_THAT(zh.text, HasSubstr("电子站牌很实用"));
}

TEST(MainContentParams, FavorRecallKeepsCaptionsThatBalancedDrops) {
  ExtractOptions o;
  o.favor = Favor::recall;
  ExtractedText recall = extract(test_page("en-blog.html"), o);
  EXPECT_THAT(recall.text, HasSubstr("photographed by the author"));
  ExtractedText balanced = extract(test_page("en-blog.html"));
  EXPECT_THAT(balanced.text, Not(HasSubstr("photographed by the author")));
}

TEST(MainContentParams, FavorPrecisionTrimsShortLinesAtTheEdges) {
  const char* page =
      "<html><body><article>"
      "<p>Filed in Gardening</p>"
      "<p>Tomatoes need a deep pot, a sunny corner and regular water to give fruit from midsummer "
      "until "
      "the first frost arrives in the autumn.</p>"
      "<p>Basil grows well beside them in the same pot and keeps some pests away from the tomato "
      "leaves "
      "during the warm months.</p>"
      "<p>Photo: Jane Doe</p>"
      "</article></body></html>";
  ExtractedText balanced = extract(page);
  EXPECT_THAT(balanced.text, HasSubstr("Photo: Jane Doe"));
  ExtractOptions o;
  o.favor = Favor::precision;
  ExtractedText precise = extract(page, o);
  EXPECT_THAT(precise.text, StartsWith("Tomatoes need a deep pot"));
  EXPECT_THAT(precise.text, Not(HasSubstr("Photo: Jane Doe")));
  EXPECT_THAT(precise.text, Not(HasSubstr("Filed in")));
}

TEST(MainContentParams, MinTextCharsRetriesTheWholePageWhenTheGuessIsShort) {
  // The only long paragraph sits alone in its container; the rest of the
  // text is short lines beside it.
  std::string page =
      "<html><body><div class=\"story\"><p>The council approved the new library budget on Tuesday "
      "evening "
      "after a long debate about opening hours.</p></div><div>";
  for (int i = 0; i < 12; ++i)
    page += "<p>Opening hours item " + std::to_string(i) + " listed.</p>";
  page += "</div></body></html>";
  ExtractOptions o;
  o.min_text_chars = 0;
  ExtractedText guess = extract(page, o);
  EXPECT_THAT(guess.text, StartsWith("The council approved"));
  EXPECT_THAT(guess.text, Not(HasSubstr("Opening hours item")));
  o.min_text_chars = 250;
  ExtractedText retried = extract(page, o);
  EXPECT_THAT(retried.text, HasSubstr("The council approved"));
  EXPECT_THAT(retried.text, HasSubstr("Opening hours item 11 listed."));
}

TEST(MainContentParams, MarkdownRendersTheSameBlocks) {
  ExtractOptions o;
  o.output = OutputFormat::markdown;
  o.include_title = true;
  ExtractedText x = extract(test_page("en-blog.html"), o);
  expect_well_formed(x);
  EXPECT_THAT(x.text, StartsWith("# Growing Tomatoes on a Balcony\n\nTomatoes are"));
  EXPECT_THAT(x.text, HasSubstr("\n\n## Choosing a variety\n\n"));
  EXPECT_THAT(
      x.text,
      HasSubstr("\n\n- Bush tomatoes for windy spots.\n- Cherry tomatoes for a long harvest.\n\n"));
  EXPECT_THAT(
      x.text,
      HasSubstr("\n\n> The best tomato is the one you grow yourself, warm from the sun.\n\n"));
  EXPECT_THAT(x.text, HasSubstr("\n\n```\nif soil.is_dry():\n    water(litres=2)\n```\n\n"));
  EXPECT_THAT(x.text,
              HasSubstr("\n\n| Variety | Days to harvest |\n| --- | --- |\n| Balconi Red | 60 |\n"
                        "| Sweet Million | 65 |\n\n"));
  EXPECT_TRUE(has_block(x, BlockKind::heading, 2, "## Choosing a variety"));
  EXPECT_TRUE(has_block(x, BlockKind::list_item, 1, "- Bush tomatoes for windy spots."));
  EXPECT_TRUE(has_block(x, BlockKind::table_cell, 0, "Sweet Million"));
  EXPECT_TRUE(has_block(x, BlockKind::code, 0, "```\nif soil.is_dry():\n    water(litres=2)\n```"));
}

TEST(MainContentParams, MarkdownEscapesLineStartsAndNestsLists) {
  ExtractOptions o;
  o.output = OutputFormat::markdown;
  o.mode = ExtractMode::all;
  ExtractedText x = extract(
      "<p># not a heading<br>1. not a list</p><ul><li>a<ul><li>b</li></ul></li></ul><p>x | y</p>"
      "<table><tr><td>p|q</td></tr></table>",
      o);
  EXPECT_THAT(
      x.text,
      StartsWith("\\# not a heading\\\n\\1. not a list\n\n- a\n  - b\n\nx | y\n\n| p\\|q |"));
}

TEST(MainContent, TeaserListsAndRelatedTailsInsideTheArticleGo) {
  const char* page =
      "<html><body><div class=\"story\">"
      "<p>The river authority opened the new weir on Monday, ending two years of works that kept "
      "boats out of "
      "the upper reach of the river.</p>"
      "<p>Anglers say the fish pass built beside it is the first on the river, and that salmon "
      "were seen in it "
      "within hours of the opening.</p>"
      "<ul><li><a href=\"/a\">Floods close the towpath</a> The towpath between the two locks will "
      "stay closed "
      "until the water level drops, the authority said...</li>"
      "<li><a href=\"/b\">Boat race moved</a> Organisers have moved the race to the lower reach "
      "while...</li></ul>"
      "<h3>Related stories</h3><p>Swans return to the mill pond after a decade away from the town "
      "centre.</p>"
      "</div></body></html>";
  ExtractedText x = extract(page);
  EXPECT_THAT(x.text, HasSubstr("within hours of the opening."));
  EXPECT_THAT(x.text, Not(HasSubstr("towpath")));
  EXPECT_THAT(x.text, Not(HasSubstr("Boat race")));
  EXPECT_THAT(x.text, Not(HasSubstr("Related stories")));
  EXPECT_THAT(x.text, Not(HasSubstr("Swans return")));
}

TEST(MainContent, ChinesePageInALayoutTableWithBrParagraphs) {
  // Old CMS layout: the article in a <td>, paragraphs split by <br><br>,
  // date + source + commands on one line, filing numbers in a "foot".
  const char* page =
      "<html><head><meta "
      "charset=\"utf-8\"><title>某市召开经济工作会议_新闻中心</title></head><body>\n"
      "<div class=\"header\"><a href=\"/\">首页</a> <a href=\"/news\">新闻</a> <a "
      "href=\"/gov\">政务</a> <a href=\"/biz\">经济</a></div>\n"
      "<table width=\"1000\"><tr><td width=\"700\">\n"
      "<h1>某市召开经济工作会议</h1>\n"
      "<div class=\"info\">2024年03月18日 09:30　来源：某市日报　【字号 大 中 小】 【打印】 "
      "【关闭】</div>\n"
      "<div class=\"TRS_Editor\">\n"
      "&nbsp;&nbsp;&nbsp;&nbsp;"
      "3月17日，市委经济工作会议在市行政中心召开。会议全面总结去年经济工作，分析当前经济形势，部署"
      "今年经济工作重点任务。<br><br>\n"
      "&nbsp;&nbsp;&nbsp;&nbsp;"
      "会议指出，过去一年全市经济运行总体平稳、稳中有进，地区生产总值增长百分之六点二，高于全省平均"
      "水平，新兴产业占比进一步提高。<br><br>\n"
      "&nbsp;&nbsp;&nbsp;&nbsp;"
      "会议强调，今年要坚持稳中求进工作总基调，着力扩大有效需求，加快建设现代化产业体系，持续优化营"
      "商环境，切实保障和改善民生。\n"
      "</div>\n"
      "<div>扫一扫在手机打开当前页</div>\n"
      "<div>（责任编辑：张敏）</div>\n"
      "</td><td width=\"300\">\n"
      "<div class=\"hot\"><h3>图片新闻</h3><ul><li><a href=\"#\">春季植树活动启动</a></li><li><a "
      "href=\"#\">新地铁线路试运行</a></li></ul></div>\n"
      "</td></tr></table>\n"
      "<div "
      "class=\"foot\">主办：某市人民政府办公室　网站标识码：1234567890　<br>"
      "京ICP备05070218号　京公网安备11010202000001号</div>\n"
      "</body></html>\n";
  ExtractedText x = extract(page);
  expect_well_formed(x);
  EXPECT_THAT(x.text, StartsWith("3月17日，市委经济工作会议在市行政中心召开。"));
  EXPECT_THAT(x.text, HasSubstr("新兴产业占比进一步提高。\n\n会议强调"));
  for (const TextBlock& b : x.blocks) EXPECT_EQ(b.kind, BlockKind::paragraph) << block_text(x, b);
  EXPECT_EQ(x.blocks.size(), 3u);
  EXPECT_THAT(x.text, Not(HasSubstr("来源")));
  EXPECT_THAT(x.text, Not(HasSubstr("字号")));
  EXPECT_THAT(x.text, Not(HasSubstr("扫一扫")));
  EXPECT_THAT(x.text, Not(HasSubstr("责任编辑")));
  EXPECT_THAT(x.text, Not(HasSubstr("图片新闻")));
  EXPECT_THAT(x.text, Not(HasSubstr("ICP")));
  EXPECT_THAT(x.text, Not(HasSubstr("网站标识码")));
}

// ---------------------------------------------------------------------------
// Bad input: sensible text or a clean failure, never a hang or a crash.

TEST(MainContentBadInput, TruncatedPageKeepsWhatArrived) {
  std::string page = test_page("en-blog.html");
  page.resize(page.find("<h2>Choosing a variety</h2>") + 12);
  ExtractedText x = extract(page);
  expect_well_formed(x);
  EXPECT_THAT(x.text, HasSubstr("Tomatoes are the most rewarding plant"));
}

TEST(MainContentBadInput, HundredThousandNestedDivsFailOnTheDepthLimit) {
  std::string page;
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "deep";
  ContentExtractor extractor(ParseLimits{}, ExtractOptions{});
  ExtractedText x;
  EXPECT_EQ(extractor.extract(page, x), ExtractStatus::too_deep);
  EXPECT_TRUE(x.text.empty());
  // The extractor is still usable afterwards.
  EXPECT_EQ(extractor.extract("<p>fine</p>", x), ExtractStatus::ok);
  EXPECT_EQ(x.text, "fine");
}

TEST(MainContentBadInput, OneGiantTableIsExtractedAsCells) {
  std::string page = "<html><body><table>";
  for (int r = 0; r < 3000; ++r) {
    page += "<tr>";
    for (int c = 0; c < 8; ++c)
      page += "<td>r" + std::to_string(r) + "c" + std::to_string(c) + "</td>";
    page += "</tr>";
  }
  page += "</table></body></html>";
  ExtractedText x = extract(page);
  expect_well_formed(x);
  EXPECT_THAT(x.text, HasSubstr("r2999c7"));
  EXPECT_EQ(x.blocks.size(), 24000u);
}

TEST(MainContentBadInput, TooManyNodesFailOnTheNodeLimit) {
  // A 50 MB page would be refused by max_bytes before parsing; below it,
  // a page of tiny elements stops on max_nodes within one chunk.
  std::string page;
  page.reserve(6'000'000);
  while (page.size() < 6'000'000) page += "<p>x</p>";
  ContentExtractor extractor(ParseLimits{100'000, 1024}, ExtractOptions{});
  ExtractedText x;
  EXPECT_EQ(extractor.extract(page, x), ExtractStatus::too_many_nodes);
  EXPECT_TRUE(x.text.empty());
}

TEST(MainContentBadInput, NoBodyNoTagsAndNoText) {
  EXPECT_EQ(extract("<html><head><title>Only a title</title></head></html>").text, "");
  EXPECT_EQ(extract("").text, "");
  ExtractedText plain =
      extract("Just a line of plain text served as HTML, with no tags at all in it.");
  EXPECT_EQ(plain.text, "Just a line of plain text served as HTML, with no tags at all in it.");
}

TEST(MainContentBadInput, NulBytesAndInvalidBytesGiveValidUtf8) {
  std::string page = "<html><body><p>Before the nul ";
  page += '\0';
  page +=
      " after it, and a stray \xff\xfe byte pair in a paragraph long enough to be the article body "
      "that a reader came for.</p></body></html>";
  ExtractedText x = extract(page);
  expect_well_formed(x);
  EXPECT_THAT(x.text, HasSubstr("Before the nul"));
  EXPECT_THAT(x.text, HasSubstr("that a reader came for."));
}

TEST(MainContentBadInput, WrongDeclaredCharsetAndMixedEncodingsStillGiveText) {
  // Declared UTF-8, sent as GBK: the Chinese becomes U+FFFD, the ASCII stays.
  std::string gbk = test_page("zh-news-gbk.html");
  std::string lie = gbk;
  size_t at = lie.find("charset=gb2312");
  ASSERT_NE(at, std::string::npos);
  lie.replace(at, 14, "charset=utf-8");
  ExtractedText x = extract(lie);
  expect_well_formed(x);
  // UTF-8 page with Latin-1 bytes pasted in.
  std::string mixed =
      "<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xc3\xa9 au lait and caf\xe9 "
      "cr\xe8me, "
      "both served in the little place on the corner of the square every morning from "
      "seven.</p></body></html>";
  ExtractedText m = extract(mixed);
  expect_well_formed(m);
  EXPECT_THAT(m.text, HasSubstr("Café au lait"));
  EXPECT_THAT(m.text, HasSubstr("every morning from seven."));
}

TEST(MainContent, ExtractorIsReusableAcrossDocuments) {
  std::string zh = test_page("zh-news-gbk.html");
  std::string en = test_page("en-blog.html");
  Decoder decoder;
  std::string zh_utf8(decoder.decode(zh).utf8);
  std::string en_utf8(decoder.decode(en).utf8);
  ContentExtractor extractor(ParseLimits{}, ExtractOptions{});
  ExtractedText first, again;
  ASSERT_EQ(extractor.extract(en_utf8, first), ExtractStatus::ok);
  ASSERT_EQ(extractor.extract(zh_utf8, again), ExtractStatus::ok);
  ASSERT_EQ(extractor.extract(en_utf8, again), ExtractStatus::ok);
  EXPECT_EQ(first.text, again.text);
}

}  // namespace
}  // namespace docpipe::clean_html
