// segment.words through the CLI, as a user runs it: fetch.files ! clean.html extract=all ! segment.words ! export.jsonl.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

const std::string data_dir = SEGMENT_WORDS_TEST_DATA;

CliResult run_pipeline(const std::string& pipeline) {
  return run_cli({"run", pipeline, "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads", "2"});
}

TEST(SegmentWordsCli, AddsWordSegmentsPerBlock) {
  TempDir dir;
  dir.write("in/a.html",
            "<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>t</title></head><body>"
            "<h1>北京</h1><p>大学</p><p>我们喜欢北京大学</p></body></html>");
  std::string out = dir.path("out.jsonl");
  CliResult r = run_pipeline("fetch.files path=" + dir.path("in") + " ! clean.html extract=all ! segment.words dict=" +
                             data_dir + "/small_dict.txt hmm=false ! export.jsonl overwrite=true path=" + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string json = TempDir::read(out);
  // 北京 | 大学 | 我们 喜欢 北京大学: five words; the heading never joins the paragraph after it.
  size_t count = 0;
  for (size_t at = json.find("\"word\""); at != std::string::npos; at = json.find("\"word\"", at + 1)) ++count;
  EXPECT_EQ(count, 5u) << json;
}

TEST(SegmentWordsCli, MissingDictionaryStopsTheRunWithItsPath) {
  TempDir dir;
  dir.write("in/a.html", "<p>我们</p>");
  CliResult r = run_pipeline("fetch.files path=" + dir.path("in") + " ! clean.html extract=all ! segment.words dict=" +
                             dir.path("nope.txt") + " ! export.jsonl overwrite=true path=" + dir.path("o.jsonl"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("nope.txt"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace docpipe::test
