// filter.quality through the CLI, as a user runs it: fetch.jsonl ! filter.quality ! export.jsonl.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

CliResult run_pipeline(const std::string& pipeline) {
  return run_cli({"run", pipeline, "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off",
                  "--threads", "2", "--log-level", "debug"});
}

const char* english_line =
    R"({"id":"en","text":"The cat sat on the mat and looked at the door of the house with a calm face. It was a quiet day in the town, and the people walked to the market to buy bread and fruit. Nobody knew that the weather would change in the evening, bringing rain and wind to the streets."})";
const char* chinese_line =
    R"({"id":"zh","metadata":{"lang":"zh"},"text":"今天天气很好，我们一起去公园散步。公园里有很多人在跑步和打太极拳，孩子们在草地上玩耍。我觉得这样的周末非常舒服，也让人感到放松。"})";
const char* spam_line = R"({"id":"spam","text":"buy now buy now buy now"})";

TEST(FilterQualityCli, KeepsGoodTextWritesMeasuresAndLogsTheRule) {
  TempDir dir;
  std::string in = dir.write(
      "in.jsonl", std::string(english_line) + "\n" + chinese_line + "\n" + spam_line + "\n");
  std::string out = dir.path("out.jsonl");
  CliResult r =
      run_pipeline("fetch.jsonl path=" + in + " ! filter.quality ! export.jsonl path=" + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string json = TempDir::read(out);
  EXPECT_NE(json.find(R"("id":"en")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("id":"zh")"), std::string::npos) << json;
  EXPECT_EQ(json.find(R"("id":"spam")"), std::string::npos) << json;
  // Chinese counts characters: 58 Han characters, more than the 50 "words" of the rule.
  EXPECT_NE(json.find(R"("quality.words":58)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("quality.stop_words":20)"), std::string::npos) << json;
  EXPECT_NE(r.err.find("gopher: words 6 < 50 (gopher_min_words)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 dropped"), std::string::npos) << r.err;
}

TEST(FilterQualityCli, UnknownRuleSetStopsTheRun) {
  TempDir dir;
  std::string in = dir.write("in.jsonl", std::string(english_line) + "\n");
  CliResult r = run_pipeline(
      "fetch.jsonl path=" + in +
      " ! filter.quality rules=gopher,dolma ! export.jsonl path=" + dir.path("o.jsonl"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("dolma"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace docpipe::test
