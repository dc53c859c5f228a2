// fetch.jsonl through the CLI: the progress it reports ends with every stored
// byte of its files read, of a total counted up front; standard input has none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "compress_util.hpp"
#include "test_support.hpp"

namespace {

using docpipe::test::run_cli;
using docpipe::test::TempDir;
using namespace docpipe::fetch_jsonl::test;
using testing::HasSubstr;

std::string lines(int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"Text number " + std::to_string(i) +
           ".\"}\n";
  return out;
}

TEST(FetchJsonlProgress, EndsWithEveryStoredByteOfTheFilesRead) {
  TempDir dir;
  const std::string plain = lines(40), gz = gzip(lines(300)), zst = zstd(lines(200));
  // A bad line fails a document; the rest of its file is still read.
  const std::string bad = "{\"id\":\"x\",\"text\":\"ok\"}\nnot json\n" + lines(3);
  dir.write("in/a.jsonl", plain);
  dir.write("in/b.jsonl.gz", gz);
  dir.write("in/c.jsonl.zst", zst);
  dir.write("in/d.jsonl", bad);
  dir.write("in/e.txt", std::string(700, 'e'));  // not matched by include
  auto r = run_cli(
      {"run", "fetch.jsonl path=" + (dir / "in") + " ! export.jsonl path=" + (dir / "o.jsonl"),
       "--log-level", "debug", "--max-failed", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string n = std::to_string(plain.size() + gz.size() + zst.size() + bad.size());
  EXPECT_THAT(r.err, HasSubstr("progress at the end: " + n + " of " + n + " bytes"));
}

TEST(FetchJsonlProgress, StandardInputHasNoTotal) {
  TempDir dir;
  const std::string in = lines(25);
  dir.write("stdin.jsonl", in);
  dir.write("f.jsonl", lines(2));
  auto r = run_cli({"run", "fetch.jsonl path=- ! export.jsonl path=" + (dir / "o.jsonl"),
                    "--log-level", "debug"},
                   {}, dir / "stdin.jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err,
              HasSubstr("progress at the end: " + std::to_string(in.size()) + " of 0 bytes"));
  // A file beside standard input: still no total, as one input's size is unknowable.
  auto both = run_cli(
      {"run",
       "fetch.jsonl path=" + (dir / "f.jsonl") + ",- ! export.jsonl path=" + (dir / "p.jsonl"),
       "--log-level", "debug"},
      {}, dir / "stdin.jsonl");
  EXPECT_EQ(both.exit_code, 0) << both.err;
  EXPECT_THAT(both.err, HasSubstr("progress at the end: " +
                                  std::to_string(in.size() + lines(2).size()) + " of 0 bytes"));
}

}  // namespace
