#include <docpipe_output/encoder.hpp>

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <docpipe_output/atomic_file.hpp>
#include <docpipe_output/rolling_output.hpp>
#include "test_support.hpp"

namespace docpipe::output {
namespace {

using docpipe::test::TempDir;

std::string gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip stream did not end");
  return out;
}

std::string unzstd(const std::string& data) {
  ZSTD_DCtx* context = ZSTD_createDCtx();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string out;
  std::string buffer(ZSTD_DStreamOutSize(), '\0');
  size_t rc = 1;
  while (in.pos < in.size || rc != 0) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    rc = ZSTD_decompressStream(context, &o, &in);
    if (ZSTD_isError(rc)) {
      ZSTD_freeDCtx(context);
      throw std::runtime_error(ZSTD_getErrorName(rc));
    }
    out.append(buffer.data(), o.pos);
    if (o.pos == 0 && in.pos == in.size) break;
  }
  ZSTD_freeDCtx(context);
  if (rc != 0) throw std::runtime_error("zstd frame did not end");
  return out;
}

// Lines of varied length with non-ASCII text, about `size` bytes in all.
std::string sample_lines(size_t size) {
  std::string text;
  for (size_t i = 0; text.size() < size; ++i) {
    text += "{\"id\":\"doc-" + std::to_string(i) + "\",\"text\":\"" +
            std::string(i % 97, 'a' + static_cast<char>(i % 26)) + " 中文 😀\"}\n";
  }
  return text;
}

// Writes the lines one record at a time through a RollingOutput into path and finishes.
void write_lines(const std::string& path, Compression compression, std::optional<int> level,
                 const std::string& lines, size_t buffer_size) {
  OutputOptions options;
  options.path_template = path;
  options.compression = compression == Compression::none   ? "none"
                        : compression == Compression::gzip ? "gzip"
                                                           : "zstd";
  options.level = level.value_or(-1);
  options.buffer_size = buffer_size;
  RollingOutput out(options);
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start) + 1;
    out.write(std::string_view(lines).substr(start, end - start));
    out.end_record();
    start = end;
  }
  out.finish();
}

int run(const std::string& command) { return std::system(command.c_str()); }

TEST(Compression, DefaultZstdLevelIsAFastLevelInRange) {
  // The default trades some ratio for speed (see compression.hpp); it must stay a level zstd takes.
  EXPECT_LT(default_zstd_level, 3);
  EXPECT_NE(default_zstd_level, -1) << "-1 means 'the default' in the level parameter";
  EXPECT_NO_THROW(check_level(Compression::zstd, default_zstd_level));
  EXPECT_NO_THROW(check_level(Compression::zstd, -5));
}

TEST(Compression, AutoBySuffix) {
  EXPECT_EQ(resolve_compression("auto", "out.jsonl"), Compression::none);
  EXPECT_EQ(resolve_compression("auto", "out.jsonl.gz"), Compression::gzip);
  EXPECT_EQ(resolve_compression("auto", "out/part-0.jsonl.zst"), Compression::zstd);
  EXPECT_EQ(resolve_compression("zstd", "out.jsonl"), Compression::zstd);
  EXPECT_EQ(resolve_compression("none", "out.jsonl.gz"), Compression::none);
  EXPECT_THROW(resolve_compression("brotli", "x"), std::invalid_argument);
}

TEST(Compression, LevelsOutsideTheFormatsRangeAreRefused) {
  EXPECT_NO_THROW(check_level(Compression::gzip, 9));
  EXPECT_THROW(check_level(Compression::gzip, 10), std::invalid_argument);
  EXPECT_NO_THROW(check_level(Compression::zstd, 19));
  EXPECT_THROW(check_level(Compression::zstd, 23), std::invalid_argument);
  EXPECT_NO_THROW(check_level(Compression::none, 99));
}

