// Text extraction: visible text, layout, blocks and their offsets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "html_text.hpp"

namespace docpipe::clean_html {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Seen {
  BlockKind kind;
  uint32_t level;
  std::string text;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << "{" << static_cast<int>(s.kind) << ", " << s.level << ", \"" << s.text << "\"}";
}

Seen H(uint32_t level, std::string t) { return {BlockKind::heading, level, std::move(t)}; }
Seen P(std::string t) { return {BlockKind::paragraph, 0, std::move(t)}; }
Seen LI(uint32_t level, std::string t) { return {BlockKind::list_item, level, std::move(t)}; }
Seen TD(std::string t) { return {BlockKind::table_cell, 0, std::move(t)}; }
Seen Q(std::string t) { return {BlockKind::quote, 0, std::move(t)}; }
Seen CODE(std::string t) { return {BlockKind::code, 0, std::move(t)}; }

// Every block, as the text it covers; also checks the invariants every
// extraction must keep.
std::vector<Seen> blocks_of(const ExtractedText& x) {
  std::vector<Seen> seen;
  size_t previous_end = 0;
  for (const TextBlock& b : x.blocks) {
    EXPECT_LE(b.begin, b.end);
    EXPECT_LE(b.end, x.text.size());
    EXPECT_LE(previous_end, b.begin) << "blocks are in order and do not overlap";
    previous_end = b.end;
    seen.push_back({b.kind, b.level, x.text.substr(b.begin, b.end - b.begin)});
  }
  return seen;
}

class HtmlText : public ::testing::Test {
 protected:
  const ExtractedText& extract(std::string_view html) {
    status_ = extractor_.extract(html, out_);
    EXPECT_EQ(status_, ExtractStatus::ok);
    return out_;
  }
  std::vector<Seen> blocks(std::string_view html) { return blocks_of(extract(html)); }

