#include "xml_text.hpp"

namespace docpipe::xml {
namespace {

// Length of a valid UTF-8 sequence at text[i], 0 when there is none.
size_t sequence_length(std::string_view text, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80                 ? 1
             : c >= 0xC2 && c <= 0xDF ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) >= 0xA0) ||
      (c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90)) {
    return 0;
  }
  return n;
}

}  // namespace

std::string xml_clean(std::string_view text, size_t& dropped) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = sequence_length(text, i);
    if (n == 0) {
      ++dropped;
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool forbidden = (n == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                     (n == 3 && c == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                      static_cast<unsigned char>(text[i + 2]) >= 0xBE);
    if (forbidden) {
      ++dropped;
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

void StringWriter::write(const void* data, size_t size) {
  std::string_view text(static_cast<const char*>(data), size);
  for (size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r')) {
    out_.append(text.substr(0, cr));
    out_ += "&#13;";
    text.remove_prefix(cr + 1);
  }
  out_.append(text);
}

}  // namespace docpipe::xml
