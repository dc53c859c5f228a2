// filter.lang through the CLI: fetch.jsonl lines with and without metadata.lang.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

TEST(FilterLangCli, DetectsWhenMetadataIsAbsentAndWritesIt) {
  TempDir dir;
  std::string in = dir.write(
      "in.jsonl",
      R"({"id":"en","text":"The committee met on Tuesday to discuss the new budget for the city's public schools and the rising costs of teachers."})"
      "\n"
      R"({"id":"zh","text":"今天天气很好，我们一起去公园散步。公园里有很多人在跑步和打太极拳，孩子们在草地上玩耍。"})"
      "\n"
      R"({"id":"declared","metadata":{"lang":"zh"},"text":"short"})"
      "\n");
  std::string out = dir.path("out.jsonl");
  CliResult r = run_cli(
      {"run", "fetch.jsonl path=" + in + " ! filter.lang languages=zh ! export.jsonl path=" + out,
       "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--log-level", "debug"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string json = TempDir::read(out);
  EXPECT_EQ(json.find(R"("id":"en")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("id":"zh")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("lang_source":"cld2")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("id":"declared")"), std::string::npos) << json;
  EXPECT_NE(r.err.find("language en not in languages=zh"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace docpipe::test
