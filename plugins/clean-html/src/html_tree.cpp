// All of docpipe's calls into myhtml live in this file.
#include "html_tree.hpp"

#include "raw_text_strip.hpp"

// myhtml's own headers rather than api.h: the node and attribute structs
// they declare let the accessors below read fields directly. Through api.h
// every step of every tree walk was a call into libmodest (about 5 % of
// clean.html's instructions on extraction-dev).
#include <myhtml/callback.h>
#include <myhtml/myhtml.h>
#include <myhtml/tree.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace docpipe::clean_html {
namespace {

// Input is fed in chunks so that a limit hit mid-document stops the parse
// within one chunk: myhtml's cost per tag grows with nesting depth, so a
// page of 100,000 nested <div>s would otherwise take minutes.
constexpr size_t kChunkBytes = 32 * 1024;
// A tree that grew past this many nodes is destroyed rather than recycled,
// so that one huge page does not pin its memory for the rest of the run.
constexpr size_t kRecycleNodeLimit = 200'000;

using TagTable = std::array<Tag, MyHTML_TAG_LAST_ENTRY>;

constexpr TagTable build_tag_table() {
  TagTable t{};
  t.fill(Tag::other);
  auto set = [&](myhtml_tag_id_t id, Tag tag) { t[id] = tag; };
  set(MyHTML_TAG__TEXT, Tag::text);
  set(MyHTML_TAG__COMMENT, Tag::comment);
  set(MyHTML_TAG__DOCTYPE, Tag::doctype);
  set(MyHTML_TAG_HTML, Tag::html);
  set(MyHTML_TAG_HEAD, Tag::head);
  set(MyHTML_TAG_BODY, Tag::body);
  set(MyHTML_TAG_TITLE, Tag::title);
  set(MyHTML_TAG_BASE, Tag::base);
  set(MyHTML_TAG_LINK, Tag::link);
  set(MyHTML_TAG_META, Tag::meta);
  set(MyHTML_TAG_STYLE, Tag::style);
  set(MyHTML_TAG_SCRIPT, Tag::script);
  set(MyHTML_TAG_NOSCRIPT, Tag::noscript);
  set(MyHTML_TAG_TEMPLATE, Tag::template_);
  set(MyHTML_TAG_SVG, Tag::svg);
  set(MyHTML_TAG_MATH, Tag::math);
  set(MyHTML_TAG_IFRAME, Tag::iframe);
  set(MyHTML_TAG_FRAME, Tag::frame);
  set(MyHTML_TAG_FRAMESET, Tag::frameset);
  set(MyHTML_TAG_NOFRAMES, Tag::noframes);
  set(MyHTML_TAG_NOEMBED, Tag::noembed);
  set(MyHTML_TAG_OBJECT, Tag::object);
  set(MyHTML_TAG_EMBED, Tag::embed);
  set(MyHTML_TAG_APPLET, Tag::applet);
  set(MyHTML_TAG_CANVAS, Tag::canvas);
  set(MyHTML_TAG_VIDEO, Tag::video);
  set(MyHTML_TAG_AUDIO, Tag::audio);
  set(MyHTML_TAG_MAP, Tag::map);
  set(MyHTML_TAG_AREA, Tag::area);
  set(MyHTML_TAG_SELECT, Tag::select);
  set(MyHTML_TAG_OPTION, Tag::option);
  set(MyHTML_TAG_OPTGROUP, Tag::optgroup);
  set(MyHTML_TAG_DATALIST, Tag::datalist);
  set(MyHTML_TAG_TEXTAREA, Tag::textarea);
  set(MyHTML_TAG_INPUT, Tag::input);
  set(MyHTML_TAG_BUTTON, Tag::button);
  set(MyHTML_TAG_IMG, Tag::img);
  set(MyHTML_TAG_A, Tag::a);
  set(MyHTML_TAG_BR, Tag::br);
  set(MyHTML_TAG_WBR, Tag::wbr);
  set(MyHTML_TAG_HR, Tag::hr);
  set(MyHTML_TAG_P, Tag::p);
  set(MyHTML_TAG_DIV, Tag::div);
  set(MyHTML_TAG_H1, Tag::h1);
  set(MyHTML_TAG_H2, Tag::h2);
  set(MyHTML_TAG_H3, Tag::h3);
  set(MyHTML_TAG_H4, Tag::h4);
  set(MyHTML_TAG_H5, Tag::h5);
  set(MyHTML_TAG_H6, Tag::h6);
  set(MyHTML_TAG_UL, Tag::ul);
  set(MyHTML_TAG_OL, Tag::ol);
  set(MyHTML_TAG_MENU, Tag::menu);
  set(MyHTML_TAG_DIR, Tag::dir);
  set(MyHTML_TAG_LI, Tag::li);
  set(MyHTML_TAG_DL, Tag::dl);
  set(MyHTML_TAG_DT, Tag::dt);
  set(MyHTML_TAG_DD, Tag::dd);
  set(MyHTML_TAG_TABLE, Tag::table);
  set(MyHTML_TAG_CAPTION, Tag::caption);
  set(MyHTML_TAG_COLGROUP, Tag::colgroup);
  set(MyHTML_TAG_COL, Tag::col);
  set(MyHTML_TAG_THEAD, Tag::thead);
  set(MyHTML_TAG_TBODY, Tag::tbody);
  set(MyHTML_TAG_TFOOT, Tag::tfoot);
  set(MyHTML_TAG_TR, Tag::tr);
  set(MyHTML_TAG_TD, Tag::td);
  set(MyHTML_TAG_TH, Tag::th);
  set(MyHTML_TAG_BLOCKQUOTE, Tag::blockquote);
  set(MyHTML_TAG_PRE, Tag::pre);
  set(MyHTML_TAG_LISTING, Tag::listing);
  set(MyHTML_TAG_XMP, Tag::xmp);
  set(MyHTML_TAG_PLAINTEXT, Tag::plaintext);
  set(MyHTML_TAG_CODE, Tag::code);
  set(MyHTML_TAG_ADDRESS, Tag::address);
  set(MyHTML_TAG_ARTICLE, Tag::article);
  set(MyHTML_TAG_ASIDE, Tag::aside);
  set(MyHTML_TAG_CENTER, Tag::center);
  set(MyHTML_TAG_DETAILS, Tag::details);
  set(MyHTML_TAG_SUMMARY, Tag::summary);
  set(MyHTML_TAG_DIALOG, Tag::dialog);
  set(MyHTML_TAG_FIELDSET, Tag::fieldset);
  set(MyHTML_TAG_LEGEND, Tag::legend);
  set(MyHTML_TAG_FIGURE, Tag::figure);
  set(MyHTML_TAG_FIGCAPTION, Tag::figcaption);
  set(MyHTML_TAG_FOOTER, Tag::footer);
  set(MyHTML_TAG_HEADER, Tag::header);
  set(MyHTML_TAG_HGROUP, Tag::hgroup);
  set(MyHTML_TAG_MAIN, Tag::main);
  set(MyHTML_TAG_NAV, Tag::nav);
  set(MyHTML_TAG_SECTION, Tag::section);
  set(MyHTML_TAG_FORM, Tag::form);
  return t;
}

constexpr TagTable kTagTable = build_tag_table();

// Field reads mirror myhtml_node_text / myhtml_attribute_key / _value: a
// string with no data or no length is absent.
std::string_view view(const mycore_string_t& s) {
  return s.data != nullptr && s.length != 0 ? std::string_view(s.data, s.length)
                                            : std::string_view();
}

std::string_view view(const char* data, size_t size) {
  return data != nullptr ? std::string_view(data, size) : std::string_view();
}

}  // namespace

