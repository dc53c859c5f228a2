#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "front_matter.hpp"
#include "markdown_body.hpp"

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
  append_front_matter(out, "a\"b", {{"title", "x: y # z\n\x01", false},
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

TEST(Body, HeadingsParagraphsListsQuotesCode) {
  std::string text = "Title\n\nPara one.\n\nitem a\nnested\n\nA quote\n\nx = `1`";
  std::vector<output::BlockSpan> blocks = {{BlockKind::heading, 2, 0, 5},   {BlockKind::paragraph, 0, 7, 16},
                                           {BlockKind::list_item, 1, 18, 24}, {BlockKind::list_item, 2, 25, 31},
                                           {BlockKind::quote, 0, 33, 40},     {BlockKind::code, 0, 42, 49}};
  EXPECT_EQ(body(text, blocks),
            "## Title\n\nPara one.\n\n- item a\n  - nested\n\n> A quote\n\n```\nx = `1`\n```\n");
}

TEST(Body, TableCellsBecomeRowsWithAHeader) {
  std::string text = "Name\nLen\n\nElbe\n1094";
  std::vector<output::BlockSpan> blocks = {{BlockKind::table_cell, 0, 0, 4}, {BlockKind::table_cell, 0, 5, 8},
                                           {BlockKind::table_cell, 0, 10, 14}, {BlockKind::table_cell, 0, 15, 19}};
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
  EXPECT_EQ(body("abc", {{BlockKind::heading, 1, 2, 99}, {BlockKind::paragraph, 0, 50, 60}}), "ab\n\n# c\n");
}

}  // namespace
}  // namespace docpipe::markdown
