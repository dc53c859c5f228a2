#include "document_row.hpp"

namespace docpipe::sqlite {

void DocumentRow::clear() {
  id = url = source = title = lang = content_type = charset = text = {};
  http_status = 0;
  fetch_time_ms = 0;
  meta.clear();
  segments.clear();
  words.clear();
  has_words = false;
}

std::string_view slice(std::string_view text, uint64_t begin, uint64_t end) noexcept {
  if (begin >= text.size() || end <= begin) return {};
  if (end > text.size()) end = text.size();
  return text.substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin));
}

void append_word(std::string& words, std::string_view word) {
  // A word segmenter may emit spaces or line breaks as "words"; they carry no term.
  bool blank = true;
  for (char c : word) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
      blank = false;
      break;
    }
  }
  if (blank) return;
  if (!words.empty()) words.push_back(' ');
  words.append(word);
}

int64_t SegmentCounter::next(std::string_view kind) {
  for (auto& [k, n] : counts_) {
    if (k == kind) return n++;
  }
  counts_.emplace_back(kind, 1);
  return 0;
}

}  // namespace docpipe::sqlite
