#include "html_text.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "ascii.hpp"

namespace docpipe::clean_html {
namespace {

// What an element does to the text layout.
enum class Role : uint8_t {
  inline_,       // text flows through it
  block,         // starts and ends a block
  skip,          // invisible: neither it nor its subtree is read
  title,         // the document title, not body text
  line_break,    // <br>
  heading,       // h1-h6
  list,          // ul, ol, menu, dir
  list_item,     // li
  row,           // tr
  cell,          // td, th
  quote,         // blockquote
  preformatted,  // pre and its obsolete cousins
};

using RoleTable = std::array<Role, static_cast<size_t>(Tag::count_)>;

RoleTable build_role_table() {
  RoleTable t{};
  t.fill(Role::inline_);
  auto set = [&](Role role, std::initializer_list<Tag> tags) {
    for (Tag tag : tags) t[static_cast<size_t>(tag)] = role;
  };
  set(Role::skip,
      {Tag::comment, Tag::doctype,  Tag::head,     Tag::base,      Tag::link,     Tag::meta,
       Tag::style,   Tag::script,   Tag::noscript, Tag::template_, Tag::svg,      Tag::iframe,
       Tag::frame,   Tag::frameset, Tag::noframes, Tag::noembed,   Tag::object,   Tag::embed,
       Tag::applet,  Tag::canvas,   Tag::video,    Tag::audio,     Tag::map,      Tag::area,
       Tag::select,  Tag::option,   Tag::optgroup, Tag::datalist,  Tag::textarea, Tag::input,
       Tag::img});
  set(Role::title, {Tag::title});
  set(Role::line_break, {Tag::br});
  set(Role::block,
      {Tag::html,   Tag::body,       Tag::hr,      Tag::p,       Tag::div,      Tag::dl,
       Tag::dt,     Tag::dd,         Tag::table,   Tag::caption, Tag::colgroup, Tag::col,
       Tag::thead,  Tag::tbody,      Tag::tfoot,   Tag::address, Tag::article,  Tag::aside,
       Tag::center, Tag::details,    Tag::summary, Tag::dialog,  Tag::fieldset, Tag::legend,
       Tag::figure, Tag::figcaption, Tag::footer,  Tag::header,  Tag::hgroup,   Tag::main,
       Tag::nav,    Tag::section,    Tag::form});
  set(Role::heading, {Tag::h1, Tag::h2, Tag::h3, Tag::h4, Tag::h5, Tag::h6});
  set(Role::list, {Tag::ul, Tag::ol, Tag::menu, Tag::dir});
  set(Role::list_item, {Tag::li});
  set(Role::row, {Tag::tr});
  set(Role::cell, {Tag::td, Tag::th});
  set(Role::quote, {Tag::blockquote});
  set(Role::preformatted, {Tag::pre, Tag::listing, Tag::xmp, Tag::plaintext});
  return t;
}

Role role_of(Tag tag) {
  static const RoleTable table = build_role_table();
  return table[static_cast<size_t>(tag)];
}

uint32_t heading_level(Tag tag) {
  return static_cast<uint32_t>(static_cast<int>(tag) - static_cast<int>(Tag::h1)) + 1;
}

// Bytes of collapsible whitespace at s[i]: ASCII whitespace, U+00A0 (NBSP)
// or U+3000 (ideographic space); 0 for anything else.
size_t whitespace_at(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c > 0x20 && c != 0xC2 && c != 0xE3) return 0;
  if (is_html_space(static_cast<char>(c))) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) {
    return 3;
  }
  return 0;
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_html_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_html_space(s.back())) s.remove_suffix(1);
  return s;
}

// True when an inline style sets property to value ("display: none").
bool style_sets(std::string_view style, std::string_view property, std::string_view value) {
  for (size_t pos = 0; pos + property.size() <= style.size(); ++pos) {
    if (!iequals(style.substr(pos, property.size()), property)) continue;
    // Not the tail of a longer property name ("text-display").
    if (pos > 0 && (style[pos - 1] == '-' ||
                    (ascii_lower(style[pos - 1]) >= 'a' && ascii_lower(style[pos - 1]) <= 'z'))) {
      continue;
    }
    size_t i = pos + property.size();
    while (i < style.size() && is_html_space(style[i])) ++i;
    if (i >= style.size() || style[i] != ':') continue;
    ++i;
    while (i < style.size() && is_html_space(style[i])) ++i;
    if (style.size() - i >= value.size() && iequals(style.substr(i, value.size()), value)) {
      return true;
    }
  }
  return false;
}

