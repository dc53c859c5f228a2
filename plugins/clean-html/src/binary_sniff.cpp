#include "binary_sniff.hpp"

#include <algorithm>

namespace docpipe::clean_html {
namespace {

using namespace std::string_view_literals;

struct Signature {
  std::string_view magic;
  size_t offset;
  const char* what;
};

// Formats crawls meet most often under a text/html label. None of these
// prefixes can start an HTML document. Short magics that are also plain
// words ("MZ", "BM", "ID3") are left to the NUL-byte check: those formats
// have NUL bytes right after them.
constexpr Signature kSignatures[] = {
    {"%PDF-"sv, 0, "PDF document"},
    {"\x89PNG\r\n\x1A\n"sv, 0, "PNG image"},
    {"GIF87a"sv, 0, "GIF image"},
    {"GIF89a"sv, 0, "GIF image"},
    {"\xFF\xD8\xFF"sv, 0, "JPEG image"},
    {"WEBP"sv, 8, "WebP image"},
    {"PK\x03\x04"sv, 0, "ZIP archive (or DOCX/XLSX/EPUB)"},
    {"\x1F\x8B"sv, 0, "gzip data"},
    {"\x28\xB5\x2F\xFD"sv, 0, "zstd data"},
    {"\xFD" "7zXZ\x00"sv, 0, "xz data"},
    {"7z\xBC\xAF\x27\x1C"sv, 0, "7-Zip archive"},
    {"Rar!\x1A\x07"sv, 0, "RAR archive"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, 0, "OLE2 document (DOC/XLS)"},
    {"\x7F" "ELF"sv, 0, "ELF executable"},
    {"\x00" "asm"sv, 0, "WebAssembly module"},
    {"wOFF"sv, 0, "WOFF font"},
    {"wOF2"sv, 0, "WOFF2 font"},
    {"OggS"sv, 0, "Ogg media"},
    {"fLaC"sv, 0, "FLAC audio"},
    {"ftyp"sv, 4, "MP4/QuickTime media"},
    {"\x1A\x45\xDF\xA3"sv, 0, "Matroska/WebM media"},
    {"SQLite format 3\x00"sv, 0, "SQLite database"},
};

}  // namespace

std::optional<std::string> binary_content_reason(std::string_view bytes, size_t bom_size,
                                                 bool utf16) {
  for (const Signature& sig : kSignatures) {
    if (bytes.size() >= sig.offset + sig.magic.size() &&
        bytes.substr(sig.offset, sig.magic.size()) == sig.magic) {
      return std::string(sig.what) + " (magic number)";
    }
  }
  if (utf16) return std::nullopt;
  std::string_view head = bytes.substr(std::min(bom_size, bytes.size()), kBinarySniffBytes);
  size_t nul = head.find('\0');
  if (nul != std::string_view::npos) {
    return "NUL byte at offset " + std::to_string(nul + std::min(bom_size, bytes.size()));
  }
  return std::nullopt;
}

}  // namespace docpipe::clean_html
