#include "tei.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "xml_text.hpp"

namespace docpipe::xml {
namespace {

using output::BlockKind;
using output::DocumentView;
using output::LaidOutBlock;

class TeiWriter {
 public:
  TeiWriter(const DocumentView& doc, bool sentences) : doc_(doc), sentences_(sentences) {
    for (const output::SegmentSpan& s : doc.segments) {
      if (s.kind == "sentence" && s.begin < s.end) sentence_spans_.push_back({s.begin, s.end});
    }
    std::sort(sentence_spans_.begin(), sentence_spans_.end());
  }

  size_t write(pugi::xml_node parent) {
    pugi::xml_node tei = parent.append_child("TEI");
    tei.append_attribute("xmlns") = tei_namespace;
    write_header(tei.append_child("teiHeader"));
    write_body(tei.append_child("text").append_child("body"));
    return dropped_;
  }

 private:
  void text(pugi::xml_node node, std::string_view value) {
    std::string clean = xml_clean(value, dropped_);
    node.append_child(pugi::node_pcdata).set_value(clean.c_str());
  }
  pugi::xml_node element(pugi::xml_node parent, const char* name, std::string_view value) {
    pugi::xml_node node = parent.append_child(name);
    text(node, value);
    return node;
  }
  // Metadata entries the header places itself, so they are not notes too.
  static bool placed(std::string_view key) {
    for (std::string_view k : {"title", "author", "date", "url", "source", "lang", "language"}) {
      if (k == key) return true;
    }
    return false;
  }

  void write_header(pugi::xml_node header) {
    pugi::xml_node file = header.append_child("fileDesc");
    pugi::xml_node title_stmt = file.append_child("titleStmt");
    const output::MetaEntry* title = doc_.meta("title");
    element(title_stmt, "title", title != nullptr ? std::string_view(title->value) : doc_.id);
    if (const output::MetaEntry* author = doc_.meta("author"))
      element(title_stmt, "author", author->value);
    pugi::xml_node publication = file.append_child("publicationStmt");
    element(publication, "idno", doc_.id).append_attribute("type") = "id";
    if (const output::MetaEntry* url = doc_.meta("url"))
      element(publication, "idno", url->value).append_attribute("type") = "url";
    if (const output::MetaEntry* date = doc_.meta("date"))
      element(publication, "date", date->value);
    pugi::xml_node notes;
    for (const output::MetaEntry& m : doc_.metadata) {
      if (placed(m.key)) continue;
      if (!notes) notes = file.append_child("notesStmt");
      pugi::xml_node note = element(notes, "note", m.value);
      std::string key = xml_clean(m.key, dropped_);
      note.append_attribute("type") = key.c_str();
      if (m.is_json) note.append_attribute("format") = "json";
    }
    pugi::xml_node source_desc = file.append_child("sourceDesc");
    const output::MetaEntry* source = doc_.meta("source");
    element(source_desc, "p",
            source != nullptr ? std::string_view(source->value) : std::string_view("unknown"));
    const output::MetaEntry* lang = doc_.meta("lang");
    if (lang == nullptr) lang = doc_.meta("language");
    if (lang != nullptr) {
      std::string ident = xml_clean(lang->value, dropped_);
      header.append_child("profileDesc")
          .append_child("langUsage")
          .append_child("language")
          .append_attribute("ident") = ident.c_str();
    }
  }

  // Block text, with the sentences inside it as <s> when asked.
  void block_text(pugi::xml_node node, uint64_t begin, uint64_t end) {
    std::string_view all = doc_.text;
    if (!sentences_) {
      text(node, output::slice(all, begin, end));
      return;
    }
    uint64_t pos = begin;
    // Blocks come in text order, so one cursor walks the sorted sentences once.
    while (next_sentence_ < sentence_spans_.size() &&
           sentence_spans_[next_sentence_].second <= begin)
      ++next_sentence_;
    for (size_t i = next_sentence_; i < sentence_spans_.size() && sentence_spans_[i].first < end;
         ++i) {
      uint64_t b = std::max(sentence_spans_[i].first, pos);
      uint64_t e = std::min(sentence_spans_[i].second, end);
      if (b >= e) continue;
      if (b > pos) text(node, output::slice(all, pos, b));
      text(node.append_child("s"), output::slice(all, b, e));
      pos = e;
    }
    if (pos < end) text(node, output::slice(all, pos, end));
  }

  void write_body(pugi::xml_node body) {
    std::vector<LaidOutBlock> blocks = output::lay_out(doc_.text, doc_.blocks);
    pugi::xml_node table, row;
    std::vector<pugi::xml_node> lists;  // open <list> per depth
    for (const LaidOutBlock& b : blocks) {
      if (b.kind != BlockKind::list_item) lists.clear();
      if (b.kind != BlockKind::table_cell) table = row = pugi::xml_node();
      switch (b.kind) {
        case BlockKind::heading: {
          pugi::xml_node head = body.append_child("head");
          std::string rend = "h" + std::to_string(std::clamp<uint32_t>(b.level, 1, 6));
          head.append_attribute("rend") = rend.c_str();
          block_text(head, b.begin, b.end);
          break;
        }
        case BlockKind::list_item: {
          if (b.starts_group) lists.clear();
          size_t depth = std::max<uint32_t>(b.level, 1);
          if (lists.empty()) lists.push_back(body.append_child("list"));
          while (lists.size() > depth) lists.pop_back();
          while (lists.size() < depth) {
            // A deeper list goes inside the last item of the enclosing one.
            pugi::xml_node last = lists.back().last_child();
            if (!last) last = lists.back().append_child("item");
            lists.push_back(last.append_child("list"));
          }
          block_text(lists.back().append_child("item"), b.begin, b.end);
          break;
        }
        case BlockKind::table_cell:
          if (b.starts_group || !table) table = body.append_child("table");
          if (b.starts_row || !row) row = table.append_child("row");
          block_text(row.append_child("cell"), b.begin, b.end);
          break;
        case BlockKind::quote:
          block_text(body.append_child("quote"), b.begin, b.end);
          break;
        case BlockKind::code:
          text(body.append_child("code"), output::slice(doc_.text, b.begin, b.end));
          break;
        default:
          block_text(body.append_child("p"), b.begin, b.end);
      }
    }
  }

  const DocumentView& doc_;
  bool sentences_;
  std::vector<std::pair<uint64_t, uint64_t>> sentence_spans_;
  size_t next_sentence_ = 0;
  size_t dropped_ = 0;
};

}  // namespace

size_t append_tei(pugi::xml_node parent, const output::DocumentView& doc, bool sentences) {
  return TeiWriter(doc, sentences).write(parent);
}

}  // namespace docpipe::xml
