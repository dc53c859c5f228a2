// export.markdown end to end: PyYAML reads the front matter back, and the
// headings, lists and tables are where the page had them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* check_markdown = R"(
import sys, yaml
def split(md):
    assert md.startswith('---\n'), md[:40]
    head, body = md[4:].split('\n---\n', 1)
    return yaml.safe_load(head), body
en_meta, en = split(open(sys.argv[1], encoding='utf-8').read())
zh_meta, zh = split(open(sys.argv[2], encoding='utf-8').read())
assert en_meta['id'] == 'en.html', en_meta
assert en_meta['title'] == 'Rivers, "quoted" & tables', en_meta['title']
assert zh_meta['title'] == '西湖区老旧小区改造“完成”', zh_meta
assert '\n# Small Rivers, Big "Effects"\n' in en, en
assert '\n## Details \\<section\\>\n' in en, en
assert '\n- First item with \\*stars\\* and \\_underscores\\_\n' in en, en
assert '\n  - Nested item\n' in en, en
assert '| Name | Length, km |\n| --- | --- |\n| Elbe | 1094 |' in en, en
assert '\n> A river is a quote.' in en, en
assert '\n```\nfor x in rivers:\n    print("<x>")\n```\n' in en, en
assert '\n# 西湖区加装电梯\n' in zh and '\n## 具体措施\n' in zh, zh
assert '| 小区 | 电梯 |' in zh, zh
print('ok')
)";

TEST(ExportMarkdownCli, OneFilePerDocumentWithFrontMatterAndHeadings) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.markdown path=" +
                             dir.path("md/{id}.md"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult check = python(dir, check_markdown, dir.path("md/en.html.md") + " " + dir.path("md/zh.html.md"));
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(ExportMarkdownCli, StreamHoldsEveryDocument) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.markdown path=" +
                             dir.path("all.md.zst"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult md = shell("zstdcat -q " + dir.path("all.md.zst"));
  ASSERT_EQ(md.exit_code, 0);
  EXPECT_THAT(md.out, HasSubstr("\"id\": \"en.html\""));
  EXPECT_THAT(md.out, HasSubstr("\"id\": \"zh.html\""));
  EXPECT_THAT(md.out, HasSubstr("\n# 西湖区加装电梯\n"));
}

}  // namespace
}  // namespace docpipe::test
