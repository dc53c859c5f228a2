#include "metadata/node_text.hpp"

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

// Also bounds the walk on markup with many empty elements.
constexpr size_t kMaxNodes = 400;

bool separates(Tag t) {
  switch (t) {
    case Tag::br: case Tag::p: case Tag::div: case Tag::li: case Tag::td: case Tag::th:
    case Tag::tr: case Tag::h1: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5:
    case Tag::h6: case Tag::dd: case Tag::dt: case Tag::section: case Tag::header:
    case Tag::footer: case Tag::article:
      return true;
    default:
      return false;
  }
}

bool skipped(Tag t) {
  return t == Tag::script || t == Tag::style || t == Tag::template_ || t == Tag::noscript ||
         t == Tag::svg || t == Tag::select || t == Tag::textarea;
}

}  // namespace

bool node_text(HtmlNode node, size_t max_bytes, std::string& out) {
  out.clear();
  std::string raw;
  bool complete = true;
  size_t visited = 0;
  HtmlNode n = node.first_child();
  while (n) {
    if (++visited > kMaxNodes) {
      complete = false;
      break;
    }
    Tag t = n.tag();
    if (t == Tag::text) {
      raw.append(n.text());
      if (raw.size() > max_bytes * 2) {  // whitespace collapses later: leave it room
        complete = false;
        break;
      }
    } else if (separates(t)) {
      raw += ' ';
    }
    HtmlNode child = (n.is_element() && !skipped(t)) ? n.first_child() : HtmlNode();
    if (child) {
      n = child;
      continue;
    }
    while (n && n != node && !n.next_sibling()) {
      n = n.parent();
      if (n && n != node && separates(n.tag())) raw += ' ';
    }
    if (!n || n == node) break;
    n = n.next_sibling();
  }
  out = meta_text::collapse_spaces(raw);
  if (out.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;
    out.resize(end);
    complete = false;
  }
  return complete;
}

}  // namespace docpipe::clean_html
