#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "errors.hpp"
#include "pipeline_spec.hpp"
#include "test_support.hpp"

using namespace docpipe;
using ::testing::HasSubstr;

namespace {
std::string xml_error(const std::string& xml) {
  try {
    parse_pipeline_xml(xml, "p.xml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
std::string inline_error(const std::string& line) {
  try {
    parse_pipeline_inline(line);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(PipelineXml, ReadsElementsInOrder) {
  setenv("DP_TEST_DIR", "/data", 1);
  unsetenv("DP_TEST_UNSET");
  PipelineSpec s = parse_pipeline_xml(R"(<?xml version="1.0"?>
<pipeline name="zh-news" ordered="true" threads="3" queue_bytes="64MiB">
  <!-- comments are fine -->
  <plugins path="${DP_TEST_DIR}/plugins"/>
  <source use="fetch.files"><param name="path">${DP_TEST_DIR}/in</param></source>
  <stage use="clean.html" id="clean">
    <param name="output">
      markdown
    </param>
  </stage>
  <sink use="export.jsonl"><param name="path">${DP_TEST_UNSET:-out}/a.jsonl</param></sink>
  <errors use="export.jsonl"><param name="path">errors.jsonl</param></errors>
</pipeline>)",
                                      "p.xml");
  EXPECT_EQ(s.name, "zh-news");
  EXPECT_TRUE(s.ordered);
  EXPECT_EQ(s.threads, 3u);
  EXPECT_EQ(s.queue_bytes, 64LL << 20);
  ASSERT_EQ(s.plugin_paths.size(), 1u);
  EXPECT_EQ(s.plugin_paths[0], "/data/plugins");
  ASSERT_EQ(s.elements.size(), 4u);
  EXPECT_EQ(s.elements[0].role, ElementRole::source);
  EXPECT_EQ(s.elements[0].params[0].value, "/data/in");
  EXPECT_EQ(s.elements[0].where.str(), "p.xml:5:3");
  EXPECT_EQ(s.elements[1].id, "clean");
  EXPECT_EQ(s.elements[1].params[0].value, "markdown");  // trimmed
  EXPECT_EQ(s.elements[1].params[0].where, "p.xml:7:5");
  EXPECT_EQ(s.elements[2].params[0].value, "out/a.jsonl");
  EXPECT_EQ(s.elements[3].role, ElementRole::errors);
}

TEST(PipelineXml, MalformedXmlNamesLineAndColumn) {
  std::string e = xml_error("<pipeline>\n  <source use=\"a.b\">\n  </sorce>\n</pipeline>");
  EXPECT_THAT(e, HasSubstr("p.xml:3:"));
  EXPECT_THAT(e, HasSubstr("malformed XML"));
}

TEST(PipelineXml, StructuralErrorsNameWhereAndWhat) {
  EXPECT_THAT(xml_error("<pipe/>"), HasSubstr("p.xml:1:1: the root element is <pipe>; expected <pipeline>"));
  EXPECT_THAT(xml_error("<pipeline>\n  <stages use=\"x.y\"/>\n</pipeline>"),
              HasSubstr("p.xml:2:3: unexpected <stages>; expected <plugins>, <source>, <stage>, <sink> or <errors>"));
  EXPECT_THAT(xml_error("<pipeline>\n <stage/>\n</pipeline>"),
              HasSubstr("p.xml:2:2: <stage> needs a use=\"plugin.id\" attribute"));
  EXPECT_THAT(xml_error("<pipeline>\n <stage use=\"a.b\" colour=\"red\"/>\n</pipeline>"),
              HasSubstr("p.xml:2:19: unknown attribute 'colour' on <stage>; expected use, id"));
  EXPECT_THAT(xml_error("<pipeline><stage use=\"a.b\"><param>1</param></stage></pipeline>"),
              HasSubstr("<param> needs a name"));
  EXPECT_THAT(xml_error("<pipeline><stage use=\"a.b\"><param name=\"x\"><b/></param></stage></pipeline>"),
              HasSubstr("unexpected <b> inside <param>"));
  EXPECT_THAT(xml_error("<pipeline><stage use=\"a.b\"><option name=\"x\"/></stage></pipeline>"),
              HasSubstr("expected <param name=\"...\">value</param>"));
  EXPECT_THAT(xml_error("<pipeline ordered=\"sometimes\"/>"), HasSubstr("ordered expects true or false"));
  EXPECT_THAT(xml_error(""), HasSubstr("p.xml:1:1"));
}

TEST(PipelineXml, ColumnsCountCharactersNotBytes) {
  std::string e = xml_error("<pipeline name=\"新闻\"><bogus/></pipeline>");
  EXPECT_THAT(e, HasSubstr("p.xml:1:21:"));
}

TEST(PipelineXml, UnsetVariableIsAnErrorWithPosition) {
  unsetenv("DP_TEST_UNSET");
  std::string e = xml_error("<pipeline>\n<sink use=\"e.j\"><param name=\"path\">${DP_TEST_UNSET}</param></sink></pipeline>");
  EXPECT_THAT(e, HasSubstr("p.xml:2:17: environment variable DP_TEST_UNSET is not set"));
  EXPECT_THAT(xml_error("<pipeline><sink use=\"${oops\"/></pipeline>"), HasSubstr("unclosed '${'"));
}

TEST(ExpandEnv, DefaultsNestingAndEscapes) {
  setenv("DP_A", "alpha", 1);
  setenv("DP_EMPTY", "", 1);
  unsetenv("DP_NONE");
  SourceLocation here{"f", 1, 1};
  EXPECT_EQ(expand_env("x-${DP_A}-y", here), "x-alpha-y");
  EXPECT_EQ(expand_env("${DP_NONE:-fallback}", here), "fallback");
  EXPECT_EQ(expand_env("${DP_EMPTY:-fallback}", here), "fallback");
  EXPECT_EQ(expand_env("${DP_NONE:-${DP_A}/b}", here), "alpha/b");
  EXPECT_EQ(expand_env("$${DP_A} $HOME", here), "${DP_A} $HOME");
}

TEST(PipelineInline, ParsesElementsAndQuotedValues) {
  PipelineSpec s = parse_pipeline_inline(
      "fetch.files path='my dir/' include=\"*.html\" ! clean.html ! export.jsonl path=out.jsonl");
  ASSERT_EQ(s.elements.size(), 3u);
  EXPECT_EQ(s.elements[0].use, "fetch.files");
  EXPECT_EQ(s.elements[0].params[0].value, "my dir/");
  EXPECT_EQ(s.elements[0].params[1].value, "*.html");
  EXPECT_EQ(s.elements[1].where.str(), "<command line>:1:47");
  EXPECT_EQ(s.elements[2].params[0].name, "path");
}

TEST(PipelineInline, ErrorsNameTheColumn) {
  EXPECT_THAT(inline_error("fetch.files ! ! export.jsonl"), HasSubstr("<command line>:1:15: expected a plugin id before '!'"));
  EXPECT_THAT(inline_error("fetch.files path=a !"), HasSubstr("expected a plugin id after the last '!'"));
  EXPECT_THAT(inline_error("fetch.files oops ! x.y"), HasSubstr("1:13: expected name=value or '!', got 'oops'"));
  EXPECT_THAT(inline_error("a.b path='unclosed"), HasSubstr("unclosed quote"));
  EXPECT_THAT(inline_error("   "), HasSubstr("empty pipeline"));
}

TEST(PipelineFile, MissingFileIsAClearError) {
  try {
    parse_pipeline_file("/nonexistent/pipeline.xml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/pipeline.xml: cannot read pipeline file"));
  }
}

TEST(PipelineFile, PipelineDirIsSet) {
  test::TempDir dir;
  test::write_file(dir / "p.xml", "<pipeline><source use=\"a.b\"><param name=\"path\">${PIPELINE_DIR}/in</param></source></pipeline>");
  PipelineSpec s = parse_pipeline_file(dir / "p.xml");
  EXPECT_EQ(s.elements[0].params[0].value, (dir.path() / "in").string());
}

TEST(PipelineArgument, FileOrOneLine) {
  test::TempDir dir;
  test::write_file(dir / "p.xml", "<pipeline/>");
  EXPECT_TRUE(looks_like_pipeline_file(dir / "p.xml"));
  EXPECT_TRUE(looks_like_pipeline_file(dir / "missing.xml"));  // reported as an unreadable file
  EXPECT_FALSE(looks_like_pipeline_file("fetch.files path=in ! export.xml path=out.xml"));
  EXPECT_FALSE(looks_like_pipeline_file("fetch.files path=in ! export.jsonl path=o.jsonl"));
}