bool is_hidden(HtmlNode element) {
  for (HtmlAttribute a = element.first_attribute(); a; a = a.next()) {
    std::string_view name = a.name();
    if (name == "hidden") return true;
    if (name == "aria-hidden" && iequals(trim_ascii(a.value()), "true")) return true;
    if (name == "style" && (style_sets(a.value(), "display", "none") ||
                            style_sets(a.value(), "visibility", "hidden"))) {
      return true;
    }
  }
  return false;
}

// Appends s to dst with whitespace collapsed to single spaces, and no space
// at the start of dst or where dst already ends with one.
void append_collapsed(std::string& dst, std::string_view s) {
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    if (size_t ws = whitespace_at(s, i)) {
      space = true;
      i += ws;
      continue;
    }
    if (space && !dst.empty() && dst.back() != ' ') dst += ' ';
    space = false;
    dst += s[i++];
  }
  if (space && !dst.empty() && dst.back() != ' ') dst += ' ';
}

// Lays text out into blocks as the tree is walked. Holds the state of the
// walk that cannot be recomputed on the way up: which block-giving
// ancestors are open, list and table bookkeeping, and pending whitespace.
class TextLayout {
 public:
  TextLayout(ExtractedText& out, const LayoutOptions& options) : out_(out), options_(options) {
    contexts_.reserve(16);
  }

  Role role_here(Tag tag) const {
    return tag == Tag::noscript && options_.read_script_hidden ? Role::block : role_of(tag);
  }

  // Returns true when the walk should descend into the element.
  bool enter(HtmlNode element) {
    Tag tag = element.tag();
    Role role = role_here(tag);
    switch (role) {
      case Role::skip:
        return false;
      case Role::title:
        if (out_.title.empty()) capture_title(element);
        return false;
      case Role::line_break:
        line_break();
        return false;
      default:
        break;
    }
    if (!options_.read_script_hidden && is_hidden(element)) return false;
    if (options_.filter != nullptr && !options_.filter->keep(element)) return false;
    switch (role) {
      case Role::inline_:
        if (tag == Tag::a) ++link_depth_;
        break;
      case Role::block:
        end_block();
        break;
      case Role::heading:
        end_block();
        contexts_.push_back({BlockKind::heading, heading_level(tag), 0});
        break;
      case Role::list:
        end_block();
        if (list_depth_ == 0) ++list_id_;
        ++list_depth_;
        break;
      case Role::list_item:
        end_block();
        contexts_.push_back({BlockKind::list_item, std::max<uint32_t>(1, list_depth_), list_id_});
        break;
      case Role::row:
        end_block();
        ++row_id_;
        break;
      case Role::cell:
        end_block();
        contexts_.push_back({BlockKind::table_cell, 0, row_id_});
        break;
      case Role::quote:
        end_block();
        contexts_.push_back({BlockKind::quote, 0, 0});
        break;
      case Role::preformatted:
        end_block();
        contexts_.push_back({BlockKind::code, 0, 0});
        ++pre_depth_;
        break;
      default:
        break;
    }
    return true;
  }

  // Undoes what enter() did for an element it descended into.
  void leave(HtmlNode element) {
    switch (role_here(element.tag())) {
      case Role::inline_:
        if (element.tag() == Tag::a && link_depth_ > 0) --link_depth_;
        break;
      case Role::block:
      case Role::row:
        end_block();
        break;
      case Role::heading:
      case Role::list_item:
      case Role::cell:
      case Role::quote:
        end_block();
        contexts_.pop_back();
        break;
      case Role::list:
        end_block();
        --list_depth_;
        break;
      case Role::preformatted:
        end_block();
        contexts_.pop_back();
        --pre_depth_;
        break;
      default:
        break;
    }
  }

