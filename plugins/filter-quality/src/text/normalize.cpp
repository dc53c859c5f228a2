#include "normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "chars.hpp"

namespace docpipe::curation {
namespace {

bool all_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void normalize_text(std::string_view text, const NormalizeOptions& options, std::string& out) {
  out.clear();
  std::string nfkc;
  if (options.nfkc && !all_ascii(text)) {
    // ASCII is already NFKC; only other text pays for the conversion.
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    if (U_SUCCESS(status)) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(
          icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
      icu::UnicodeString normalized = n->normalize(u, status);
      if (U_SUCCESS(status)) {
        normalized.toUTF8String(nfkc);
        text = nfkc;
      }
    }
  }
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (options.whitespace && is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (options.punctuation && is_punct_or_symbol(c)) continue;
    if (options.digits) {
      if (c >= '0' && c <= '9') {
        c = '0';
      } else if (c >= 0x80 && u_isdigit(static_cast<UChar32>(c))) {
        c = '0';
      }
    }
    if (options.lowercase) {
      if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') c += 32;
      } else {
        c = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      }
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    append_utf8(out, c);
  }
}

}  // namespace docpipe::curation
