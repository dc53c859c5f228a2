// fetch.warc through the CLI on per-record gzip files made with the writer
// (the Common Crawl layout), with the errors and shards a user would see.
#include <docpipe_warc/writer.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "jsonl_util.hpp"
#include "test_support.hpp"

namespace {

using docpipe::fetch_warc::test::meta;
using docpipe::fetch_warc::test::read_jsonl;
using docpipe::fetch_warc::test::str;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using testing::HasSubstr;
namespace warc = docpipe::warc;

std::string response(const std::string& uri, const std::string& http, std::string* id = nullptr) {
  warc::RecordToWrite r{"response", uri, "2024-05-01T12:00:00Z", "application/http; msgtype=response", {}, http};
  return warc::encode_record(r, true, id);
}

std::string page(const std::string& words) {
  return "<html><head><title>T</title></head><body><article><p>" + words + "</p></article></body></html>";
}

std::string http200(const std::string& body, const std::string& type = "text/html; charset=utf-8") {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\n\r\n" + body;
}

// A Common Crawl-like file: warcinfo, then request/response pairs, one gzip member each.
std::string crawl(std::string* good_id, uint64_t* second_offset) {
  std::string out = warc::encode_record({"warcinfo", "", "", "application/warc-fields", {}, "software: t\r\n"}, true);
  out += warc::encode_record({"request", "http://a.example/", "", "application/http; msgtype=request", {},
                              "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"},
                             true);
  out += response("http://a.example/", http200(page("Alpha page text about rivers.")), good_id);
  *second_offset = out.size();
  out += response("http://b.example/missing", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nnope");
  out += response("http://c.example/logo.png", http200("\x89PNG....", "image/png"));
  out += response("http://d.example/", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                           std::string("10\r\n<p>Delta chunk, \r\n") + "b\r\nmore text.\n\r\n0\r\n\r\n");
  return out;
}

TEST(FetchWarcCli, CommonCrawlLayoutToJsonl) {
  TempDir dir;
  std::string id;
  uint64_t offset = 0;
  std::string bytes = crawl(&id, &offset);
  // A corrupt member after the good records: one failed document, then reading goes on.
  std::string bad = response("http://e.example/", http200(page("Echo lost")));
  for (size_t i = bad.size() / 2; i < bad.size() / 2 + 6; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x55);
  std::string last = response("http://f.example/", http200(page("Foxtrot survives corruption.")));
  uint64_t bad_offset = bytes.size();
  dir.write("in/cc.warc.gz", bytes + bad + last);
  std::string out = dir / "out/docs.jsonl";
  auto r = run_cli({"run", "fetch.warc path=" + (dir / "in") + " ! clean.html ! export.jsonl path=" + out,
                    "--threads", "1", "--log-level", "info"});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // the corrupt member failed a document
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 3u) << r.err;
  const auto& a = docs[0];
  EXPECT_EQ(str(a, "id"), id);
  EXPECT_THAT(str(a, "text"), HasSubstr("Alpha page text about rivers."));
  EXPECT_EQ(meta(a, "warc_record_id"), id);
  EXPECT_EQ(meta(a, "url"), "http://a.example/");
  EXPECT_EQ(meta(a, "http_status"), "200");
  EXPECT_EQ(meta(a, "warc_date"), "2024-05-01T12:00:00Z");
  EXPECT_THAT(meta(a, "warc_file"), HasSubstr("/in/cc.warc.gz"));
  EXPECT_THAT(str(docs[1], "text"), HasSubstr("Delta chunk, more text."));
  EXPECT_THAT(str(docs[2], "text"), HasSubstr("Foxtrot survives corruption."));
  // The offset of a document is where its gzip member starts.
  std::string second = meta(docs[1], "warc_offset");
  EXPECT_GT(std::stoull(second), offset);
  auto errors = read_jsonl(dir / "out/errors.jsonl");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(str(errors[0], "stage"), "fetch.warc#0");
  EXPECT_THAT(str(errors[0], "message"), HasSubstr("corrupt"));
  EXPECT_THAT(str(errors[0], "message"), HasSubstr("offset " + std::to_string(bad_offset)));
  EXPECT_THAT(str(errors[0], "source"), HasSubstr("cc.warc.gz@" + std::to_string(bad_offset)));
  // Skipped records are counted, by reason, at info level.
  EXPECT_THAT(r.err, HasSubstr("status 404: 1"));
  EXPECT_THAT(r.err, HasSubstr("content_type image/png: 1"));
  EXPECT_THAT(r.err, HasSubstr("type request: 1"));
}

TEST(FetchWarcCli, UrlsAndShardsByFile) {
  TempDir dir;
  for (int i = 0; i < 5; ++i) {
    std::string n = std::to_string(i);
    dir.write("in/f" + n + ".warc.gz", response("http://s.example/" + n, http200(page("Shard page " + n))));
  }
  dir.write("in/ignored.txt", "not a warc");
  std::set<std::string> urls;
  for (int shard = 0; shard < 2; ++shard) {
    std::string out = dir / ("out/s" + std::to_string(shard) + ".jsonl");
    auto r = run_cli({"run", "fetch.warc path=" + (dir / "in") + " ! clean.html ! export.jsonl path=" +
                          (dir / "out/s{shard}.jsonl"),
                      "--shard", std::to_string(shard) + "/2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto docs = read_jsonl(out);
    EXPECT_EQ(docs.size(), shard == 0 ? 3u : 2u);
    for (auto& d : docs) {
      urls.insert(meta(d, "url"));
      EXPECT_THAT(str(d, "text"), HasSubstr("Shard page"));
    }
  }
  EXPECT_EQ(urls, (std::set<std::string>{"http://s.example/0", "http://s.example/1", "http://s.example/2",
                                          "http://s.example/3", "http://s.example/4"}));
}

TEST(FetchWarcCli, MissingFileAndBadStatusParameter) {
  TempDir dir;
  auto r = run_cli({"run", "fetch.warc path=" + (dir / "nope.warc") + " ! clean.html ! export.jsonl path=" + (dir / "o.jsonl")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto errors = read_jsonl(dir / "errors.jsonl");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(str(errors[0], "message"), HasSubstr("nope.warc"));
  r = run_cli({"run", "fetch.warc path=x status=ok ! clean.html ! export.jsonl path=" + (dir / "p.jsonl")});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("status"));
}

TEST(FetchWarcCli, OversizedRecordFailsAndTheNextIsRead) {
  TempDir dir;
  std::string big = response("http://big.example/", http200(page(std::string(200000, 'x'))));
  std::string small = response("http://small.example/", http200(page("Small page after a big one.")));
  dir.write("a.warc.gz", big + small);
  std::string out = dir / "o.jsonl";
  auto r = run_cli({"run", "fetch.warc path=" + (dir / "a.warc.gz") + " max_record_size=100KiB ! clean.html ! export.jsonl path=" + out});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_THAT(str(docs[0], "text"), HasSubstr("Small page after a big one."));
  auto errors = read_jsonl(dir / "errors.jsonl");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(str(errors[0], "message"), HasSubstr("max_record_size"));
  EXPECT_THAT(str(errors[0], "source"), HasSubstr("a.warc.gz@0"));
}

}  // namespace