  void text(std::string_view s) {
    if (pre_depth_ > 0) {
      preformatted_text(s);
    } else {
      flowing_text(s);
    }
  }

  void end_block() {
    if (block_open_) {
      std::string& text = out_.text;
      while (text.size() > block_begin_ && is_html_space(text.back())) text.pop_back();
      out_.blocks.push_back({block_.kind, block_.level, block_begin_, text.size()});
      if (options_.link_bytes != nullptr) {
        auto size = static_cast<uint32_t>(text.size() - block_begin_);
        options_.link_bytes->push_back(std::min(block_link_bytes_, size));
      }
      block_link_bytes_ = 0;
      prev_block_ = block_;
      has_prev_block_ = true;
      block_open_ = false;
    }
    pending_space_ = false;
    pending_breaks_ = 0;
    pre_lead_.clear();
  }

 private:
  struct Context {
    BlockKind kind;
    uint32_t level;
    uint32_t group;  // list or table row the block belongs to
  };

  void open_block() {
    Context c = contexts_.empty() ? Context{BlockKind::paragraph, 0, 0} : contexts_.back();
    std::string& text = out_.text;
    if (!text.empty()) {
      bool same_group = has_prev_block_ && c.kind == prev_block_.kind &&
                        c.group == prev_block_.group &&
                        (c.kind == BlockKind::list_item || c.kind == BlockKind::table_cell);
      text.append(same_group ? "\n" : "\n\n");
    }
    block_ = c;
    block_begin_ = text.size();
    block_open_ = true;
    pending_space_ = false;
    pending_breaks_ = 0;
  }

  void flowing_text(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      if (size_t ws = whitespace_at(s, i)) {
        if (block_open_) pending_space_ = true;
        i += ws;
        continue;
      }
      size_t end = i + 1;
      while (end < n && whitespace_at(s, end) == 0) ++end;
      put_run(s.substr(i, end - i));
      i = end;
    }
  }

  void put_run(std::string_view run) {
    if (!block_open_) {
      open_block();
    } else if (pending_breaks_ >= 2) {
      end_block();
      open_block();
    } else if (pending_breaks_ == 1) {
      out_.text += '\n';
    } else if (pending_space_) {
      out_.text += ' ';
    }
    pending_space_ = false;
    pending_breaks_ = 0;
    out_.text.append(run);
    if (link_depth_ > 0) block_link_bytes_ += static_cast<uint32_t>(run.size());
  }

  void preformatted_text(std::string_view s) {
    if (!block_open_) {
      // Blank lines before the first character are dropped; the first
      // line's indentation is kept, since code alignment depends on it.
      size_t first = 0;
      while (first < s.size() && is_html_space(s[first])) ++first;
      pre_lead_.append(s.substr(0, first));
      if (first == s.size()) return;
      open_block();
      size_t newline = pre_lead_.find_last_of("\n\r");
      out_.text.append(newline == std::string::npos
                           ? std::string_view(pre_lead_)
                           : std::string_view(pre_lead_).substr(newline + 1));
      pre_lead_.clear();
      s.remove_prefix(first);
    }
    out_.text.append(s);
  }

  void line_break() {
    if (pre_depth_ > 0) {
      if (block_open_) {
        out_.text += '\n';
      } else {
        pre_lead_ += '\n';
      }
      return;
    }
    if (!block_open_) return;
    ++pending_breaks_;
    pending_space_ = false;
  }

  void capture_title(HtmlNode title) {
    for (HtmlNode child = title.first_child(); child; child = child.next_sibling()) {
      if (child.tag() == Tag::text) append_collapsed(out_.title, child.text());
    }
    while (!out_.title.empty() && out_.title.back() == ' ') out_.title.pop_back();
  }

  ExtractedText& out_;
  const LayoutOptions& options_;
  std::vector<Context> contexts_;
  uint32_t link_depth_ = 0;
  uint32_t block_link_bytes_ = 0;
  uint32_t list_depth_ = 0;
  uint32_t list_id_ = 0;
  uint32_t row_id_ = 0;
  uint32_t pre_depth_ = 0;
  bool block_open_ = false;
  Context block_{BlockKind::paragraph, 0, 0};
  size_t block_begin_ = 0;
  bool has_prev_block_ = false;
  Context prev_block_{BlockKind::paragraph, 0, 0};
  bool pending_space_ = false;
  uint32_t pending_breaks_ = 0;
  std::string pre_lead_;
};

