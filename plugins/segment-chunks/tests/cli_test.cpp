// segment.chunks through the CLI, after clean.html and segment.sentences.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

TEST(SegmentChunksCli, ChunksAndHeadingPathsInJsonl) {
  TempDir dir;
  dir.write("in/page.html",
            "<html lang=\"en\"><body><h1>Guide</h1><p>One two three four. Five six seven.</p>"
            "<h2>Setup</h2><p>Eight nine ten eleven twelve. Thirteen fourteen.</p></body></html>");
  std::string out = dir.path("out.jsonl");
  CliResult r = run_cli({"run", "--log-level", "warn",
                         "fetch.files path=" + dir.path("in") +
                             " ! clean.html extract=all ! segment.sentences ! segment.chunks max_tokens=8 overlap=1"
                             " ! export.jsonl path=" + out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = read_lines(out);
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  // Plain search, not std::regex: GCC 12 warns falsely inside <regex> under the sanitizers.
  int n = 0;
  for (size_t at = line.find(R"({"kind":"chunk","begin":)"); at != std::string::npos;
       at = line.find(R"({"kind":"chunk","begin":)", at + 1))
    ++n;
  EXPECT_EQ(n, 3) << line;
  EXPECT_NE(line.find(R"("chunk_headings":["Guide","Guide > Setup","Guide > Setup"])"),
            std::string::npos)
      << line;
}

TEST(SegmentChunksCli, OverlapNotBelowMaxTokensIsRefusedAtStart) {
  TempDir dir;
  dir.write("in/page.html", "<p>x</p>");
  CliResult r = run_cli({"run", "--log-level", "warn",
                         "fetch.files path=" + dir.path("in") +
                             " ! clean.html extract=all ! segment.chunks max_tokens=4 overlap=4 ! export.jsonl path=" +
                             dir.path("out.jsonl")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("overlap"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace docpipe::test