TEST(RollingOutputEncoding, PlainGzipAndZstdDecodeToTheSameLines) {
  TempDir dir;
  std::string lines = sample_lines(3 << 20);
  for (size_t flush_at : {size_t{4096}, OutputOptions{}.buffer_size}) {
    std::string suffix = std::to_string(flush_at);
    write_lines(dir.path("p" + suffix + ".jsonl"), Compression::none, {}, lines, flush_at);
    write_lines(dir.path("g" + suffix + ".jsonl.gz"), Compression::gzip, 1, lines, flush_at);
    write_lines(dir.path("z" + suffix + ".jsonl.zst"), Compression::zstd, {}, lines, flush_at);
    EXPECT_TRUE(TempDir::read(dir.path("p" + suffix + ".jsonl")) == lines);
    std::string gz = TempDir::read(dir.path("g" + suffix + ".jsonl.gz"));
    std::string zst = TempDir::read(dir.path("z" + suffix + ".jsonl.zst"));
    EXPECT_LT(gz.size(), lines.size() / 3);
    EXPECT_LT(zst.size(), lines.size() / 3);
    EXPECT_TRUE(gunzip(gz) == lines);
    EXPECT_TRUE(unzstd(zst) == lines);
  }
}

TEST(RollingOutputEncoding, ZstdLevelSetByTheUserStillApplies) {
  // The fast default must not take away the ratio of a level the user asks for.
  TempDir dir;
  std::string lines = sample_lines(1 << 20);
  write_lines(dir.path("default.jsonl.zst"), Compression::zstd, {}, lines, 65536);
  write_lines(dir.path("l3.jsonl.zst"), Compression::zstd, 9, lines, 65536);
  write_lines(dir.path("fast5.jsonl.zst"), Compression::zstd, -5, lines, 65536);
  std::string fast = TempDir::read(dir.path("default.jsonl.zst"));
  std::string l3 = TempDir::read(dir.path("l3.jsonl.zst"));
  EXPECT_LT(l3.size(), fast.size());
  EXPECT_TRUE(unzstd(fast) == lines);
  EXPECT_TRUE(unzstd(l3) == lines);
  EXPECT_TRUE(unzstd(TempDir::read(dir.path("fast5.jsonl.zst"))) == lines);
}

TEST(RollingOutputEncoding, EmptyOutputIsAValidEmptyStream) {
  TempDir dir;
  write_lines(dir.path("e.jsonl.gz"), Compression::gzip, {}, "", 4096);
  write_lines(dir.path("e.jsonl.zst"), Compression::zstd, {}, "", 4096);
  EXPECT_EQ(gunzip(TempDir::read(dir.path("e.jsonl.gz"))), "");
  EXPECT_EQ(unzstd(TempDir::read(dir.path("e.jsonl.zst"))), "");
}

TEST(RollingOutputEncoding, StandardToolsReadTheCompressedFiles) {
  TempDir dir;
  std::string lines = sample_lines(200000);
  write_lines(dir.path("t.jsonl.gz"), Compression::gzip, {}, lines, 8192);
  write_lines(dir.path("t.jsonl.zst"), Compression::zstd, 19, lines, 8192);
  dir.write("expected.jsonl", lines);
  EXPECT_EQ(run("zcat " + dir.path("t.jsonl.gz") + " | cmp -s - " + dir.path("expected.jsonl")), 0);
  EXPECT_EQ(
      run("zstdcat -q " + dir.path("t.jsonl.zst") + " | cmp -s - " + dir.path("expected.jsonl")),
      0);
  EXPECT_EQ(run("zstdcat -q " + dir.path("t.jsonl.zst") +
                " | python3 -m json.tool --json-lines > /dev/null"),
            0);
}

TEST(RollingOutputEncoding, CountsRecordsAndBytes) {
  TempDir dir;
  OutputOptions options;
  options.path_template = dir.path("m.jsonl.zst");
  RollingOutput out(options);
  std::string record(1000, 'r');
  record += '\n';
  for (int i = 0; i < 5000; ++i) {
    out.write(record);
    out.end_record();
  }
  out.finish();
  EXPECT_EQ(out.records(), 5000u);
  EXPECT_EQ(out.bytes(), 5000u * record.size());
  EXPECT_EQ(unzstd(TempDir::read(dir.path("m.jsonl.zst"))).size(), 5000u * record.size());
}

TEST(RollingOutputEncoding, DestroyedUnfinishedRemovesTheTempFile) {
  TempDir dir;
  {
    OutputOptions options;
    options.path_template = dir.path("a.jsonl.gz");
    options.buffer_size = 16;
    RollingOutput out(options);
    out.write(sample_lines(100000));
    out.end_record();
    EXPECT_EQ(dir.list().size(), 1u);
  }
  EXPECT_TRUE(dir.list().empty());
}

}  // namespace
}  // namespace docpipe::output
