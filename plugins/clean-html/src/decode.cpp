#include "decode.hpp"

#include <uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "charset_labels.hpp"
#include "charset_param.hpp"
#include "meta_prescan.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

// uchardet needs enough non-ASCII text to tell GBK from Big5 from Shift_JIS;
// 64 KiB is plenty and keeps detection cheap on large pages.
constexpr size_t kDetectBytes = 64 * 1024;
// A converted buffer grown past this is given back after the document, so
// one huge page does not pin memory for the rest of the run.
constexpr size_t kKeepBufferBytes = 4 * 1024 * 1024;

// Replaces every illegal, irregular or unassigned sequence with U+FFFD:
// ICU's default would use U+001A for some single-byte charsets.
void substitute_replacement_character(const void*, UConverterToUnicodeArgs* args, const char*,
                                      int32_t, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

UConverter* open_converter(const char* name) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(name, &err);
  if (U_FAILURE(err) || cnv == nullptr) {
    throw std::runtime_error(std::string("ICU cannot open converter ") + name + ": " +
                             u_errorName(err));
  }
  return cnv;
}

CharsetChoice bom_choice(std::string_view bytes) {
  auto starts = [&](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };
  if (starts("\xEF\xBB\xBF")) return {canonical_charset("utf-8"), CharsetSource::bom, 3, false};
  if (starts("\xFF\xFE")) return {canonical_charset("utf-16le"), CharsetSource::bom, 2, false};
  if (starts("\xFE\xFF")) return {canonical_charset("utf-16be"), CharsetSource::bom, 2, false};
  return {};
}

}  // namespace

std::string_view charset_source_name(CharsetSource source) noexcept {
  switch (source) {
    case CharsetSource::bom: return "bom";
    case CharsetSource::http: return "http";
    case CharsetSource::meta: return "meta";
    case CharsetSource::detected: return "detected";
    case CharsetSource::default_charset: return "default";
  }
  return "default";
}

Decoder::Decoder(std::string_view default_label) {
  default_charset_ = canonical_charset(default_label);
  if (default_charset_ == nullptr) {
    throw std::invalid_argument("unknown default charset '" + std::string(default_label) + "'");
  }
  detector_ = uchardet_new();
  if (detector_ == nullptr) throw std::runtime_error("uchardet_new failed");
  try {
    utf8_ = open_converter("UTF-8");
  } catch (...) {
    uchardet_delete(detector_);
    throw;
  }
}

Decoder::~Decoder() {
  for (size_t i = 0; i < cache_size_; ++i) ucnv_close(cache_[i].converter);
  if (utf8_ != nullptr) ucnv_close(utf8_);
  if (detector_ != nullptr) uchardet_delete(detector_);
}

UConverter* Decoder::converter(const char* canonical) {
  for (size_t i = 0; i < cache_size_; ++i) {
    if (std::strcmp(cache_[i].name, canonical) == 0) {
      ucnv_reset(cache_[i].converter);
      return cache_[i].converter;
    }
  }
  UConverter* cnv = open_converter(canonical);
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, substitute_replacement_character, nullptr, nullptr, nullptr, &err);
  if (cache_size_ == kMaxCachedConverters) {
    // Pages of one run use few charsets; evicting the oldest is enough.
    ucnv_close(cache_[0].converter);
    std::move(cache_ + 1, cache_ + cache_size_, cache_);
    --cache_size_;
  }
  cache_[cache_size_++] = {canonical, cnv};
  return cnv;
}

const char* Decoder::detect(std::string_view bytes) {
  // The leading ASCII (markup, scripts) says nothing about the charset.
  size_t start = first_non_ascii(bytes);
  std::string_view sample = bytes.substr(start, kDetectBytes);
  uchardet_reset(detector_);
  if (uchardet_handle_data(detector_, sample.data(), sample.size()) != 0) return nullptr;
  uchardet_data_end(detector_);
  const char* name = uchardet_get_charset(detector_);
  const char* canonical = name != nullptr ? canonical_charset(name) : nullptr;
  // UTF-16 without a BOM is never guessed: binary data looks like it.
  if (canonical == nullptr || is_utf16(canonical)) return nullptr;
  return canonical;
}

CharsetChoice Decoder::choose(std::string_view bytes, std::string_view content_type) {
  CharsetChoice bom = bom_choice(bytes);
  if (bom.charset != nullptr) return bom;

  if (const char* http = canonical_charset(charset_from_content_type(content_type))) {
    return {http, CharsetSource::http, 0, false};
  }
  if (const char* meta = prescan_meta_charset(bytes)) {
    return {meta, CharsetSource::meta, 0, false};
  }
  // Text that validates as UTF-8 and is not plain ASCII is UTF-8 with near
  // certainty; plain ASCII reads the same in every charset we support.
  if (is_valid_utf8(bytes)) return {canonical_charset("utf-8"), CharsetSource::detected, 0, true};
  if (const char* detected = detect(bytes)) return {detected, CharsetSource::detected, 0, false};
  return {default_charset_, CharsetSource::default_charset, 0, false};
}

Decoded Decoder::convert(std::string_view bytes, const CharsetChoice& choice) {
  Decoded out;
  out.choice = choice;
  std::string_view body = bytes.substr(std::min(choice.bom_size, bytes.size()));
  if (buffer_.capacity() > kKeepBufferBytes) std::string().swap(buffer_);
  buffer_.clear();

  if (is_utf8(choice.charset)) {
    if (choice.known_valid_utf8 || is_valid_utf8(body)) {
      out.utf8 = body;
      return out;
    }
    append_repaired_utf8(body, buffer_);
    out.utf8 = buffer_;
    out.repaired = true;
    return out;
  }

  UConverter* source = converter(choice.charset);
  ucnv_reset(utf8_);
  // CJK double-byte text grows by half in UTF-8, single-byte text barely;
  // an overflow grows the buffer and conversion resumes where it stopped.
  buffer_.resize(body.size() + body.size() / 2 + 64);
  char* target = buffer_.data();
  const char* src = body.data();
  const char* src_end = body.data() + body.size();
  UChar* pivot_source = pivot_;
  UChar* pivot_target = pivot_;
  UBool reset = true;
  for (;;) {
    UErrorCode err = U_ZERO_ERROR;
    ucnv_convertEx(utf8_, source, &target, buffer_.data() + buffer_.size(), &src, src_end, pivot_,
                   &pivot_source, &pivot_target, pivot_ + kPivotSize, reset, true, &err);
    reset = false;
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      size_t used = static_cast<size_t>(target - buffer_.data());
      buffer_.resize(buffer_.size() * 2);
      target = buffer_.data() + used;
      continue;
    }
    if (U_FAILURE(err)) {
      throw std::runtime_error(std::string("ICU conversion from ") + choice.charset +
                               " failed: " + u_errorName(err));
    }
    break;
  }
  buffer_.resize(static_cast<size_t>(target - buffer_.data()));
  out.utf8 = buffer_;
  return out;
}

}  // namespace docpipe::clean_html
