// export.xml end to end: xmllint and Python's ElementTree read the files back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* check_tei = R"(
import sys, xml.etree.ElementTree as ET
ns = {'t': 'http://www.tei-c.org/ns/1.0'}
root = ET.parse(sys.argv[1]).getroot()
teis = [root] if root.tag.endswith('}TEI') else root.findall('t:TEI', ns)
assert len(teis) == int(sys.argv[2]), len(teis)
titles = {t.find('.//t:titleStmt/t:title', ns).text for t in teis}
assert any('西湖区老旧小区改造' in x for x in titles) or int(sys.argv[2]) == 1, titles
for t in teis:
    body = t.find('t:text/t:body', ns)
    assert body.find('t:head', ns) is not None
    if sys.argv[3] == 'sentences':
        assert body.findall('.//t:s', ns), 'no <s>'
print('ok')
)";

TEST(ExportXmlCli, StreamIsOneWellFormedCorpusWithSentences) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! test.segments ! export.xml path=" +
                             dir.path("corpus.xml") + " segments=true");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult lint = shell("xmllint --noout " + dir.path("corpus.xml") + " 2>&1");
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  ShellResult check = python(dir, check_tei, dir.path("corpus.xml") + " 2 sentences");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  std::string xml = TempDir::read(dir.path("corpus.xml"));
  EXPECT_THAT(xml, HasSubstr("<s>今年共完成改造三十个小区。</s>"));
  EXPECT_THAT(xml, HasSubstr("<cell><s>Length, km</s></cell>"));
}

TEST(ExportXmlCli, RolledPartsAndPerDocumentFilesAreEachWellFormed) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.xml max_docs=1 path=" +
                             dir.path("parts/c.xml.gz") + " ! export.xml path=" + dir.path("docs/{id}.xml") + " overwrite=false");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (std::string part : {"parts/c-00000.xml.gz", "parts/c-00001.xml.gz"}) {
    ShellResult lint = shell("zcat " + dir.path(part) + " | xmllint --noout - 2>&1");
    EXPECT_EQ(lint.exit_code, 0) << part << ": " << lint.out;
  }
  for (std::string doc : {"docs/en.html.xml", "docs/zh.html.xml"}) {
    ShellResult lint = shell("xmllint --noout " + dir.path(doc) + " 2>&1");
    EXPECT_EQ(lint.exit_code, 0) << doc << ": " << lint.out;
    ShellResult check = python(dir, check_tei, dir.path(doc) + " 1 blocks");
    EXPECT_EQ(check.exit_code, 0) << check.out;
  }
}

TEST(ExportXmlCli, ControlCharactersNeverBreakTheXml) {
  TempDir dir;
  // fetch.files + test.text would need raw text; an HTML page with numeric
  // references to control characters is what a crawl really brings.
  dir.write("in/ctl.html", "<html><head><title>bad &#1;&#x1F; title</title></head><body><h1>H&#2;</h1>"
                           "<p>text \x01\x02\x1b with controls &#xFFFE;</p></body></html>");
  CliResult r = run_pipeline("fetch.files path=" + dir.path("in") + " ! clean.html extract=all ! export.xml path=" +
                             dir.path("ctl.xml") + " fsync=true", {"--log-level", "debug"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult lint = shell("xmllint --noout " + dir.path("ctl.xml") + " 2>&1");
  EXPECT_EQ(lint.exit_code, 0) << lint.out << TempDir::read(dir.path("ctl.xml"));
}

}  // namespace
}  // namespace docpipe::test
