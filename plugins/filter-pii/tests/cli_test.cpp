// filter.pii through the CLI: text redacted, counts in metadata, custom placeholders.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

TEST(FilterPiiCli, RedactsAndCounts) {
  TempDir dir;
  std::string in =
      dir.write("in.jsonl",
                R"({"id":"a","text":"Mail jane@example.com or call 13812345678 from 192.168.0.1."})"
                "\n");
  std::string out = dir.path("out.jsonl");
  CliResult r = run_cli({"run",
                         "fetch.jsonl path=" + in +
                             " ! filter.pii email_placeholder=[email] ! export.jsonl path=" + out,
                         "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string json = TempDir::read(out);
  EXPECT_NE(json.find(R"("text":"Mail [email] or call <PHONE> from <IP>.")"), std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("pii.email":1)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("pii.cn_id":0)"), std::string::npos) << json;
}

}  // namespace
}  // namespace docpipe::test
