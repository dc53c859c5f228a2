// Binary content served as HTML is recognised before parsing.
#include <gtest/gtest.h>

#include <string>

#include "binary_sniff.hpp"

namespace docpipe::clean_html {
namespace {

std::string reason(std::string_view bytes, size_t bom = 0, bool utf16 = false) {
  return binary_content_reason(bytes, bom, utf16).value_or("(text)");
}

TEST(BinarySniff, MagicNumbers) {
  EXPECT_EQ(reason("%PDF-1.7\n%\xE2\xE3\xCF\xD3"), "PDF document (magic number)");
  EXPECT_EQ(reason(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "PNG image (magic number)");
  EXPECT_EQ(reason("GIF89a\x01\x02"), "GIF image (magic number)");
  EXPECT_EQ(reason("\xFF\xD8\xFF\xE0 JFIF"), "JPEG image (magic number)");
  EXPECT_EQ(reason("\x1F\x8B\x08 gz"), "gzip data (magic number)");
  EXPECT_EQ(reason("PK\x03\x04zip"), "ZIP archive (or DOCX/XLSX/EPUB) (magic number)");
  EXPECT_EQ(reason("RIFF\x10\x20\x30\x40WEBPVP8 "), "WebP image (magic number)");
  EXPECT_EQ(reason(std::string("\0\0\0\x18" "ftypmp42", 12)), "MP4/QuickTime media (magic number)");
}

TEST(BinarySniff, NulByteInTheFirstKilobyte) {
  std::string bytes = "<html>abc";
  bytes += '\0';
  bytes += "def";
  EXPECT_EQ(reason(bytes), "NUL byte at offset 9");
}

TEST(BinarySniff, NulByteAfterTheFirstKilobyteIsTolerated) {
  std::string bytes = "<html>" + std::string(2000, 'a');
  bytes += '\0';
  EXPECT_EQ(reason(bytes), "(text)");
}

TEST(BinarySniff, Utf16TextMayContainNulBytes) {
  std::string bytes("\xFF\xFE<\0h\0t\0m\0l\0>\0", 14);
  EXPECT_EQ(reason(bytes, 2, true), "(text)");
  EXPECT_NE(reason(bytes, 2, false), "(text)");
}

TEST(BinarySniff, HtmlAndPlainTextAreText) {
  EXPECT_EQ(reason("<!doctype html><html><body>hello</body></html>"), "(text)");
  EXPECT_EQ(reason("Plain words, MZ and BM and ID3 included."), "(text)");
  EXPECT_EQ(reason(""), "(text)");
}

}  // namespace
}  // namespace docpipe::clean_html
