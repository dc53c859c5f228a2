// Page metadata from a parsed tree: one bounded walk collects <meta>, <link>,
// JSON-LD, the first <h1>, <time>, author and byline elements; then each
// field is chosen from its sources in a fixed order of trust.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "html_tree.hpp"

namespace docpipe::clean_html {

//! Everything known about a page besides its text; empty fields are unknown.
struct PageMetadata {
  std::string title;                    //!< headline, site name removed
  std::vector<std::string> authors;
  std::string date;                     //!< publication, ISO 8601
  std::string modified;                 //!< last modification, ISO 8601
  std::string site_name;
  std::string description;
  std::string canonical_url;            //!< absolute
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string lang;                     //!< ISO 639-1 ("zh-Hant" for traditional Chinese)
  double lang_confidence = 0;           //!< CLD2's share, 0 when the declaration decided
  bool lang_detected = false;           //!< CLD2 decided (else the declaration)
  std::string lang_declared;            //!< what the page said, as written
  std::string source;                   //!< a Chinese byline's 来源
  std::string editor;                   //!< a Chinese byline's 编辑 / 责任编辑
};

//! What the extractor needs besides the tree.
struct PageContext {
  std::string_view url;               //!< the document URL, when known
  std::string_view text;              //!< the extracted text (language, date fallback)
  std::string_view content_language;  //!< HTTP Content-Language, when known
};

//! Caps that keep the work bounded on huge pages.
struct MetadataLimits {
  size_t max_nodes = 20'000;          //!< nodes the walk visits
  size_t max_meta = 400;              //!< <meta> elements read
  size_t max_jsonld_blocks = 8;       //!< JSON-LD scripts parsed
  size_t max_byline_checks = 16;      //!< blocks tried as Chinese bylines
  size_t max_lang_bytes = 1024;       //!< text sample given to CLD2 (~30 us/KiB)
  size_t max_date_text_bytes = 2048;  //!< text searched for a date as a last resort
};

//! Extracts the metadata of the last page the parser parsed. Never throws
//! for any input (a broken JSON-LD block is ignored).
PageMetadata extract_page_metadata(const HtmlParser& parser, const PageContext& context,
                                   const MetadataLimits& limits = {});

}  // namespace docpipe::clean_html
