#include <gtest/gtest.h>
#include <docpipe_warc/reader.hpp>

#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "warc_test_util.hpp"

namespace {

using docpipe::test::TempDir;
using namespace docpipe::warc;
using namespace docpipe::warc::test;

std::vector<Record> read_all(const std::string& path, ReaderOptions options = {}) {
  Reader reader(path, options);
  std::vector<Record> out;
  Record r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

struct Sample {
  std::vector<std::string> records;  // plain bytes of each record
  std::string joined() const {
    std::string s;
    for (const auto& r : records) s += r;
    return s;
  }
  std::string per_record_gzip() const {
    std::string s;
    for (const auto& r : records) s += gzip(r);
    return s;
  }
};

Sample sample() {
  Sample s;
  s.records.push_back(warc_record("WARC/1.0", "warcinfo", "", "software: test\r\n"));
  s.records.push_back(warc_record("WARC/1.0", "response", "http://a.example/",
                                  http_block(200, "text/html", "<p>one</p>")));
  s.records.push_back(warc_record("WARC/1.1", "resource", "http://b.example/x.txt", "plain text"));
  s.records.push_back(warc_record("WARC/1.1", "response", "http://c.example/",
                                  http_block(404, "text/html", std::string(5000, 'z'))));
  return s;
}

void expect_sample(const std::vector<Record>& got, const Sample& s) {
  ASSERT_EQ(got.size(), s.records.size());
  for (const auto& r : got) EXPECT_EQ(r.error, "") << r.offset;
  EXPECT_EQ(got[0].type, "warcinfo");
  EXPECT_EQ(got[0].version, "WARC/1.0");
  EXPECT_EQ(got[0].block, "software: test\r\n");
  EXPECT_EQ(got[1].type, "response");
  EXPECT_EQ(got[1].headers.find("warc-target-uri").value_or(""), "http://a.example/");
  EXPECT_EQ(got[1].block, http_block(200, "text/html", "<p>one</p>"));
  EXPECT_EQ(got[2].version, "WARC/1.1");
  EXPECT_EQ(got[2].block, "plain text");
  EXPECT_EQ(got[3].block.size(), http_block(404, "text/html", std::string(5000, 'z')).size());
}

TEST(WarcReader, PlainFileWarc10And11WithFileOffsets) {
  TempDir dir;
  Sample s = sample();
  std::string path = dir.write("a.warc", s.joined());
  auto got = read_all(path);
  expect_sample(got, s);
  uint64_t offset = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].offset_kind, OffsetKind::file);
    EXPECT_EQ(got[i].offset, offset);
    offset += s.records[i].size();
  }
}

TEST(WarcReader, SmallBuffersGiveTheSameRecords) {
  TempDir dir;
  Sample s = sample();
  ReaderOptions options;
  options.buffer_size = 1;  // raised to the minimum; records still span many fills
  expect_sample(read_all(dir.write("a.warc", s.joined()), options), s);
  expect_sample(read_all(dir.write("b.warc.gz", s.per_record_gzip()), options), s);
}

TEST(WarcReader, WholeFileGzip) {
  TempDir dir;
  Sample s = sample();
  Reader reader(dir.write("a.warc.gz", gzip(s.joined())));
  std::vector<Record> got;
  Record r;
  while (reader.next(r)) got.push_back(r);
  EXPECT_EQ(reader.layout(), Layout::gzip);
  expect_sample(got, s);
  EXPECT_EQ(got[0].offset_kind, OffsetKind::gzip_member);
  EXPECT_EQ(got[0].offset, 0u);
  EXPECT_EQ(got[1].offset_kind, OffsetKind::decompressed);
  EXPECT_EQ(got[1].offset, s.records[0].size());
}

TEST(WarcReader, PerRecordGzipOffsetsAreMemberOffsetsAndSeekable) {
  TempDir dir;
  Sample s = sample();
  std::string path = dir.write("a.warc.gz", s.per_record_gzip());
  auto got = read_all(path);
  expect_sample(got, s);
  uint64_t offset = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].offset_kind, OffsetKind::gzip_member);
    EXPECT_EQ(got[i].offset, offset);
    offset += gzip(s.records[i]).size();
  }
  // Seeking to a record's offset reads that record first.
  ReaderOptions options;
  options.start_offset = got[2].offset;
  auto tail = read_all(path, options);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].block, "plain text");
  EXPECT_EQ(tail[0].offset, got[2].offset);
  EXPECT_EQ(tail[1].offset, got[3].offset);
}