// Visits the subtree under root in document order without recursion, so
// that nesting depth costs heap, never stack.
void walk(HtmlNode root, TextLayout& layout) {
  HtmlNode node = root.first_child();
  while (node) {
    Tag tag = node.tag();
    if (tag == Tag::text) {
      layout.text(node.text());
    } else if (node.is_element() && layout.enter(node)) {
      if (HtmlNode child = node.first_child()) {
        node = child;
        continue;
      }
      layout.leave(node);
    }
    for (;;) {
      if (HtmlNode next = node.next_sibling()) {
        node = next;
        break;
      }
      node = node.parent();
      if (!node || node == root) {
        node = HtmlNode();
        break;
      }
      layout.leave(node);
    }
  }
  layout.end_block();
}

HtmlNode find_title(HtmlNode head) {
  if (!head) return {};
  for (HtmlNode child = head.first_child(); child; child = child.next_sibling()) {
    if (child.tag() == Tag::title) return child;
  }
  return {};
}

}  // namespace

bool is_invisible(HtmlNode element) {
  Role role = role_of(element.tag());
  return role == Role::skip || role == Role::title || is_hidden(element);
}

bool is_block_level(Tag tag) {
  Role role = role_of(tag);
  return role != Role::inline_ && role != Role::skip && role != Role::title &&
         role != Role::line_break;
}

void layout_text(HtmlNode root, ExtractedText& out, const LayoutOptions& options) {
  if (!root) return;
  TextLayout layout(out, options);
  if (root.tag() == Tag::text) {
    layout.text(root.text());
  } else if (options.root_content_only && root.is_element()) {
    walk(root, layout);
  } else if (root.is_element() && layout.enter(root)) {
    walk(root, layout);
    layout.leave(root);
  }
  layout.end_block();
}

void read_title_and_lang(const HtmlParser& parser, ExtractedText& out) {
  HtmlNode html = parser.html();
  if (!html) return;
  out.lang.assign(trim_ascii(html.attribute("lang")));
  LayoutOptions none;
  TextLayout layout(out, none);
  if (HtmlNode title = find_title(parser.head())) layout.enter(title);
}

void ExtractedText::clear() noexcept {
  // A huge page's buffers are given back rather than kept for the next one.
  constexpr size_t kKeepBytes = 4 * 1024 * 1024;
  if (text.capacity() > kKeepBytes) std::string().swap(text);
  if (blocks.capacity() * sizeof(TextBlock) > kKeepBytes) std::vector<TextBlock>().swap(blocks);
  text.clear();
  blocks.clear();
  title.clear();
  lang.clear();
}

ExtractStatus extract_status(ParseStatus status) {
  switch (status) {
    case ParseStatus::ok:
      return ExtractStatus::ok;
    case ParseStatus::too_many_nodes:
      return ExtractStatus::too_many_nodes;
    case ParseStatus::too_deep:
      return ExtractStatus::too_deep;
    case ParseStatus::failed:
      return ExtractStatus::parse_failed;
  }
  return ExtractStatus::parse_failed;
}

TextExtractor::TextExtractor(ParseLimits limits) : limits_(limits) {}

ExtractStatus TextExtractor::extract(std::string_view utf8_html, ExtractedText& out) {
  out.clear();
  if (ExtractStatus status = extract_status(parser_.parse(utf8_html, limits_));
      status != ExtractStatus::ok) {
    return status;
  }
  HtmlNode html = parser_.html();
  if (!html) return ExtractStatus::ok;
  out.lang.assign(trim_ascii(html.attribute("lang")));
  out.text.reserve(utf8_html.size() / 3);

  LayoutOptions all;
  TextLayout layout(out, all);
  if (HtmlNode title = find_title(parser_.head())) layout.enter(title);
  walk(html, layout);
  return ExtractStatus::ok;
}

}  // namespace docpipe::clean_html
