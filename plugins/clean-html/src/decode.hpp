// Raw page bytes to UTF-8: choose the charset (BOM, HTTP header, <meta>,
// detection, default), then convert with ICU. No dependency on the SDK, so
// any stage that meets raw bytes can reuse it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

struct UConverter;
struct uchardet;

namespace docpipe::clean_html {

//! Where the charset came from, in the order they are tried.
enum class CharsetSource : uint8_t { bom, http, meta, detected, default_charset };

//! "bom", "http", "meta", "detected" or "default".
std::string_view charset_source_name(CharsetSource source) noexcept;

//! The charset chosen for a document.
struct CharsetChoice {
  const char* charset = nullptr;  //!< canonical name, a static string
  CharsetSource source = CharsetSource::default_charset;
  size_t bom_size = 0;            //!< bytes of byte-order mark to skip
  bool known_valid_utf8 = false;  //!< the bytes after the BOM were already validated as UTF-8
};

//! The result of decoding one document.
struct Decoded {
  std::string_view utf8;  //!< valid UTF-8; points into the input or the decoder's buffer
  CharsetChoice choice;
  bool repaired = false;  //!< some invalid sequence became U+FFFD
};

//! Decodes documents one after another, reusing its converters and buffer.
//! Not thread-safe: one per worker.
class Decoder {
 public:
  //! Throws std::invalid_argument when default_label names no known charset.
  explicit Decoder(std::string_view default_label = "windows-1252");
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  //! Picks the charset: BOM, then the charset of content_type (an HTTP
  //! Content-Type value, may be empty), then <meta> in the first 4 KiB, then
  //! detection (valid UTF-8, else uchardet on a prefix), then the default.
  CharsetChoice choose(std::string_view bytes, std::string_view content_type);

  //! Converts bytes to UTF-8 as choice says. The view stays valid until the
  //! next call or until bytes is freed (valid UTF-8 input is not copied).
  //! Throws std::runtime_error when ICU cannot convert at all.
  Decoded convert(std::string_view bytes, const CharsetChoice& choice);

  //! choose() then convert().
  Decoded decode(std::string_view bytes, std::string_view content_type = {}) {
    return convert(bytes, choose(bytes, content_type));
  }

 private:
  const char* detect(std::string_view bytes);
  UConverter* converter(const char* canonical);

  static constexpr size_t kPivotSize = 4096;
  static constexpr size_t kMaxCachedConverters = 8;

  const char* default_charset_;
  uchardet* detector_ = nullptr;
  UConverter* utf8_ = nullptr;
  struct CachedConverter {
    const char* name;
    UConverter* converter;
  };
  CachedConverter cache_[kMaxCachedConverters] = {};
  size_t cache_size_ = 0;
  std::string buffer_;
  char16_t pivot_[kPivotSize] = {};
};

}  // namespace docpipe::clean_html
