// fetch.files through the CLI: the progress it reports ends with every matched
// file's bytes read, against a total counted before the files were.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

using docpipe::test::run_cli;
using docpipe::test::TempDir;
using testing::HasSubstr;

TEST(FetchFilesProgress, EndsWithEveryMatchedByteRead) {
  TempDir dir;
  const std::string a = "<html><body><p>" + std::string(3000, 'a') + "</p></body></html>";
  const std::string b = "<p>" + std::string(2000, 'b') + "</p>";
  const std::string big = std::string(5000, 'x');  // a failed document still consumes its bytes
  dir.write("in/a.html", a);
  dir.write("in/sub/b.html", b);
  dir.write("in/skip.txt", std::string(500, 's'));  // not matched: not in the total
  dir.write("in/too-big.html", big);
  const uint64_t matched = a.size() + b.size() + big.size();
  std::string out = dir / "out.jsonl";
  auto r = run_cli({"run",
                    "fetch.files path=" + (dir / "in") +
                        " include=*.html max_size=4KiB ! export.jsonl path=" + out,
                    "--log-level", "debug", "--max-failed", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string n = std::to_string(matched);
  EXPECT_THAT(r.err, HasSubstr("progress at the end: " + n + " of " + n + " bytes"));
}

TEST(FetchFilesProgress, ShardsCountOnlyTheirOwnFiles) {
  TempDir dir;
  dir.write("in/a.html", std::string(100, 'a'));
  dir.write("in/b.html", std::string(20, 'b'));
  dir.write("in/c.html", std::string(3, 'c'));
  for (auto [shard, bytes] : {std::pair{"0/2", "103"}, std::pair{"1/2", "20"}}) {
    auto r = run_cli(
        {"run", "fetch.files path=" + (dir / "in") + " ! export.jsonl path=" + (dir / "o.jsonl"),
         "--shard", shard, "--log-level", "debug"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.err,
                HasSubstr(std::string("progress at the end: ") + bytes + " of " + bytes + " bytes"))
        << "shard " << shard;
  }
}

}  // namespace
