#include "record_selector.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using namespace docpipe::fetch_warc;
namespace warc = docpipe::warc;

warc::Record record(std::string type, std::string warc_content_type, std::string block) {
  warc::Record r;
  r.type = std::move(type);
  if (!warc_content_type.empty()) r.headers.add("Content-Type", std::move(warc_content_type));
  r.block = std::move(block);
  return r;
}

const char* kHttp = "application/http; msgtype=response";

TEST(RecordSelector, KeepsHtmlResponsesWith200ByDefault) {
  RecordSelector s{SelectOptions{}};
  auto r = record("response", kHttp, "HTTP/1.1 200 OK\r\nContent-Type: text/HTML; charset=utf-8\r\n\r\n<p>x</p>");
  const Selection& sel = s.select(r);
  ASSERT_EQ(sel.verdict, Verdict::document) << sel.reason;
  EXPECT_TRUE(sel.http);
  EXPECT_EQ(sel.response.status, 200);
  EXPECT_EQ(sel.media_type, "text/html");
  EXPECT_EQ(sel.body, "<p>x</p>");
}

TEST(RecordSelector, SkipsByTypeStatusAndContentType) {
  RecordSelector s{SelectOptions{}};
  EXPECT_EQ(s.select(record("request", kHttp, "GET / HTTP/1.1\r\n\r\n")).reason, "type");
  EXPECT_EQ(s.select(record("response", kHttp, "HTTP/1.1 404 NF\r\nContent-Type: text/html\r\n\r\n")).reason,
            "status");
  EXPECT_EQ(s.select(record("response", kHttp, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG")).reason,
            "content_type");
  EXPECT_EQ(s.select(record("response", kHttp, "HTTP/1.1 200 OK\r\n\r\nno type")).reason, "content_type");
  EXPECT_EQ(s.select(record("resource", "text/plain", "log")).reason, "content_type");
  EXPECT_EQ(s.select(record("resource", "text/html", "<p>r</p>")).verdict, Verdict::document);
}

TEST(RecordSelector, ConversionAndWildcards) {
  SelectOptions o;
  o.record_types = normalise_list({"Conversion"});
  o.content_types = normalise_list({"text/plain"});
  RecordSelector s{o};
  // The selection's views point into the record, so it must outlive them.
  warc::Record conversion = record("conversion", "text/plain", "clean text");
  const Selection& sel = s.select(conversion);
  ASSERT_EQ(sel.verdict, Verdict::document);
  EXPECT_FALSE(sel.http);
  EXPECT_EQ(sel.body, "clean text");
  SelectOptions all;
  all.record_types = normalise_list({"*"});
  all.statuses = parse_statuses({"*"});
  all.content_types = normalise_list({"*"});
  RecordSelector any{all};
  EXPECT_EQ(any.select(record("response", kHttp, "HTTP/1.1 500 X\r\n\r\n")).verdict, Verdict::document);
}

TEST(RecordSelector, BadHttpAndBadBodiesFail) {
  RecordSelector s{SelectOptions{}};
  EXPECT_EQ(s.select(record("response", kHttp, "garbage")).verdict, Verdict::failed);
  const Selection& sel =
      s.select(record("response", kHttp, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\nnot gzip"));
  EXPECT_EQ(sel.verdict, Verdict::failed);
  EXPECT_NE(sel.reason.find("gzip"), std::string::npos) << sel.reason;
  // Heritrix-style dns: records are responses without HTTP.
  EXPECT_EQ(s.select(record("response", "text/dns", "1.2.3.4")).reason, "content_type");
}

TEST(RecordSelector, StatusParameter) {
  EXPECT_EQ(parse_statuses({"200", "304"}), (std::vector<int>{200, 304}));
  EXPECT_TRUE(parse_statuses({"200", "*"}).empty());
  EXPECT_THROW(parse_statuses({"ok"}), std::invalid_argument);
  EXPECT_THROW(parse_statuses({"2000"}), std::invalid_argument);
}

TEST(SkipCounts, Summary) {
  SkipCounts c;
  c.add("type", "request");
  c.add("type", "request");
  c.add("status", "404");
  EXPECT_EQ(c.total(), 3u);
  EXPECT_EQ(c.summary(), "status 404: 1, type request: 2");
}

}  // namespace