std::string_view HtmlAttribute::name() const noexcept { return view(attr_->key); }

std::string_view HtmlAttribute::value() const noexcept { return view(attr_->value); }

HtmlAttribute HtmlAttribute::next() const noexcept { return HtmlAttribute(attr_->next); }

Tag HtmlNode::tag() const noexcept {
  myhtml_tag_id_t id = node_->tag_id;
  if (id == MyHTML_TAG_SVG) return Tag::svg;
  if (id == MyHTML_TAG_MATH) return Tag::math;
  if (id >= MyHTML_TAG_LAST_ENTRY) return Tag::other;
  Tag tag = kTagTable[id];
  if (tag == Tag::text || tag == Tag::comment || tag == Tag::doctype) return tag;
  // Inside <svg> and <math>, names such as <title> or <a> mean other things.
  if (node_->ns != MyHTML_NAMESPACE_HTML) return Tag::other;
  return tag;
}

bool HtmlNode::is_element() const noexcept {
  myhtml_tag_id_t id = node_->tag_id;
  return id != MyHTML_TAG__TEXT && id != MyHTML_TAG__COMMENT && id != MyHTML_TAG__DOCTYPE &&
         id != MyHTML_TAG__UNDEF;
}

std::string_view HtmlNode::text() const noexcept {
  return node_->token != nullptr ? view(node_->token->str) : std::string_view();
}

std::string_view HtmlNode::name() const noexcept {
  if (!is_element()) return {};
  size_t size = 0;
  const char* data = myhtml_tag_name_by_id(node_->tree, node_->tag_id, &size);
  return view(data, size);
}

void HtmlNode::set_user(uint32_t value) const noexcept {
  node_->data = reinterpret_cast<void*>(static_cast<uintptr_t>(value));
}

uint32_t HtmlNode::user() const noexcept {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(node_->data));
}

HtmlNode HtmlNode::parent() const noexcept { return HtmlNode(node_->parent); }
HtmlNode HtmlNode::first_child() const noexcept { return HtmlNode(node_->child); }
HtmlNode HtmlNode::next_sibling() const noexcept { return HtmlNode(node_->next); }

HtmlAttribute HtmlNode::first_attribute() const noexcept {
  return HtmlAttribute(node_->token != nullptr ? node_->token->attr_first : nullptr);
}

