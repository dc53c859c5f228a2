#include "file_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <fstream>
#include <stdexcept>

#include "test_support.hpp"

namespace docpipe::files {
namespace {

using docpipe::test::TempDir;

constexpr uint64_t MiB = 1024 * 1024;

// gzip of text followed by `zeros` zero bytes, streamed so a huge input never
// exists in memory.
std::string gzip(std::string_view text, uint64_t zeros = 0) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out;
  std::string chunk(1 << 20, '\0');
  std::string buffer(1 << 16, '\0');
  auto pump = [&](const char* data, size_t size, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, flush);
      out.append(buffer.data(), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  };
  pump(text.data(), text.size(), Z_NO_FLUSH);
  for (uint64_t left = zeros; left > 0;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(left, chunk.size()));
    pump(chunk.data(), n, Z_NO_FLUSH);
    left -= n;
  }
  pump(nullptr, 0, Z_FINISH);
  deflateEnd(&z);
  return out;
}

std::string zstd(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  if (ZSTD_isError(n)) throw std::runtime_error("ZSTD_compress");
  out.resize(n);
  return out;
}

std::string sample_text(size_t size) {
  std::string text;
  text.reserve(size);
  for (size_t i = 0; text.size() < size; ++i) text += "line " + std::to_string(i) + " of text\n";
  text.resize(size);
  return text;
}

TEST(FileReader, PlainFileWithMtime) {
  TempDir dir;
  std::string path = dir.write("a.html", "<p>hello</p>");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  FileReader reader(64 * MiB, true);
  std::string out;
  ReadOutcome outcome = reader.read(path, out);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(out, "<p>hello</p>");
  EXPECT_EQ(outcome.encoding, Encoding::plain);
  EXPECT_EQ(outcome.mtime_ms, st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000);
}

TEST(FileReader, ZeroByteFileIsEmptyAndOk) {
  TempDir dir;
  std::string path = dir.write("empty.html", "");
  FileReader reader(64 * MiB, true);
  std::string out = "left over from an earlier file";
  ReadOutcome outcome = reader.read(path, out);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(out, "");
}

TEST(FileReader, GzipAndZstdTransparentlyByMagicNotName) {
  TempDir dir;
  std::string text = sample_text(3 * MiB + 17);  // several input and output chunks
  FileReader reader(64 * MiB, true);
  std::string out;
  struct Case {
    std::string name;
    std::string stored;
    Encoding encoding;
  };
  for (const Case& c : {Case{"a.html.gz", gzip(text), Encoding::gzip},
                        Case{"a.html.zst", zstd(text), Encoding::zstd},
                        Case{"misnamed.html", gzip(text), Encoding::gzip},
                        Case{"misnamed.txt", zstd(text), Encoding::zstd},
                        Case{"plain.gz", text, Encoding::plain}}) {
    ReadOutcome outcome = reader.read(dir.write(c.name, c.stored), out);
    EXPECT_EQ(outcome.error, "") << c.name;
    EXPECT_EQ(outcome.encoding, c.encoding) << c.name;
    EXPECT_EQ(out.size(), text.size()) << c.name;
    EXPECT_TRUE(out == text) << c.name;
    EXPECT_EQ(outcome.stored_size, c.stored.size()) << c.name;
  }
}

TEST(FileReader, DecompressOffReturnsStoredBytes) {
  TempDir dir;
  std::string stored = gzip("hello");
  FileReader reader(64 * MiB, false);
  std::string out;
  ReadOutcome outcome = reader.read(dir.write("a.gz", stored), out);
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(outcome.encoding, Encoding::plain);
  EXPECT_EQ(out, stored);
}

TEST(FileReader, ConcatenatedGzipMembersAndZstdFramesReadAsOne) {
  TempDir dir;
  FileReader reader(64 * MiB, true);
  std::string out;
  EXPECT_EQ(reader.read(dir.write("m.gz", gzip("first,") + gzip("second")), out).error, "");
  EXPECT_EQ(out, "first,second");
  EXPECT_EQ(reader.read(dir.write("m.zst", zstd("first,") + zstd("second")), out).error, "");
  EXPECT_EQ(out, "first,second");
}

TEST(FileReader, PlainFileAboveMaxSizeIsRefusedUnread) {
  TempDir dir;
  std::string path = dir.write("big.html", std::string(3 * MiB, 'x'));
  FileReader reader(1 * MiB, true);
  std::string out;
  ReadOutcome outcome = reader.read(path, out);
  EXPECT_EQ(outcome.error, "file is 3 MiB, above max_size 1 MiB");
  EXPECT_EQ(outcome.bytes_read, 0u);
  EXPECT_TRUE(out.empty());
}

TEST(FileReader, MaxSizeIsInclusiveAfterDecompression) {
  TempDir dir;
  std::string exact(1 * MiB, 'y');
  FileReader reader(1 * MiB, true);
  std::string out;
  EXPECT_EQ(reader.read(dir.write("exact.gz", gzip(exact)), out).error, "");
  EXPECT_EQ(out.size(), exact.size());
  EXPECT_EQ(reader.read(dir.write("exact.txt", exact), out).error, "");
  ReadOutcome over = reader.read(dir.write("over.zst", zstd(exact + "z")), out);
  EXPECT_EQ(over.error.rfind("zstd file decompresses to more than max_size 1 MiB", 0), 0u)
      << over.error;
  EXPECT_TRUE(out.empty());
}

