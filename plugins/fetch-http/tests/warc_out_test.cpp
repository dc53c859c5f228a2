// warc_out: responses and requests archived as WARC records, read back with docpipe_warc's reader.
#include <gtest/gtest.h>

#include <docpipe_warc/reader.hpp>

#include <map>

#include "servers.hpp"
#include "warc_out.hpp"

using namespace docpipe::http;
using namespace docpipe::http::test;
using docpipe::test::run_cli;

TEST(WarcOut, ArchivedResponseDescribesTheDecodedBody) {
  Response r;
  r.raw_headers =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n";
  r.body = "<p>hello</p>";
  std::string a = archived_response(r);
  EXPECT_EQ(a,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Crawler-Content-Encoding: gzip\r\n"
            "X-Crawler-Transfer-Encoding: chunked\r\nX-Crawler-Content-Length: 10\r\n"
            "Content-Length: 12\r\n\r\n<p>hello</p>");
}

TEST(WarcOut, RefusesAnExistingFileAndCleansUpWithoutCommit) {
  TempDir dir;
  std::string existing = dir.write("a.warc", "x");
  EXPECT_THROW(WarcOut(existing, false, "t"), std::runtime_error);
  {
    WarcOut w(dir.path("b.warc"), false, "t");
  }
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"a.warc"}));
}

TEST(WarcOut, CrawlIsArchivedThroughTheCli) {
  TempDir dir;
  FaultServer server(dir);
  ASSERT_TRUE(server.ok());
  std::string list = dir.write("urls.txt", server.url("/ok/a") + "\n" + server.url("/missing") + "\n" +
                                               server.url("/flaky/w") + "\n");
  std::string warc = dir.path("crawl/out.warc.gz");
  auto r = run_cli({"run", "--max-failed", "5",
                    "fetch.http urls=" + list + " allow_private=true retry_delay=10ms warc_out=" + warc +
                        " ! export.jsonl path=" + dir.path("out.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  docpipe::warc::Reader reader(warc);
  docpipe::warc::Record rec;
  std::map<std::string, int> types;
  std::map<std::string, std::string> response_ids;  // record id -> target
  std::vector<std::pair<std::string, std::string>> requests;  // concurrent-to, target
  int ok_pages = 0;
  while (reader.next(rec)) {
    ASSERT_TRUE(rec.error.empty()) << rec.error;
    types[rec.type]++;
    std::string target(rec.headers.find("WARC-Target-URI").value_or(""));
    if (rec.type == "response") {
      response_ids[std::string(*rec.headers.find("WARC-Record-ID"))] = target;
      EXPECT_EQ(*rec.headers.find("Content-Type"), "application/http; msgtype=response");
      EXPECT_EQ(rec.block.rfind("HTTP/1.1 ", 0), 0u);
      if (rec.block.find("page /ok/a") != std::string::npos) ++ok_pages;
    } else if (rec.type == "request") {
      requests.emplace_back(std::string(rec.headers.find("WARC-Concurrent-To").value_or("")), target);
      EXPECT_EQ(rec.block.rfind("GET ", 0), 0u) << rec.block;
    }
  }
  EXPECT_EQ(types["warcinfo"], 1);
  // robots.txt (404), /ok/a, /missing (404), /flaky/w three times: 6 exchanges.
  EXPECT_EQ(types["response"], 6);
  EXPECT_EQ(types["request"], 6);
  EXPECT_EQ(ok_pages, 1);
  for (const auto& [to, target] : requests) {
    ASSERT_TRUE(response_ids.count(to)) << to;
    EXPECT_EQ(response_ids[to], target);
  }
  EXPECT_EQ(dir.list("crawl"), (std::vector<std::string>{"out.warc.gz"}));  // no temp file left
}
