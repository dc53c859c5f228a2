// One document as the store writes it: plain views and vectors filled from
// any type with docpipe::Document's accessors, so the store has no SDK
// dependency and tests use a plain struct.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docpipe::sqlite {

//! A metadata entry of the document.
struct MetaRow {
  std::string_view key;
  std::string_view value;
  bool is_json = false;
};

//! A segment with its number among the segments of its kind.
struct SegmentRow {
  std::string_view kind;
  int64_t seq = 0;
  uint64_t begin = 0;
  uint64_t end = 0;
  std::string_view text;  //!< text[begin, end)
};

//! Everything one upsert writes. Views point into the source document.
struct DocumentRow {
  std::string_view id, url, source, title, lang, content_type, charset, text;
  int64_t http_status = 0;    //!< 0 when unknown (stored as NULL)
  int64_t fetch_time_ms = 0;  //!< 0 when unknown (stored as NULL)
  std::vector<MetaRow> meta;
  std::vector<SegmentRow> segments;
  std::string words;       //!< space-joined words (tokenizer=words only)
  bool has_words = false;  //!< at least one word segment was found

  //! Empties it, keeping the vectors' capacity for the next document.
  void clear();
};

//! text[begin, end), clamped to the text so bad offsets never read outside it.
std::string_view slice(std::string_view text, uint64_t begin, uint64_t end) noexcept;

//! Appends a word to a space-joined list; whitespace-only words are skipped.
void append_word(std::string& words, std::string_view word);

//! Numbers segments per kind (0, 1, 2, ... in document order).
class SegmentCounter {
 public:
  //! The next number for this kind.
  int64_t next(std::string_view kind);
  //! Forgets all kinds.
  void clear() noexcept { counts_.clear(); }

 private:
  std::vector<std::pair<std::string_view, int64_t>> counts_;  // few kinds: a linear scan wins
};

//! Fills row from doc. When words_kind is not empty, segments of that kind
//! are also joined into row.words.
template <class Doc>
void fill_row(const Doc& doc, DocumentRow& row, std::string_view words_kind,
              SegmentCounter& counter) {
  row.clear();
  counter.clear();
  row.id = doc.id();
  row.url = doc.url();
  row.source = doc.source();
  row.content_type = doc.content_type();
  row.charset = doc.charset();
  row.text = doc.text();
  row.http_status = doc.http_status();
  row.fetch_time_ms = doc.fetch_time_ms();
  for (size_t i = 0, n = doc.meta_count(); i < n; ++i) {
    auto entry = doc.meta_at(i);
    row.meta.push_back({entry.key, entry.value, entry.is_json});
    if (!entry.is_json && entry.key == "title") row.title = entry.value;
    if (!entry.is_json && entry.key == "lang") row.lang = entry.value;
  }
  for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
    auto s = doc.segment(i);
    std::string_view piece = slice(row.text, s.begin, s.end);
    row.segments.push_back({s.kind, counter.next(s.kind), s.begin, s.end, piece});
    if (!words_kind.empty() && s.kind == words_kind) {
      row.has_words = true;
      append_word(row.words, piece);
    }
  }
}

}  // namespace docpipe::sqlite
