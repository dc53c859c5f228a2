// Script and style bodies and unread attributes are cut before parsing;
// nothing a reader sees, and nothing metadata reads, changes.
#include <gtest/gtest.h>

#include <string>

#include "html_text.hpp"
#include "raw_text_strip.hpp"

namespace docpipe::clean_html {
namespace {

std::string stripped(std::string_view html) {
  std::string buffer;
  return std::string(strip_unread_markup(html, buffer));
}

// True when the page goes to the parser as it is, with no copy.
bool untouched(std::string_view html) {
  std::string buffer;
  return strip_unread_markup(html, buffer).data() == html.data();
}

TEST(RawTextStrip, EmptiesScriptAndStyleBodiesOnly) {
  EXPECT_EQ(
      stripped(
          "<p>a</p><script>var x = '<p>no</p>';</script><STYLE type=text/css>p{}</STYLE ><p>b</p>"),
      "<p>a</p><script></script><STYLE type=text/css></STYLE ><p>b</p>");
}

TEST(RawTextStrip, EmptiesInlineSvgCountingNestedOnes) {
  EXPECT_EQ(stripped("<p>a</p><svg viewBox=\"0 0 9 9\"><svg><path "
                     "d=\"M0\"/></svg><title>t</title></svg><p>b</p>"
                     "<SVG/><p>c</p>"),
            "<p>a</p><svg viewBox=\"0 0 9 9\"></svg><p>b</p><SVG/><p>c</p>");
}

TEST(RawTextStrip, KeepsJsonLdForMetadata) {
  std::string html =
      "<script type=\"application/ld+json\">{\"headline\":\"x\"}</script><script>y()</script>";
  EXPECT_EQ(stripped(html),
            "<script type=\"application/ld+json\">{\"headline\":\"x\"}</script><script></script>");
}

TEST(RawTextStrip, QuotedGreaterThanInTheStartTagAndNamesThatOnlyStartAlike) {
  EXPECT_EQ(stripped("<script data-x=\"a>b\">code</script><scripture>text</scripture>"),
            "<script data-x=\"a>b\"></script><scripture>text</scripture>");
}

TEST(RawTextStrip, CommentsAreSkippedWhole) {
  // A <script> inside a comment must not swallow the content up to the next </script>.
  std::string html = "<!-- <script> --><p>kept</p><script>x</script>";
  EXPECT_EQ(stripped(html), "<!-- <script> --><p>kept</p><script></script>");
}

TEST(RawTextStrip, EscapedScriptDataAndUnterminatedBodiesAreLeftToTheParser) {
  std::string escaped = "<script><!--<script>x</script>y--></script><p>after</p>";
  EXPECT_EQ(stripped(escaped), escaped);
  std::string open = "<p>a</p><style>p{}";
  EXPECT_EQ(stripped(open), open);
  EXPECT_TRUE(untouched("<p>nothing to strip</p>"));
}

TEST(RawTextStrip, DropsTheAttributesNobodyReads) {
  EXPECT_EQ(stripped("<a href=\"/x\" class=\"c\" data-id='9' onclick=go()>t</a>"),
            "<a  class=\"c\"  >t</a>");
  // Names in any case; a value's quotes may hold '>' and what looks like a tag.
  EXPECT_EQ(
      stripped("<DIV CLASS=\"x\" DATA-A=\"b\"><img alt=\"a > <script>\" src=x.png><p>t</p></DIV>"),
      "<DIV CLASS=\"x\" ><img  ><p>t</p></DIV>");
}

TEST(RawTextStrip, KeepsEveryAttributeThatIsReadOrSteersTheTree) {
  std::string html =
      "<html lang=en><meta charset=utf-8><meta http-equiv=Content-Type content=\"text/html\">"
      "<meta name=author property=og:x itemprop=author content=A><link rel=canonical "
      "href=\"https://e.com/a\">"
      "<base href=\"/\"><div id=m class=c style=\"display:none\" hidden aria-hidden=true "
      "role=main></div>"
      "<time datetime=2024-01-02 pubdate></time><input type=hidden><math><annotation-xml "
      "encoding=text/html>"
      "</annotation-xml></math><font color=red face=x size=2></font>";
  EXPECT_TRUE(untouched(html));
  // href is read on <link> and <base> only.
  EXPECT_EQ(stripped("<link rel=icon href=/f.ico><a rel=author href=/me>me</a>"),
            "<link rel=icon href=/f.ico><a rel=author >me</a>");
}

TEST(RawTextStrip, AnAttributeRightAfterACutOneDoesNotJoinTheTagName) {
  EXPECT_EQ(stripped("<p id=\"a\"data-x=\"1\"class=\"c\">t</p>"), "<p id=\"a\" class=\"c\">t</p>");
  EXPECT_EQ(stripped("<p data-x=\"1\"class=\"c\">t</p>"), "<p class=\"c\">t</p>");
}

TEST(RawTextStrip, TextOnlyElementsPlaintextAndUnterminatedTagsAreLeftAlone) {
  for (std::string html : {"<title>A <b data-x=1> B</title><TEXTAREA><a href=x></TEXTAREA>",
                           "<xmp><i title=t></xmp><iframe><i title=t></iframe>",
                           "<plaintext><a href=x>link</a>", "<p>a</p><a href=\"x"}) {
    EXPECT_TRUE(untouched(html)) << html;
  }
  // Cutting resumes after the text-only element ends.
  EXPECT_EQ(stripped("<title>x <a href=y></title><a href=z>t</a>"),
            "<title>x <a href=y></title><a >t</a>");
}

TEST(RawTextStrip, EveryTruncationOfAPageIsCutWithinItsBytes) {
  // Run under ASan in CI: no read past the end wherever the page stops.
  const std::string page =
      "<!DOCTYPE html><html lang=zh><head><title>T <i></title><style a=b>x</style></head>"
      "<body><a href='/x' class=\"nav\"data-y=1 onclick=f()>\u94fe</a><svg><svg/></svg>"
      "<script type=application/ld+json>{}</script><script>s()</script><!-- c --><p id=p>t</p>"
      "<textarea>v</textarea><img alt=\"a>b\" src=x /><plaintext><b c=d>";
  for (size_t n = 0; n <= page.size(); ++n) {
    std::string prefix = page.substr(0, n);
    std::string buffer;
    EXPECT_LE(strip_unread_markup(prefix, buffer).size(), prefix.size()) << n;
  }
}

TEST(RawTextStrip, RunsOfSpacesInTextAreCutToTheirFirstCharacterOutsidePre) {
  EXPECT_EQ(stripped("<div>\n    <p>a  \t b</p>\n\n</div><pre>  x\n\n  <b>y</b>  </pre><p>c   d</p>"
                     "<LISTING>1  2</LISTING>  <p>e</p>"),
            "<div>\n<p>a b</p>\n</div><pre>  x\n\n  <b>y</b>  </pre><p>c d</p><LISTING>1  "
            "2</LISTING> <p>e</p>");
  // A <pre> that never ends keeps its spaces to the end of the page.
  EXPECT_EQ(stripped("<p>a  b</p><pre>x  y"), "<p>a b</p><pre>x  y");
  // The doctype's identifiers decide quirks mode: never touched.
  EXPECT_TRUE(untouched("<!DOCTYPE html  PUBLIC \"-//W3C//DTD  HTML 4.01//EN\"><p>a</p>"));
}

TEST(RawTextStrip, TheVisibleTextIsTheSame) {
  std::string html =
      "<html><head><style>body{color:red}</style><script>document.write('<p>x</p>')</script></head>"
      "<body><p>西湖区<b data-v=\"1\">加装</b>电梯</p><script>track()</script>"
      "<p><a href=\"/a\" title=\"A\">second</a>\n   <img src=\"x.png\" alt=\"pic\">line</p>\n  "
      "<pre>a   b</pre></body></html>";
  TextExtractor extractor;
  ExtractedText text;
  ASSERT_EQ(extractor.extract(html, text), ExtractStatus::ok);
  EXPECT_EQ(text.text, "西湖区加装电梯\n\nsecond line\n\na   b");
}

// NULs before a multi-byte character made myhtml emit stale bytes
// ("\0\0中\0a" -> e4 b8 ad b8): they are dropped before it parses, as
// HTML's tree builder drops them from body text.
TEST(RawTextStrip, NulCharactersInTextAreDroppedBeforeParsing) {
  using namespace std::string_literals;
  TextExtractor extractor;
  ExtractedText text;
  ASSERT_EQ(extractor.extract("<p>\0\0中\0a</p>"s, text), ExtractStatus::ok);
  EXPECT_EQ(text.text, "中a");
  ASSERT_EQ(extractor.extract("<script>x()</script><p class=\"a\0\">\0é\0\0漢字\0</p>\0"s, text),
            ExtractStatus::ok);
  EXPECT_EQ(text.text, "é漢字");
}

TEST(RawTextStrip, DropNulCharactersCopiesOnlyWhenThereIsOne) {
  using namespace std::string_literals;
  std::string buffer;
  std::string_view clean = "<p>a</p>";
  EXPECT_EQ(drop_nul_characters(clean, buffer).data(), clean.data());
  std::string page = "<p>\0a\0\0b</p>\0"s;
  EXPECT_EQ(drop_nul_characters(page, buffer), "<p>ab</p>");
  // In place, over the cuts' own result in the same buffer.
  std::string cut_buffer;
  std::string_view cut = strip_unread_markup("<script>x</script><p>\0b\0</p>"s, cut_buffer);
  EXPECT_EQ(drop_nul_characters(cut, cut_buffer), "<script></script><p>b</p>");
}

}  // namespace
}  // namespace docpipe::clean_html