TEST(WarcReader, PlainOffsetsAreSeekable) {
  TempDir dir;
  Sample s = sample();
  std::string path = dir.write("a.warc", s.joined());
  auto got = read_all(path);
  ReaderOptions options;
  options.start_offset = got[3].offset;
  auto tail = read_all(path, options);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].block, got[3].block);
  EXPECT_EQ(tail[0].offset, got[3].offset);
}

TEST(WarcReader, TruncatedLastRecordIsAnError) {
  TempDir dir;
  Sample s = sample();
  std::string bytes = s.joined();
  bytes.resize(bytes.size() - 1000);
  auto got = read_all(dir.write("a.warc", bytes));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].error, "");
  EXPECT_NE(got[3].error.find("truncated"), std::string::npos) << got[3].error;
  EXPECT_EQ(got[3].offset, s.records[0].size() + s.records[1].size() + s.records[2].size());
  EXPECT_TRUE(got[3].block.empty());
}

TEST(WarcReader, TruncatedHeaderAtEndOfFile) {
  TempDir dir;
  Sample s = sample();
  auto got = read_all(dir.write("a.warc", s.records[0] + "WARC/1.1\r\nWARC-Type: resp"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_NE(got[1].error.find("truncated"), std::string::npos) << got[1].error;
}

TEST(WarcReader, TruncatedGzipMemberInTheMiddle) {
  TempDir dir;
  Sample s = sample();
  std::string m1 = gzip(s.records[1]);
  std::string bytes =
      gzip(s.records[0]) + m1.substr(0, m1.size() / 2) + gzip(s.records[2]) + gzip(s.records[3]);
  auto got = read_all(dir.write("a.warc.gz", bytes));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_NE(got[1].error, "");
  EXPECT_EQ(got[1].offset, gzip(s.records[0]).size());
  EXPECT_EQ(got[2].error, "");
  EXPECT_EQ(got[2].block, "plain text");
  EXPECT_EQ(got[3].error, "");
}

TEST(WarcReader, CorruptGzipMemberDoesNotEndTheFile) {
  TempDir dir;
  Sample s = sample();
  std::string m0 = gzip(s.records[0]), m3 = gzip(s.records[3]);
  for (size_t i = m3.size() / 3; i < m3.size() / 3 + 8; ++i) m3[i] = static_cast<char>(~m3[i]);
  std::string bytes = m0 + gzip(s.records[1]) + gzip(s.records[2]) + m3 + gzip(s.records[1]);
  auto got = read_all(dir.write("a.warc.gz", bytes));
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[2].error, "");
  EXPECT_NE(got[3].error.find("corrupt"), std::string::npos) << got[3].error;
  EXPECT_EQ(got[3].offset, m0.size() + gzip(s.records[1]).size() + gzip(s.records[2]).size());
  EXPECT_EQ(got[4].error, "");
  EXPECT_EQ(got[4].block, got[1].block);
}

TEST(WarcReader, CorruptGzipHeaderInTheMiddle) {
  TempDir dir;
  Sample s = sample();
  std::string bad = gzip(s.records[1]);
  bad[3] = static_cast<char>(0xe0);  // reserved FLG bits: zlib refuses the header
  std::string bytes = gzip(s.records[0]) + bad + gzip(s.records[2]);
  auto got = read_all(dir.write("a.warc.gz", bytes));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_NE(got[1].error, "");
  EXPECT_EQ(got[2].block, "plain text");
}

TEST(WarcReader, GarbageBetweenRecordsIsOneErrorThenReadingGoesOn) {
  TempDir dir;
  Sample s = sample();
  std::string bytes =
      s.records[0] + "this is not\r\nWARC data WARC/1.0 at all\r\n" + s.records[1] + s.records[2];
  auto got = read_all(dir.write("a.warc", bytes));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_NE(got[1].error.find("not a WARC record"), std::string::npos) << got[1].error;
  EXPECT_EQ(got[1].offset, s.records[0].size());
  EXPECT_EQ(got[2].error, "");
  EXPECT_EQ(got[2].type, "response");
  EXPECT_EQ(got[3].block, "plain text");
}

TEST(WarcReader, GarbageBetweenGzipMembers) {
  TempDir dir;
  Sample s = sample();
  std::string bytes = gzip(s.records[0]) + "junk bytes" + gzip(s.records[2]);
  auto got = read_all(dir.write("a.warc.gz", bytes));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_NE(got[1].error.find("not the start of a gzip member"), std::string::npos) << got[1].error;
  EXPECT_EQ(got[2].block, "plain text");
  EXPECT_EQ(got[2].offset, gzip(s.records[0]).size() + 10);
}

TEST(WarcReader, ShortContentLengthLeavesGarbageThenResyncs) {
  TempDir dir;
  Sample s = sample();
  std::string bad = warc_record("WARC/1.1", "resource", "http://x/", "0123456789");
  bad.replace(bad.find("Content-Length: 10"), 18, "Content-Length: 4");
  auto got = read_all(dir.write("a.warc", s.records[0] + bad + s.records[2]));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1].block, "0123");
  EXPECT_NE(got[2].error, "");
  EXPECT_EQ(got[3].block, "plain text");
}