std::string_view HtmlNode::attribute(std::string_view name) const noexcept {
  for (HtmlAttribute a = first_attribute(); a; a = a.next()) {
    if (a.name() == name) return a.value();
  }
  return {};
}

HtmlParser::HtmlParser() {
  myhtml_ = myhtml_create();
  if (myhtml_ == nullptr) throw std::runtime_error("myhtml_create failed");
  mystatus_t status = myhtml_init(myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0);
  if (status != MyHTML_STATUS_OK) {
    myhtml_destroy(myhtml_);
    throw std::runtime_error("myhtml_init failed with status " + std::to_string(status));
  }
  try {
    reset_tree();
  } catch (...) {
    myhtml_destroy(myhtml_);
    throw;
  }
}

HtmlParser::~HtmlParser() {
  if (tree_ != nullptr) myhtml_tree_destroy(tree_);
  myhtml_destroy(myhtml_);
}

void HtmlParser::reset_tree() {
  if (tree_ != nullptr) myhtml_tree_destroy(tree_);
  tree_ = myhtml_tree_create();
  if (tree_ == nullptr) throw std::runtime_error("myhtml_tree_create failed");
  mystatus_t status = myhtml_tree_init(tree_, myhtml_);
  if (status != MyHTML_STATUS_OK) {
    myhtml_tree_destroy(tree_);
    tree_ = nullptr;
    throw std::runtime_error("myhtml_tree_init failed with status " + std::to_string(status));
  }
  myhtml_callback_tree_node_insert_set(tree_, &HtmlParser::on_node_inserted, this);
}

void HtmlParser::on_node_inserted(myhtml_tree*, myhtml_tree_node* node, void* self) {
  auto* parser = static_cast<HtmlParser*>(self);
  if (parser->limit_hit_) return;
  if (++parser->node_count_ > parser->limits_.max_nodes) {
    parser->limit_hit_ = true;
    return;
  }
  // Most nodes are children or siblings of the node inserted just before,
  // so depth comes from it in O(1); otherwise walk up, stopping one past
  // the cap, which typical pages (depth 10-30) barely notice.
  myhtml_tree_node_t* parent = node->parent;
  size_t depth = 0;
  if (parent != nullptr && parent == parser->last_node_) {
    depth = parser->last_depth_ + 1;
  } else if (parser->last_node_ != nullptr && parent == parser->last_node_->parent) {
    depth = parser->last_depth_;
  } else {
    for (myhtml_tree_node_t* p = node; p != nullptr && depth <= parser->limits_.max_depth;
         p = p->parent) {
      ++depth;
    }
  }
  parser->last_node_ = node;
  parser->last_depth_ = depth;
  if (depth > parser->depth_reached_) parser->depth_reached_ = depth;
  if (depth > parser->limits_.max_depth) parser->limit_hit_ = true;
}

ParseStatus HtmlParser::parse(std::string_view utf8, const ParseLimits& limits) {
  if (node_count_ > kRecycleNodeLimit) {
    reset_tree();
  } else {
    myhtml_tree_clean(tree_);
  }
  limits_ = limits;
  node_count_ = 0;
  depth_reached_ = 0;
  limit_hit_ = false;
  last_error_ = 0;
  last_node_ = nullptr;
  last_depth_ = 0;
  myhtml_encoding_set(tree_, MyENCODING_UTF_8);
  // A huge page's copy is not kept for the next, ordinary one.
  if (stripped_.capacity() > (size_t{16} << 20)) std::string().swap(stripped_);
  utf8 = drop_nul_characters(strip_unread_markup(utf8, stripped_), stripped_);
  // myhtml crashes ending a chunked parse that was never fed; an empty
  // document is an empty tree anyway.
  if (utf8.empty()) return ParseStatus::ok;

  size_t offset = 0;
  while (offset < utf8.size() && !limit_hit_) {
    size_t size = std::min(kChunkBytes, utf8.size() - offset);
    mystatus_t status = myhtml_parse_chunk(tree_, utf8.data() + offset, size);
    if (status != MyHTML_STATUS_OK) {
      last_error_ = status;
      myhtml_parse_chunk_end(tree_);
      return ParseStatus::failed;
    }
    offset += size;
  }
  // Ending the parse closes the open elements, so even a stopped parse
  // leaves a consistent tree to read and to recycle.
  bool stopped = limit_hit_;
  mystatus_t status = myhtml_parse_chunk_end(tree_);
  if (stopped || limit_hit_) {
    return node_count_ > limits_.max_nodes ? ParseStatus::too_many_nodes : ParseStatus::too_deep;
  }
  if (status != MyHTML_STATUS_OK) {
    last_error_ = status;
    return ParseStatus::failed;
  }
  return ParseStatus::ok;
}

HtmlNode HtmlParser::html() const noexcept { return HtmlNode(myhtml_tree_get_node_html(tree_)); }
HtmlNode HtmlParser::head() const noexcept { return HtmlNode(myhtml_tree_get_node_head(tree_)); }
HtmlNode HtmlParser::body() const noexcept { return HtmlNode(myhtml_tree_get_node_body(tree_)); }

}  // namespace docpipe::clean_html
