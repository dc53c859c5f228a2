#include <docpipe_files/messages.hpp>

#include <gtest/gtest.h>

#include <cerrno>

#include "content_type.hpp"

namespace docpipe::files {
namespace {

TEST(FormatSize, UsesBinaryUnitsAndDropsZeroDecimals) {
  EXPECT_EQ(format_size(0), "0 bytes");
  EXPECT_EQ(format_size(1), "1 byte");
  EXPECT_EQ(format_size(1023), "1023 bytes");
  EXPECT_EQ(format_size(1024), "1 KiB");
  EXPECT_EQ(format_size(1536), "1.5 KiB");
  EXPECT_EQ(format_size(64ull << 20), "64 MiB");
  EXPECT_EQ(format_size(80ull << 20), "80 MiB");
  EXPECT_EQ(format_size(3ull << 30), "3 GiB");
}

TEST(ErrnoText, StartsLowerCase) {
  EXPECT_EQ(errno_text(ENOENT), "no such file or directory");
  EXPECT_EQ(errno_text(EACCES), "permission denied");
}

TEST(ContentType, ByExtensionAfterCompressionSuffix) {
  EXPECT_EQ(guess_content_type("a.html"), "text/html");
  EXPECT_EQ(guess_content_type("a.HTM"), "text/html");
  EXPECT_EQ(guess_content_type("a.xhtml"), "text/html");
  EXPECT_EQ(guess_content_type("a.html.gz"), "text/html");
  EXPECT_EQ(guess_content_type("notes.txt.zst"), "text/plain");
  EXPECT_EQ(guess_content_type("rows.jsonl"), "application/jsonl");
  EXPECT_EQ(guess_content_type("d.json"), "application/json");
  EXPECT_EQ(guess_content_type("feed.xml"), "application/xml");
  EXPECT_EQ(guess_content_type("blob.gz"), "application/octet-stream");
  EXPECT_EQ(guess_content_type("README"), "application/octet-stream");
}

}  // namespace
}  // namespace docpipe::files
