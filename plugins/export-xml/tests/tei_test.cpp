#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "sink_test_support.hpp"
#include "tei.hpp"
#include "test_support.hpp"
#include "xml_text.hpp"

namespace docpipe::xml {
namespace {

using output::BlockKind;
using ::testing::HasSubstr;

std::string render(const output::DocumentView& doc, bool sentences, size_t* dropped = nullptr) {
  pugi::xml_document xml;
  size_t d = append_tei(xml, doc, sentences);
  if (dropped != nullptr) *dropped = d;
  std::ostringstream s;
  xml.save(s, "", pugi::format_raw);
  return s.str();
}

TEST(XmlClean, DropsWhatXml10ForbidsAndCounts) {
  size_t dropped = 0;
  std::string in = std::string(
                       "a\x01"
                       "b\tc\n\x1f") +
                   std::string(1, '\0') +
                   "\xEF\xBF\xBE"
                   "d\xff"
                   "中";
  EXPECT_EQ(xml_clean(in, dropped), "ab\tc\nd中");
  EXPECT_EQ(dropped, 5u);
}

TEST(Tei, HeaderAndBody) {
  output::DocumentView doc;
  doc.id = "a&b";
  doc.text = "Title\n\nOne. Two.\n\nx\ny\n\nName\nLen\n\nq\n\nc<d>";
  doc.metadata = {{"title", "T <1>", false},
                  {"url", "https://x/?a=1&b=2", false},
                  {"lang", "en", false},
                  {"tags", "[\"a\"]", true},
                  {"site_name", "S\x02", false}};
  doc.blocks = {{BlockKind::heading, 1, 0, 5},      {BlockKind::paragraph, 0, 7, 16},
                {BlockKind::list_item, 1, 18, 19},  {BlockKind::list_item, 2, 20, 21},
                {BlockKind::table_cell, 0, 23, 27}, {BlockKind::table_cell, 0, 28, 31},
                {BlockKind::quote, 0, 33, 34},      {BlockKind::code, 0, 36, 40}};
  doc.segments = {{"sentence", 7, 11}, {"sentence", 12, 16}, {"word", 7, 10}};
  size_t dropped = 0;
  std::string xml = render(doc, true, &dropped);
  EXPECT_EQ(dropped, 1u);
  EXPECT_THAT(xml, HasSubstr("<titleStmt><title>T &lt;1&gt;</title></titleStmt>"));
  EXPECT_THAT(
      xml, HasSubstr(
               "<idno type=\"id\">a&amp;b</idno><idno type=\"url\">https://x/?a=1&amp;b=2</idno>"));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<note type=\"tags\" format=\"json\">[\"a\"]</note><note type=\"site_name\">S</note>"));
  EXPECT_THAT(xml, HasSubstr("<language ident=\"en\"/>"));
  EXPECT_THAT(xml, HasSubstr("<head rend=\"h1\">Title</head><p><s>One.</s> <s>Two.</s></p>"));
  EXPECT_THAT(xml, HasSubstr("<list><item>x<list><item>y</item></list></item></list>"));
  EXPECT_THAT(xml, HasSubstr("<table><row><cell>Name</cell><cell>Len</cell></row></table>"));
  EXPECT_THAT(xml, HasSubstr("<quote>q</quote><code>c&lt;d&gt;</code>"));
  EXPECT_THAT(render(doc, false), HasSubstr("<p>One. Two.</p>"));
}

// Minimised from a fuzzing campaign: CR in ids and text read back as LF.
TEST(Tei, CarriageReturnsReadBackAsWritten) {
  output::DocumentView doc;
  doc.id = "a\rb\r\nc";
  doc.text = "one\r\ntwo\rthree";
  doc.metadata = {{"title", "t\r", false}, {"k\rey", "v\r\n", false}};
  pugi::xml_document xml;
  append_tei(xml, doc, false);
  std::string page;
  StringWriter writer(page);
  xml.print(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  EXPECT_EQ(page.find('\r'), std::string::npos);
  pugi::xml_document back;
  ASSERT_TRUE(back.load_string(page.c_str()));
  pugi::xml_node tei = back.document_element();
  EXPECT_EQ(std::string(tei.select_node("//idno[@type='id']").node().text().get()), doc.id);
  EXPECT_EQ(std::string(tei.select_node("//titleStmt/title").node().text().get()), "t\r");
  EXPECT_EQ(std::string(tei.select_node("//note").node().attribute("type").value()), "k\rey");
  EXPECT_EQ(std::string(tei.select_node("//note").node().text().get()), "v\r\n");
  EXPECT_EQ(std::string(tei.select_node("//body/p").node().text().get()), doc.text);

  // Python's ElementTree, a reader independent of pugixml, agrees.
  test::TempDir dir;
  std::string file = dir.write("cr.xml", page);
  test::ShellResult check = test::python(dir, R"(
import sys, xml.etree.ElementTree as ET
ns = {'t': 'http://www.tei-c.org/ns/1.0'}
root = ET.parse(sys.argv[1]).getroot()
assert root.find('.//t:idno', ns).text == 'a\rb\r\nc', repr(root.find('.//t:idno', ns).text)
assert root.find('.//t:body/t:p', ns).text == 'one\r\ntwo\rthree'
assert root.find('.//t:note', ns).get('type') == 'k\rey'
print('ok')
)",
                                         file);
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(Tei, NoBlocksMeansParagraphsAndNoMetadataStillHasATitle) {
  output::DocumentView doc;
  doc.id = "plain";
  doc.text = "first\n\nsecond";
  std::string xml = render(doc, false);
  EXPECT_THAT(xml, HasSubstr("<title>plain</title>"));
  EXPECT_THAT(xml, HasSubstr("<body><p>first</p><p>second</p></body>"));
}

}  // namespace
}  // namespace docpipe::xml
