// clean.html's extraction: parse, then either every visible text (mode
// all) or the main content (mode main), rendered as text or Markdown.
//
// Main content, in three steps:
//  1. score (scoring.hpp): every visible element gets a content value, the
//     sum over its subtree of what each text unit says (long, link-poor
//     text for; short or link-dense text and boilerplate classes against);
//     the element with the greatest value is the article's container, and
//     siblings worth a good share of it join it (articles split by ads);
//  2. prune inside it: subtrees whose tag/class/id say boilerplate (nav,
//     aside, footer, share, related, comments, ...), link-dense ones, and
//     tables when include_tables is off; then lay the rest out as blocks;
//  3. drop blocks: boilerplate lines (boilerplate_lines.hpp), news bylines
//     (metadata/byline.hpp), date lines, link-dense blocks, the title
//     heading, and a "Related articles" tail.
// A result shorter than min_text_chars falls back to the same pruning over
// the whole page, and the longer of the two is kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/options.hpp"
#include "extract/page_type.hpp"
#include "extract/scoring.hpp"
#include "html_text.hpp"
#include "html_tree.hpp"

namespace docpipe::clean_html {

//! Parses HTML and extracts text by ExtractOptions. Not thread-safe: one
//! per worker; buffers are reused across documents.
class ContentExtractor : private ElementFilter {
 public:
  ContentExtractor(ParseLimits limits, ExtractOptions options);

  //! Extracts from valid UTF-8 HTML into out (cleared first). On a status
  //! other than ok, out is empty.
  ExtractStatus extract(std::string_view utf8_html, ExtractedText& out);

  //! The options given (a page's profile may change some for that page).
  const ExtractOptions& options() const noexcept { return given_; }
  //! The page type of the last extract() in main mode (forced or guessed).
  PageTypeGuess page_type() const noexcept { return page_type_; }

  //! Where main mode's text came from when no article was found.
  enum class Fallback : uint8_t {
    none,           //!< the article (or the page's best container)
    regions,        //!< the page's content regions: body minus its furniture
    all_visible,    //!< every visible text (all of it is furniture)
    script_hidden,  //!< only <noscript> and script-revealed elements have text
  };
  //! The fallback the last extract() in main mode used.
  Fallback fallback() const noexcept { return fallback_used_; }
  //! The parser, for details of the last parse (node count, depth, error).
  const HtmlParser& parser() const noexcept { return parser_; }

 private:
  bool keep(HtmlNode element) const override;
  void set_link_density_max();
  PageTypeGuess guess_page_type(std::string_view html) const;
  void extract_main(ExtractedText& out);
  void extract_article(ExtractedText& out);
  void extract_regions(ExtractedText& out);
  // Lays out the selection under root (pruned_ decides) and filters its
  // blocks into out.
  void select_and_filter(uint32_t root, ExtractedText& out);
  void prune_inside(uint32_t root);
  void filter_blocks(const ExtractedText& in, const std::vector<uint32_t>& link_bytes,
                     ExtractedText& out);
  void add_title(ExtractedText& out);

  ParseLimits limits_;
  ExtractOptions given_;
  ExtractOptions options_;  // given_ with the page's profile applied
  PageTypeGuess page_type_;
  std::string_view html_;  // the page being extracted
  bool keep_links_ = false;
  // the profile keeps link-dense blocks
  ScoringParams scoring_;
  float link_density_max_;
  HtmlParser parser_;
  PageScores scores_;
  std::vector<uint8_t> pruned_;
  std::vector<uint32_t> link_bytes_;
  std::vector<uint8_t> keep_;
  ExtractedText laid_out_;
  ExtractedText selected_;
  ExtractedText fallback_;
  Fallback fallback_used_ = Fallback::none;
};

}  // namespace docpipe::clean_html
