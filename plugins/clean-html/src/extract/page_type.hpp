// Page types and the extraction profile of each: a forum thread keeps its
// posts (which sites class as comments), a listing or collection keeps its
// repeated cards, a service page its many sections.
#pragma once

#include <optional>
#include <string_view>

#include "extract/options.hpp"

namespace docpipe::clean_html {

//! A page type with the confidence of the guess (0..1; 1 when forced).
struct PageTypeGuess {
  PageType type = PageType::article;
  float confidence = 0.f;
  //! One container holds the page's content: extracted as an article
  //! whatever the type (a documentation page with one body).
  bool one_container = false;
};

//! How main content is extracted for one page type.
struct Profile {
  ExtractOptions options;
  //! Start from the page's content regions (body minus its furniture)
  //! rather than from one best container.
  bool regions = false;
  //! Keep link-dense blocks: cards whose title is a link.
  bool keep_links = false;
};

struct ElementScore;
//! Part of a page's furniture, not of its content regions: navigation,
//! header, footer, aside, hidden, link-dense boilerplate-classed blocks.
bool is_furniture(const ElementScore& e);

//! The profile of `type`, built on the options the user gave.
Profile profile_for(PageType type, const ExtractOptions& given);

//! "article", "forum", ...
std::string_view page_type_name(PageType type);
//! The type named so, if any.
std::optional<PageType> page_type_from_name(std::string_view name);

}  // namespace docpipe::clean_html
