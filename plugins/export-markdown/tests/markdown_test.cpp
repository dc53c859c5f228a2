#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "front_matter.hpp"
#include "markdown_body.hpp"
#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::markdown {
namespace {

using output::BlockKind;
using output::DocumentView;

std::string body(std::string_view text, std::vector<output::BlockSpan> blocks) {
  DocumentView v;
  v.text = text;
  v.blocks = std::move(blocks);
  std::string out;
  append_body(out, v);
  return out;
}

TEST(FrontMatter, StringsAreQuotedAndEscapedJsonIsFlow) {
  std::string out;
  append_front_matter(out, "a\"b",
                      {{"title", "x: y # z\n\x01", false},
                       {"tags", "[ \"a\",\n \"b\" ]", true},
                       {"n", "3", true},
                       {"id", "shadowed", false},
                       {"sep", "\u2028", false}});
  EXPECT_EQ(out,
            "---\n"
            "\"id\": \"a\\\"b\"\n"
            "\"title\": \"x: y # z\\n\\x01\"\n"
            "\"tags\": [\"a\",\"b\"]\n"
            "\"n\": 3\n"
            "\"sep\": \"\\L\"\n"
            "---\n");
}

// Minimised from a fuzzing campaign: C1 controls, U+FFFE/U+FFFF and DEL
// were written raw (PyYAML refused the file), and keys over 1,024 characters
// could not be implicit keys. PyYAML reads the front matter back equal.
TEST(FrontMatter, HostileKeysAndValuesReadBackInPyYaml) {
  std::string c1 = "\xC2\x80\xC2\x85\xC2\x9F";
  std::string nonchars = "\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD";
  std::string long_key(1500, 'k');
  std::string long_wide_key;
  for (int i = 0; i < 600; ++i) long_wide_key += "\x01\xC2\x90";  // each escaped as 4 characters
  std::vector<output::MetaEntry> meta = {{"c1" + c1, "v" + c1, false},
                                         {"nonchars", nonchars + "\x7F", false},
                                         {long_key, "long", false},
                                         {long_wide_key, "wide", false},
                                         {"json",
                                          "{\"" + long_key + "\": [\"" + c1 + nonchars +
                                              "\x7F\", 1.5, 2e300, -3.0e-7, 7, null, true]}",
                                          true},
                                         {"lines", "a\r\nb\u2028c\u2029d\xEF\xBB\xBF", false}};
  std::string out;
  append_front_matter(out, "id\xC2\x9F", meta);

  boost::json::object expected;
  expected["id"] = "id\xC2\x9F";
  for (const auto& m : meta)
    expected[m.key] = m.is_json ? boost::json::parse(m.value) : boost::json::value(m.value);
  test::TempDir dir;
  std::string yaml_file = dir.write("front.md", out);
  std::string json_file = dir.write("expected.json", boost::json::serialize(expected));
  test::ShellResult check = test::python(dir, R"(
import json, sys, yaml
text = open(sys.argv[1], encoding='utf-8').read()
assert text.startswith('---\n') and text.endswith('\n---\n')
got = yaml.safe_load(text[4:-5])
want = json.load(open(sys.argv[2], encoding='utf-8'))
assert got == want, [(k, repr(got.get(k))[-80:], repr(want[k])[-80:]) for k in want if got.get(k) != want[k]]
print('ok')
)",
                                         yaml_file + " " + json_file);
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(Body, HeadingsParagraphsListsQuotesCode) {
  std::string text = "Title\n\nPara one.\n\nitem a\nnested\n\nA quote\n\nx = `1`";
  std::vector<output::BlockSpan> blocks = {
      {BlockKind::heading, 2, 0, 5},     {BlockKind::paragraph, 0, 7, 16},
      {BlockKind::list_item, 1, 18, 24}, {BlockKind::list_item, 2, 25, 31},
      {BlockKind::quote, 0, 33, 40},     {BlockKind::code, 0, 42, 49}};
  EXPECT_EQ(body(text, blocks),
            "## Title\n\nPara one.\n\n- item a\n  - nested\n\n> A quote\n\n```\nx = `1`\n```\n");
}

TEST(Body, TableCellsBecomeRowsWithAHeader) {
  std::string text = "Name\nLen\n\nElbe\n1094";
  std::vector<output::BlockSpan> blocks = {{BlockKind::table_cell, 0, 0, 4},
                                           {BlockKind::table_cell, 0, 5, 8},
                                           {BlockKind::table_cell, 0, 10, 14},
                                           {BlockKind::table_cell, 0, 15, 19}};
  EXPECT_EQ(body(text, blocks), "| Name | Len |\n| --- | --- |\n| Elbe | 1094 |\n");
}

TEST(Body, MarkdownSyntaxInTextIsEscaped) {
  EXPECT_EQ(body("# not *a* heading | [x]", {{BlockKind::paragraph, 0, 0, 23}}),
            "\\# not \\*a\\* heading | \\[x\\]\n");
  EXPECT_EQ(body("1. not a list", {{BlockKind::paragraph, 0, 0, 13}}), "1\\. not a list\n");
  EXPECT_EQ(body("- no", {{BlockKind::paragraph, 0, 0, 4}}), "\\- no\n");
  EXPECT_EQ(body("a|b", {{BlockKind::table_cell, 0, 0, 3}}), "| a\\|b |\n| --- |\n");
}

TEST(Body, FencesOutgrowBackticksInCode) {
  EXPECT_EQ(body("```\nx\n```", {{BlockKind::code, 0, 0, 9}}), "````\n```\nx\n```\n````\n");
}

TEST(Body, TextOutsideBlocksIsParagraphsAndBadOffsetsAreIgnored) {
  EXPECT_EQ(body("loose one\n\nloose two", {}), "loose one\n\nloose two\n");
  EXPECT_EQ(body("abc", {{BlockKind::heading, 1, 2, 99}, {BlockKind::paragraph, 0, 50, 60}}),
            "ab\n\n# c\n");
}

}  // namespace
}  // namespace docpipe::markdown