  TextExtractor extractor_;
  ExtractedText out_;
  ExtractStatus status_ = ExtractStatus::ok;
};

TEST_F(HtmlText, HeadingsAndParagraphsWithOffsets) {
  const ExtractedText& x = extract(
      "<html><body><h1>Main  title</h1><p>First\n  paragraph.</p><h3>Sub</h3><p>Second.</p></body></html>");
  EXPECT_EQ(x.text, "Main title\n\nFirst paragraph.\n\nSub\n\nSecond.");
  EXPECT_THAT(blocks_of(x), ElementsAre(H(1, "Main title"), P("First paragraph."), H(3, "Sub"),
                                        P("Second.")));
}

TEST_F(HtmlText, AllHeadingLevels) {
  EXPECT_THAT(blocks("<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5><h6>f</h6>"),
              ElementsAre(H(1, "a"), H(2, "b"), H(3, "c"), H(4, "d"), H(5, "e"), H(6, "f")));
}

TEST_F(HtmlText, NestedListsAreOneListWithDepthLevels) {
  const ExtractedText& x = extract(
      "<ul><li>one</li><li>two<ul><li>two.a</li><li>two.b<ol><li>deep</li></ol></li></ul></li>"
      "<li>three</li></ul><ul><li>other list</li></ul>");
  EXPECT_THAT(blocks_of(x), ElementsAre(LI(1, "one"), LI(1, "two"), LI(2, "two.a"), LI(2, "two.b"),
                                        LI(3, "deep"), LI(1, "three"), LI(1, "other list")));
  EXPECT_EQ(x.text, "one\ntwo\ntwo.a\ntwo.b\ndeep\nthree\n\nother list");
}

TEST_F(HtmlText, TableCellsOneLinePerCellAndBlankLineBetweenRows) {
  const ExtractedText& x = extract(
      "<table><tr><th>City</th><th>Pop.</th></tr><tr><td>Hangzhou</td><td> 12 M </td></tr></table>");
  EXPECT_THAT(blocks_of(x), ElementsAre(TD("City"), TD("Pop."), TD("Hangzhou"), TD("12 M")));
  EXPECT_EQ(x.text, "City\nPop.\n\nHangzhou\n12 M");
}

TEST_F(HtmlText, BlockquoteAndParagraphsInsideIt) {
  EXPECT_THAT(blocks("<p>Before</p><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"),
              ElementsAre(P("Before"), Q("Quoted one."), Q("Quoted two.")));
}

TEST_F(HtmlText, PreKeepsWhitespaceAndIndentation) {
  const ExtractedText& x = extract(
      "<p>Code:</p><pre>\n    int  x = 1;\n    if (x)\n\n        y();\n   \n</pre><p>After</p>");
  EXPECT_THAT(blocks_of(x), ElementsAre(P("Code:"), CODE("    int  x = 1;\n    if (x)\n\n        y();"),
                                        P("After")));
}

TEST_F(HtmlText, PreWithInlineMarkupAndBr) {
  EXPECT_THAT(blocks("<pre><span>a  b</span><br>  <b>c</b></pre>"), ElementsAre(CODE("a  b\n  c")));
}

TEST_F(HtmlText, BrIsALineBreakAndTwoBrsSplitTheBlock) {
  const ExtractedText& x = extract("<p>line one<br>line two <br> line three<br><br>next para</p>");
  EXPECT_THAT(blocks_of(x), ElementsAre(P("line one\nline two\nline three"), P("next para")));
  EXPECT_EQ(x.text, "line one\nline two\nline three\n\nnext para");
}

TEST_F(HtmlText, BrAtTheStartOrEndOfABlockAddsNothing) {
  EXPECT_THAT(blocks("<p><br>text<br></p><p>more</p>"), ElementsAre(P("text"), P("more")));
}

TEST_F(HtmlText, InvisibleContentIsSkipped) {
  const ExtractedText& x = extract(
      "<html><head><style>p{}</style><script>var hidden1;</script></head><body>"
      "<p>visible one</p><script>hidden2()</script><style>.x{}</style><noscript>hidden3</noscript>"
      "<template><p>hidden4</p></template><svg><text>hidden5</text></svg><iframe>hidden6</iframe>"
      "<div hidden>hidden7</div><div aria-hidden=\"true\">hidden8</div>"
      "<div style=\"color: red; DISPLAY : none\">hidden9</div><span style='visibility:hidden'>hidden10</span>"
      "<select><option>hidden11</option></select><textarea>hidden12</textarea>"
      "<div aria-hidden=\"false\">visible two</div><div style=\"display:block\">visible three</div>"
      "</body></html>");
  EXPECT_THAT(x.text, Not(HasSubstr("hidden")));
  EXPECT_THAT(blocks_of(x), ElementsAre(P("visible one"), P("visible two"), P("visible three")));
}

TEST_F(HtmlText, EntitiesAreDecoded) {
  EXPECT_EQ(extract("<p>Tom &amp; Jerry &lt;3 &eacute;t&#233; &#x4E2D;&#25991; &copy;</p>").text,
            "Tom & Jerry <3 été 中文 ©");
}

TEST_F(HtmlText, NbspCollapsesLikeASpaceAndIsTrimmed) {
  EXPECT_EQ(extract("<p>&nbsp;&nbsp;Indented&nbsp;&nbsp;text&nbsp;</p>").text, "Indented text");
}

TEST_F(HtmlText, CjkGetsNoSpacesBetweenInlineElements) {
  const ExtractedText& x =
      extract("<p>记者<a href=#>张三</a>报道：<b>杭州</b><span>今天</span><em>下雨</em>。</p>"
              "<p>第二段<br>第二行</p>");
  EXPECT_EQ(x.text, "记者张三报道：杭州今天下雨。\n\n第二段\n第二行");
}

TEST_F(HtmlText, InlineWhitespaceIsKeptWhereTheSourceHadIt) {
  EXPECT_EQ(extract("<p><b>bold</b> <i>italic</i><a>link</a> end </p>").text, "bold italiclink end");
}

TEST_F(HtmlText, LooseTextOutsideBlocksIsAParagraph) {
  EXPECT_THAT(blocks("<body>loose text<div>in div</div>tail <b>bold</b></body>"),
              ElementsAre(P("loose text"), P("in div"), P("tail bold")));
}

TEST_F(HtmlText, PlainTextWithoutTags) {
  EXPECT_THAT(blocks("Just some plain text,\nnothing else."),
              ElementsAre(P("Just some plain text, nothing else.")));
}

TEST_F(HtmlText, TitleAndLang) {
  const ExtractedText& x = extract(
      "<html lang=\" zh-CN \"><head><title>\n  新闻   标题 &amp; more\n</title></head><body><p>x</p></body></html>");
  EXPECT_EQ(x.title, "新闻 标题 & more");
  EXPECT_EQ(x.lang, "zh-CN");
  EXPECT_EQ(x.text, "x");
}

TEST_F(HtmlText, TitleInTheBodyIsTitleNotText) {
  const ExtractedText& x = extract("<body><title>Late title</title><p>body</p></body>");
  EXPECT_EQ(x.title, "Late title");
  EXPECT_EQ(x.text, "body");
}

TEST_F(HtmlText, SvgTitleIsNotTheDocumentTitle) {
  const ExtractedText& x = extract("<body><svg><title>icon</title></svg><p>body</p></body>");
  EXPECT_EQ(x.title, "");
}

TEST_F(HtmlText, NoVisibleTextGivesEmptyText) {
  const ExtractedText& x = extract("<html><head><title>t</title></head><body><script>x</script> </body></html>");
  EXPECT_EQ(x.text, "");
  EXPECT_TRUE(x.blocks.empty());
}

TEST_F(HtmlText, EmptyInput) {
  const ExtractedText& x = extract("");
  EXPECT_EQ(x.text, "");
}

TEST_F(HtmlText, BrokenMarkupStillGivesItsText) {
  // Unclosed <p>, a stray </ul>, and a heading left inside the open <li>.
  EXPECT_THAT(blocks("<p>one<p>two<li>three</ul></div><h2>four</p>"),
              ElementsAre(P("one"), P("two"), LI(1, "three"), H(2, "four")));
}

TEST_F(HtmlText, ExtractorIsReusableAcrossDocuments) {
  EXPECT_EQ(extract("<h1>first</h1>").text, "first");
  EXPECT_EQ(extract("<p>second</p>").text, "second");
  EXPECT_EQ(out_.blocks.size(), 1u);
  EXPECT_EQ(out_.blocks[0].kind, BlockKind::paragraph);
}

TEST(HtmlTextLimits, DeeplyNestedDivsFailCleanlyAndQuickly) {
  std::string html;
  html.reserve(100000 * 5 + 16);
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  TextExtractor extractor;
  ExtractedText out;
  EXPECT_EQ(extractor.extract(html, out), ExtractStatus::too_deep);
  EXPECT_TRUE(out.text.empty());
  // The same extractor recovers for the next document.
  EXPECT_EQ(extractor.extract("<p>fine</p>", out), ExtractStatus::ok);
  EXPECT_EQ(out.text, "fine");
}

TEST(HtmlTextLimits, DeepTreeWithinTheLimitIsWalkedWithoutRecursion) {
  // 100,000 nested inline elements: myhtml builds them quickly, and the walk
  // must not use the stack per level.
  std::string html = "<p>";
  html.reserve(100000 * 6 + 16);
  for (int i = 0; i < 100000; ++i) html += "<span>";
  html += "deep text";
  TextExtractor extractor(ParseLimits{1'000'000, 200'000});
  ExtractedText out;
  ASSERT_EQ(extractor.extract(html, out), ExtractStatus::ok);
  EXPECT_EQ(out.text, "deep text");
}

TEST(HtmlTextLimits, MaxNodesIsEnforced) {
  std::string html;
  for (int i = 0; i < 500; ++i) html += "<p>para</p>";
  TextExtractor small(ParseLimits{100, 1024});
  ExtractedText out;
  EXPECT_EQ(small.extract(html, out), ExtractStatus::too_many_nodes);
  EXPECT_TRUE(out.text.empty());
  TextExtractor large(ParseLimits{10'000, 1024});
  EXPECT_EQ(large.extract(html, out), ExtractStatus::ok);
  EXPECT_EQ(out.blocks.size(), 500u);
}

}  // namespace
}  // namespace docpipe::clean_html
