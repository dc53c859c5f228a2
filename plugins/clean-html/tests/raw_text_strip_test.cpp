// Script and style bodies are emptied before parsing; nothing a reader sees changes.
#include <gtest/gtest.h>

#include <string>

#include "html_text.hpp"
#include "raw_text_strip.hpp"

namespace docpipe::clean_html {
namespace {

std::string stripped(std::string_view html) {
  std::string out;
  return strip_raw_text_bodies(html, out) ? out : std::string(html);
}

TEST(RawTextStrip, EmptiesScriptAndStyleBodiesOnly) {
  EXPECT_EQ(stripped("<p>a</p><script>var x = '<p>no</p>';</script><STYLE type=text/css>p{}</STYLE ><p>b</p>"),
            "<p>a</p><script></script><STYLE type=text/css></STYLE ><p>b</p>");
}

TEST(RawTextStrip, EmptiesInlineSvgCountingNestedOnes) {
  EXPECT_EQ(stripped("<p>a</p><svg viewBox=\"0 0 9 9\"><svg><path d=\"M0\"/></svg><title>t</title></svg><p>b</p>"
                     "<SVG/><p>c</p>"),
            "<p>a</p><svg viewBox=\"0 0 9 9\"></svg><p>b</p><SVG/><p>c</p>");
}

TEST(RawTextStrip, KeepsJsonLdForMetadata) {
  std::string html = "<script type=\"application/ld+json\">{\"headline\":\"x\"}</script><script>y()</script>";
  EXPECT_EQ(stripped(html), "<script type=\"application/ld+json\">{\"headline\":\"x\"}</script><script></script>");
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
  std::string out = "untouched";
  EXPECT_FALSE(strip_raw_text_bodies("<p>nothing to strip</p>", out));
  EXPECT_EQ(out, "untouched");
}

TEST(RawTextStrip, TheVisibleTextIsTheSame) {
  std::string html =
      "<html><head><style>body{color:red}</style><script>document.write('<p>x</p>')</script></head>"
      "<body><p>西湖区<b>加装</b>电梯</p><script>track()</script><p>second</p></body></html>";
  TextExtractor extractor;
  ExtractedText text;
  ASSERT_EQ(extractor.extract(html, text), ExtractStatus::ok);
  EXPECT_EQ(text.text, "西湖区加装电梯\n\nsecond");
}

}  // namespace
}  // namespace docpipe::clean_html