TEST(WarcReader, RecordLargerThanTheLimitFailsAndIsSkipped) {
  TempDir dir;
  Sample s = sample();
  ReaderOptions options;
  options.max_record_size = 1000;
  auto got = read_all(dir.write("a.warc", s.records[3] + s.records[2]), options);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].error.find("max_record_size"), std::string::npos) << got[0].error;
  EXPECT_EQ(got[0].type, "response");
  EXPECT_TRUE(got[0].block.empty());
  EXPECT_EQ(got[1].block, "plain text");
}

// Minimised from a fuzzing campaign: a record claiming an enormous block was
// reserved in full before reading, so bad_alloc abandoned the file.
TEST(WarcReader, HugeDeclaredLengthIsNotReservedAndTheNextRecordIsRead) {
  TempDir dir;
  Sample s = sample();
  std::string liar = warc_record("WARC/1.1", "resource", "http://x/", "0123456789");
  liar.replace(liar.find("Content-Length: 10"), 18, "Content-Length: 999999999999999999");
  ReaderOptions options;
  options.max_record_size = UINT64_MAX;
  auto got = read_all(dir.write("a.warc.gz", gzip(liar) + gzip(s.records[2])), options);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].error.find("truncated record"), std::string::npos) << got[0].error;
  EXPECT_EQ(got[1].error, "");
  EXPECT_EQ(got[1].block, "plain text");
  auto plain = read_all(dir.write("a.warc", s.records[2] + liar), options);
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].block, "plain text");
  EXPECT_NE(plain[1].error.find("truncated record"), std::string::npos) << plain[1].error;
}

TEST(WarcReader, MissingContentLengthAndBadVersion) {
  TempDir dir;
  Sample s = sample();
  std::string bytes = "WARC/1.1\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n" + s.records[2] +
                      "WARC/1.9\r\nWARC-Type: resource\r\nContent-Length: 1\r\n\r\nx\r\n\r\n" +
                      s.records[2];
  auto got = read_all(dir.write("a.warc", bytes));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_NE(got[0].error.find("Content-Length"), std::string::npos) << got[0].error;
  EXPECT_EQ(got[1].block, "plain text");
  EXPECT_NE(got[2].error.find("version"), std::string::npos) << got[2].error;
  EXPECT_EQ(got[3].block, "plain text");
}

TEST(WarcReader, EmptyFileAndMissingFile) {
  TempDir dir;
  EXPECT_TRUE(read_all(dir.write("empty.warc", "")).empty());
  EXPECT_THROW(Reader(dir / "missing.warc"), std::runtime_error);
}

TEST(WarcReader, LfOnlyHeadersAreAccepted) {
  TempDir dir;
  auto got =
      read_all(dir.write("a.warc", "WARC/1.0\nWARC-Type: resource\nContent-Length: 3\n\nabc\n\n"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].error, "");
  EXPECT_EQ(got[0].block, "abc");
}

TEST(WarcReader, RandomDamageNeverCrashesOrHangs) {
  // Every next() either returns a record or ends: a damaged file ends too.
  TempDir dir;
  Sample s = sample();
  std::mt19937 rng(7);
  for (const std::string& original : {s.joined(), s.per_record_gzip(), gzip(s.joined())}) {
    for (int round = 0; round < 200; ++round) {
      std::string bytes = original;
      int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) {
        size_t at = rng() % bytes.size();
        switch (rng() % 3) {
          case 0:
            bytes[at] = static_cast<char>(rng());
            break;
          case 1:
            bytes.erase(at, rng() % 64);
            break;
          default:
            bytes.insert(at, std::string(rng() % 16, static_cast<char>(rng())));
            break;
        }
        if (bytes.empty()) bytes = "x";
      }
      std::string path = dir.write("d.warc", bytes);
      Reader reader(path);
      Record r;
      size_t records = 0;
      while (reader.next(r)) ASSERT_LT(++records, bytes.size() + 10);
    }
  }
}

}  // namespace
