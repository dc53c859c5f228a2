// The one door to myhtml (Debian's libmodest): parsing and a read-only view
// of the tree. myhtml is unmaintained upstream, so nothing else includes its
// headers; swapping the parser means rewriting html_tree.cpp alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

struct myhtml;
struct myhtml_tree;
struct myhtml_tree_node;
struct myhtml_token_attr;

namespace docpipe::clean_html {

//! The elements text extraction tells apart; everything else is `other`.
enum class Tag : uint8_t {
  other, text, comment, doctype,
  html, head, body, title, base, link, meta, style, script, noscript, template_,
  svg, math, iframe, frame, frameset, noframes, noembed, object, embed, applet,
  canvas, video, audio, map, area, select, option, optgroup, datalist, textarea,
  input, button, img, a, br, wbr, hr,
  p, div, h1, h2, h3, h4, h5, h6, ul, ol, menu, dir, li, dl, dt, dd,
  table, caption, colgroup, col, thead, tbody, tfoot, tr, td, th,
  blockquote, pre, listing, xmp, plaintext, code,
  address, article, aside, center, details, summary, dialog, fieldset, legend,
  figure, figcaption, footer, header, hgroup, main, nav, section, form,
  count_  //!< number of values, not a tag
};

//! One attribute of an element.
class HtmlAttribute {
 public:
  //! A null attribute (the end of the list).
  HtmlAttribute() = default;
  explicit HtmlAttribute(myhtml_token_attr* attr) noexcept : attr_(attr) {}
  explicit operator bool() const noexcept { return attr_ != nullptr; }
  //! Lower-case name.
  std::string_view name() const noexcept;
  //! Value with character references decoded; empty when there is none.
  std::string_view value() const noexcept;
  //! The next attribute of the same element.
  HtmlAttribute next() const noexcept;

 private:
  myhtml_token_attr* attr_ = nullptr;
};

//! A node of a parsed tree; a pointer-sized handle, valid until the next parse.
class HtmlNode {
 public:
  //! A null node.
  HtmlNode() = default;
  explicit HtmlNode(myhtml_tree_node* node) noexcept : node_(node) {}
  explicit operator bool() const noexcept { return node_ != nullptr; }
  bool operator==(const HtmlNode& other) const noexcept = default;

  //! What the node is; elements outside the HTML namespace are `other`
  //! except the <svg> and <math> roots.
  Tag tag() const noexcept;
  //! True for element nodes (not text, comment or doctype).
  bool is_element() const noexcept;
  //! Text of a text or comment node, references decoded; empty otherwise.
  std::string_view text() const noexcept;
  //! Lower-case tag name of an element ("time", "span"), for the tags that
  //! Tag lumps together as `other`; empty for non-elements.
  std::string_view name() const noexcept;

  //! Stores a number on the node for the caller's later lookups (valid until
  //! the next parse); content extraction keeps its per-element statistics
  //! in a vector and puts the index here.
  void set_user(uint32_t value) const noexcept;
  //! The number set_user stored; unspecified for a node it was never set on.
  uint32_t user() const noexcept;

  HtmlNode parent() const noexcept;
  HtmlNode first_child() const noexcept;
  HtmlNode next_sibling() const noexcept;

  //! First attribute of an element.
  HtmlAttribute first_attribute() const noexcept;
  //! Value of the attribute with that lower-case name; empty when absent.
  std::string_view attribute(std::string_view name) const noexcept;

 private:
  myhtml_tree_node* node_ = nullptr;
};

//! Caps that stop a pathological page while it is parsed.
struct ParseLimits {
  size_t max_nodes = 1'000'000;  //!< nodes in the tree
  size_t max_depth = 1024;       //!< nesting of elements
};

//! How a parse ended.
enum class ParseStatus : uint8_t { ok, too_many_nodes, too_deep, failed };

//! An HTML5 parser reused across documents: create one per worker. The tree
//! of the previous document is freed (recycled) by the next parse.
class HtmlParser {
 public:
  //! Throws std::runtime_error when myhtml cannot be initialised.
  HtmlParser();
  ~HtmlParser();
  HtmlParser(const HtmlParser&) = delete;
  HtmlParser& operator=(const HtmlParser&) = delete;

  //! Parses UTF-8 HTML. Stops early (status not ok) when a limit is exceeded;
  //! the partial tree is still readable.
  ParseStatus parse(std::string_view utf8, const ParseLimits& limits);

  //! The <html> element (null before the first parse).
  HtmlNode html() const noexcept;
  //! The <head> element.
  HtmlNode head() const noexcept;
  //! The <body> element.
  HtmlNode body() const noexcept;
  //! Nodes the last parse created.
  size_t node_count() const noexcept { return node_count_; }
  //! Deepest nesting the last parse reached (up to max_depth + 1).
  size_t depth_reached() const noexcept { return depth_reached_; }
  //! myhtml's status code when parse() returned failed.
  unsigned int last_error() const noexcept { return last_error_; }

 private:
  static void on_node_inserted(myhtml_tree* tree, myhtml_tree_node* node, void* self);
  void reset_tree();

  myhtml* myhtml_ = nullptr;
  myhtml_tree* tree_ = nullptr;
  ParseLimits limits_;
  size_t node_count_ = 0;
  size_t depth_reached_ = 0;
  bool limit_hit_ = false;
  myhtml_tree_node* last_node_ = nullptr;  // the node inserted last, and its depth
  size_t last_depth_ = 0;
  unsigned int last_error_ = 0;
  std::string stripped_;  // the page as myhtml gets it (strip_unread_markup); reused across pages
};

}  // namespace docpipe::clean_html
