// fetch.jsonl through the CLI: compressed files, standard input, bad lines.
#include <boost/json.hpp>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "compress_util.hpp"
#include "test_support.hpp"

namespace {

using docpipe::test::CliResult;
using docpipe::test::read_file;
using docpipe::test::read_lines;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using namespace docpipe::fetch_jsonl::test;
using testing::HasSubstr;

std::vector<boost::json::object> read_jsonl(const std::string& path) {
  std::vector<boost::json::object> out;
  for (const auto& line : read_lines(path)) out.push_back(boost::json::parse(line).as_object());
  return out;
}

std::string str(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}


const std::string kLines =
    "{\"id\":\"t1\",\"text\":\"First text.\",\"url\":\"http://a/\",\"metadata\":{\"lang\":\"en\"},\"extra\":7}\n"
    "{\"id\":\"h1\",\"html\":\"<html><body><p>Html paragraph.</p></body></html>\"}\n";

TEST(FetchJsonlCli, PlainGzipAndZstdFiles) {
  TempDir dir;
  dir.write("in/a.jsonl", kLines);
  dir.write("in/b.jsonl.gz", gzip(kLines));
  dir.write("in/c.jsonl.zst", zstd(kLines));
  std::string out = dir / "out.jsonl";
  auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "in") + " ! export.jsonl path=" + out,
                    "--threads", "1"});  // one worker: documents stay in source order
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 6u);
  EXPECT_EQ(str(docs[0], "id"), "t1");
  EXPECT_EQ(str(docs[0], "text"), "First text.");
  const auto& m = docs[0].at("metadata").as_object();
  EXPECT_EQ(m.at("lang").as_string(), "en");
  EXPECT_EQ(m.at("extra").as_int64(), 7);
  EXPECT_EQ(m.at("url").as_string(), "http://a/");
  EXPECT_EQ(str(docs[3], "id"), "h1");
}

TEST(FetchJsonlCli, HtmlLinesGoThroughCleanHtml) {
  TempDir dir;
  dir.write("a.jsonl", kLines);
  std::string out = dir / "out.jsonl";
  auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "a.jsonl") + " ! clean.html ! export.jsonl path=" + out});
  // The text-only line has no html for clean.html: it is dropped, not failed.
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(str(docs[0], "text"), "Html paragraph.");
}

TEST(FetchJsonlCli, StandardInput) {
  TempDir dir;
  std::string in = dir.write("stdin.jsonl.gz", gzip(kLines + "{\"text\":\"no id here\"}\n"));
  std::string out = dir / "out.jsonl";
  // Standard input from a file, as Hadoop Streaming would feed it.
  auto r = run_cli({"run", "fetch.jsonl path=- ! export.jsonl path=" + out, "--threads", "1"}, {}, in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(str(docs[2], "id"), "stdin:3");
  EXPECT_EQ(str(docs[2], "text"), "no id here");
}

TEST(FetchJsonlCli, MalformedMissingIdAndHugeLines) {
  TempDir dir;
  std::string lines = "{\"id\":\"ok1\",\"text\":\"good\"}\n"
                      "{\"id\":\"bad\",\"text\":\"unterminated\n"
                      "{\"text\":\"anonymous\"}\n" +
                      std::string("{\"id\":\"huge\",\"text\":\"") + std::string(5000, 'h') + "\"}\n"
                      "{\"id\":\"no-text\"}\n"
                      "\n"
                      "{\"id\":\"ok2\",\"text\":\"still read\"}\n";
  dir.write("d.jsonl", lines);
  std::string out = dir / "o/out.jsonl";
  auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "d.jsonl") + " max_line_size=1KiB ! export.jsonl path=" + out,
                    "--threads", "1"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(str(docs[0], "id"), "ok1");
  EXPECT_EQ(str(docs[1], "id"), "d.jsonl:3");
  EXPECT_EQ(str(docs[2], "id"), "ok2");
  auto errors = read_jsonl(dir / "o/errors.jsonl");
  ASSERT_EQ(errors.size(), 3u);
  std::map<std::string, std::string> by_id;
  for (const auto& e : errors) by_id[str(e, "id")] = str(e, "message");
  EXPECT_THAT(by_id["d.jsonl:2"], HasSubstr("d.jsonl:2: invalid JSON"));
  EXPECT_THAT(by_id["d.jsonl:4"], HasSubstr("max_line_size"));
  EXPECT_THAT(by_id["no-text"], HasSubstr("neither"));
}

TEST(FetchJsonlCli, ShardsByInput) {
  TempDir dir;
  for (int i = 0; i < 4; ++i) {
    dir.write("in/f" + std::to_string(i) + ".jsonl", "{\"id\":\"f" + std::to_string(i) + "\",\"text\":\"t\"}\n");
  }
  std::vector<std::string> ids;
  for (int s = 0; s < 3; ++s) {
    // {shard} in the path: the sink names the file exactly so.
    std::string out = dir / ("s" + std::to_string(s) + ".jsonl");
    auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "in") + " ! export.jsonl path=" + (dir / "s{shard}.jsonl"), "--shard",
                      std::to_string(s) + "/3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& d : read_jsonl(out)) ids.push_back(str(d, "id"));
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"f0", "f1", "f2", "f3"}));
}

}  // namespace
