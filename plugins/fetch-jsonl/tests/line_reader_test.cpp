#include "line_reader.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "compress_util.hpp"
#include "test_support.hpp"

namespace {

using docpipe::test::TempDir;
using namespace docpipe::fetch_jsonl;
using namespace docpipe::fetch_jsonl::test;

struct Outcome {
  std::vector<std::string> lines;  // "!too_long@N" for over-long lines
  std::string error;
  std::string format;
};

Outcome read(const std::string& path, uint64_t max_line = 1 << 20, size_t chunk = 4096) {
  int fd = ::open(path.c_str(), O_RDONLY);
  Outcome o;
  {
    LineReader reader(fd, max_line, chunk);
    std::string_view line;
    while (true) {
      LineStatus s = reader.next(line);
      if (s == LineStatus::end) break;
      if (s == LineStatus::error) {
        o.error = reader.message();
        break;
      }
      if (s == LineStatus::too_long) {
        o.lines.push_back("!too_long@" + std::to_string(reader.line_number()));
      } else {
        o.lines.emplace_back(line);
      }
    }
    o.format = reader.format();
  }
  ::close(fd);
  return o;
}

const std::string kText = "{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}";

TEST(LineReader, PlainGzipZstdAndConcatenatedMembers) {
  TempDir dir;
  std::vector<std::string> expected = {"{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"};
  Outcome plain = read(dir.write("a.jsonl", kText));
  EXPECT_EQ(plain.lines, expected);
  EXPECT_EQ(plain.format, "plain");
  Outcome gz = read(dir.write("a.jsonl.gz", gzip(kText.substr(0, 10)) + gzip(kText.substr(10))));
  EXPECT_EQ(gz.lines, expected);
  EXPECT_EQ(gz.format, "gzip");
  Outcome zst = read(dir.write("a.jsonl.zst", zstd(kText)));
  EXPECT_EQ(zst.lines, expected);
  EXPECT_EQ(zst.format, "zstd");
  EXPECT_EQ(zst.error, "");
}

TEST(LineReader, LongLinesAreSkippedInBoundedMemory) {
  TempDir dir;
  std::string huge(100000, 'x');
  Outcome o = read(dir.write("a.jsonl", "short\n" + huge + "\nafter\n" + huge), 1000, 4096);
  EXPECT_EQ(o.lines, (std::vector<std::string>{"short", "!too_long@2", "after", "!too_long@4"}));
}

TEST(LineReader, CorruptAndTruncatedCompressedStreamsAreErrors) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"n\":" + std::to_string(i) + "}\n";
  std::string z = gzip(big);
  Outcome truncated = read(dir.write("t.jsonl.gz", z.substr(0, z.size() / 2)));
  EXPECT_NE(truncated.error, "");
  EXPECT_GT(truncated.lines.size(), 100u);
  std::string bad = z;
  for (size_t i = bad.size() / 2; i < bad.size() / 2 + 16; ++i) bad[i] = static_cast<char>(~bad[i]);
  EXPECT_NE(read(dir.write("c.jsonl.gz", bad)).error, "");
  std::string zs = zstd(big);
  EXPECT_NE(read(dir.write("t.jsonl.zst", zs.substr(0, zs.size() / 2))).error, "");
}

TEST(LineReader, CountsTheStoredBytesItRead) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"n\":" + std::to_string(i) + "}\n";
  for (const std::string& stored : {big, gzip(big), zstd(big)}) {
    std::string path = dir.write("f", stored);
    int fd = ::open(path.c_str(), O_RDONLY);
    LineReader reader(fd, 1 << 20, 4096);
    EXPECT_EQ(reader.bytes_read(), 0u);
    std::string_view line;
    ASSERT_EQ(reader.next(line), LineStatus::line);
    EXPECT_GT(reader.bytes_read(), 0u);
    // Plain input is read a chunk at a time: only part of it after the first line.
    if (stored == big) {
      EXPECT_LT(reader.bytes_read(), stored.size());
    }
    while (reader.next(line) == LineStatus::line) {
    }
    EXPECT_EQ(reader.bytes_read(), stored.size()) << reader.format();
    ::close(fd);
  }
}

}  // namespace