// Minimised from a fuzzing campaign: the cap is exact for both formats, at
// sizes where the output buffer is full just as the stream ends.
TEST(FileReader, MaxSizeIsExactForGzipAndZstdAtTheBoundary) {
  TempDir dir;
  for (uint64_t max_size : {uint64_t{1} * MiB, uint64_t{64} * 1024, uint64_t{100000}}) {
    SCOPED_TRACE(max_size);
    std::string exact = sample_text(static_cast<size_t>(max_size));
    std::string over = sample_text(static_cast<size_t>(max_size) + 1);
    FileReader reader(max_size, true);
    std::string out;
    EXPECT_EQ(reader.read(dir.write("exact.gz", gzip(exact)), out).error, "");
    EXPECT_TRUE(out == exact) << out.size() << " bytes";
    EXPECT_EQ(reader.read(dir.write("exact.zst", zstd(exact)), out).error, "");
    EXPECT_TRUE(out == exact) << out.size() << " bytes";
    EXPECT_EQ(
        reader.read(dir.write("two.zst", zstd(exact.substr(0, 10)) + zstd(exact.substr(10))), out)
            .error,
        "");
    EXPECT_TRUE(out == exact) << out.size() << " bytes";
    ReadOutcome gz = reader.read(dir.write("over.gz", gzip(over)), out);
    EXPECT_EQ(gz.error.rfind("gzip file decompresses to more than max_size", 0), 0u) << gz.error;
    EXPECT_TRUE(out.empty());
    ReadOutcome zs = reader.read(dir.write("over.zst", zstd(over)), out);
    EXPECT_EQ(zs.error.rfind("zstd file decompresses to more than max_size", 0), 0u) << zs.error;
    EXPECT_TRUE(out.empty());
  }
}

TEST(FileReader, GzipBombIsCutOffWithoutReadingItAll) {
  TempDir dir;
  // 40 members of 64 MiB of zeros each: 2.5 GiB from about 2.5 MiB on disk.
  std::string member = gzip("", 64 * MiB);
  std::string bomb;
  for (int i = 0; i < 40; ++i) bomb += member;
  std::string path = dir.write("bomb.html.gz", bomb);
  FileReader reader(1 * MiB, true);
  std::string out;
  ReadOutcome outcome = reader.read(path, out);
  EXPECT_EQ(outcome.error.rfind("gzip file decompresses to more than max_size 1 MiB", 0), 0u)
      << outcome.error;
  EXPECT_GT(outcome.stored_size, 1 * MiB);
  EXPECT_LT(outcome.bytes_read, outcome.stored_size / 2);
  EXPECT_LE(out.capacity(), 2 * (1 * MiB + 1));
}

TEST(FileReader, CorruptAndTruncatedCompressedData) {
  TempDir dir;
  FileReader reader(64 * MiB, true);
  std::string out;
  std::string good = gzip(sample_text(100000));

  std::string corrupt = good;
  for (size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(0xff);
  ReadOutcome bad = reader.read(dir.write("corrupt.gz", corrupt), out);
  EXPECT_EQ(bad.error.rfind("corrupt gzip data: ", 0), 0u) << bad.error;
  EXPECT_GT(bad.error.size(), std::string("corrupt gzip data: ").size());
  EXPECT_TRUE(out.empty());

  ReadOutcome cut = reader.read(dir.write("cut.gz", good.substr(0, good.size() / 2)), out);
  EXPECT_EQ(cut.error, "corrupt gzip data: unexpected end of file (truncated)");

  std::string zgood = zstd(sample_text(100000));
  ReadOutcome zcut = reader.read(dir.write("cut.zst", zgood.substr(0, zgood.size() / 2)), out);
  EXPECT_EQ(zcut.error, "corrupt zstd data: unexpected end of file (truncated)");
  ReadOutcome zbad =
      reader.read(dir.write("bad.zst", std::string("\x28\xb5\x2f\xfd garbage", 12)), out);
  EXPECT_EQ(zbad.error.rfind("corrupt zstd data: ", 0), 0u) << zbad.error;

  // The reader is still good after failures.
  EXPECT_EQ(reader.read(dir.write("fine.gz", gzip("fine")), out).error, "");
  EXPECT_EQ(out, "fine");
}

TEST(FileReader, MissingFileAndFifo) {
  TempDir dir;
  FileReader reader(64 * MiB, true);
  std::string out;
  EXPECT_EQ(reader.read(dir.path("nope.html"), out).error, "no such file or directory");
  ASSERT_EQ(::mkfifo(dir.path("pipe").c_str(), 0600), 0);
  EXPECT_EQ(reader.read(dir.path("pipe"), out).error, "not a regular file (fifo)");
  EXPECT_EQ(reader.read(dir.root(), out).error, "not a regular file (directory)");
}

}  // namespace
}  // namespace docpipe::files
