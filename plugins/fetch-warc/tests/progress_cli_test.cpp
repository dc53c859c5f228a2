// fetch.warc through the CLI: the progress it reports ends with the compressed
// bytes of every WARC of its shard consumed, against the total counted up front.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <docpipe_warc/writer.hpp>

#include <string>

#include "test_support.hpp"

namespace {

using docpipe::test::run_cli;
using docpipe::test::TempDir;
using testing::HasSubstr;
namespace warc = docpipe::warc;

std::string record(const std::string& uri, const std::string& words, bool gzip) {
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + words +
                     "</p></body></html>";
  return warc::encode_record(
      {"response", uri, "2024-05-01T12:00:00Z", "application/http; msgtype=response", {}, http},
      gzip);
}

TEST(FetchWarcProgress, EndsWithEveryCompressedByteConsumed) {
  TempDir dir;
  std::string gz, plain;
  for (int i = 0; i < 50; ++i)
    gz += record("http://a.example/" + std::to_string(i), "Page " + std::to_string(i), true);
  plain = record("http://b.example/", "A plain WARC record.", false);
  dir.write("in/a.warc.gz", gz);
  dir.write("in/b.warc", plain);
  dir.write("in/notes.txt", std::string(1000, 'n'));  // not matched by include
  auto r = run_cli({"run",
                    "fetch.warc path=" + (dir / "in") + " ! export.jsonl path=" + (dir / "o.jsonl"),
                    "--log-level", "debug"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string n = std::to_string(gz.size() + plain.size());
  EXPECT_THAT(r.err, HasSubstr("progress at the end: " + n + " of " + n + " bytes"));
}

TEST(FetchWarcProgress, AMissingFileCountsNothing) {
  TempDir dir;
  std::string gz = record("http://a.example/", "Alpha", true);
  dir.write("a.warc.gz", gz);
  auto r = run_cli({"run",
                    "fetch.warc path=" + (dir / "a.warc.gz") + "," + (dir / "gone.warc.gz") +
                        " ! export.jsonl path=" + (dir / "o.jsonl"),
                    "--log-level", "debug", "--max-failed", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string n = std::to_string(gz.size());
  EXPECT_THAT(r.err, HasSubstr("progress at the end: " + n + " of " + n + " bytes"));
}

}  // namespace
