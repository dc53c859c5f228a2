// What content extraction keeps and how it renders it (clean.html params).
#pragma once

#include <cstddef>

namespace docpipe::clean_html {

//! Which part of the page becomes text.
enum class ExtractMode : unsigned char {
  main,  //!< the main content: article body without boilerplate
  all,   //!< every visible text (clean.html v1)
};

//! How the blocks are rendered into the text.
enum class OutputFormat : unsigned char { text, markdown };

//! Which error main-content extraction leans towards avoiding.
enum class Favor : unsigned char { balanced, precision, recall };

//! The kinds of page that main-content extraction has a profile for.
enum class PageType : unsigned char {
  other,
  article,
  forum,
  product,
  collection,
  listing,
  documentation,
  service,
};

//! Options of ContentExtractor.
struct ExtractOptions {
  ExtractMode mode = ExtractMode::main;
  OutputFormat output = OutputFormat::text;
  bool include_title = false;     //!< start with the page's title as a level-1 heading
  bool include_tables = true;     //!< keep tables inside the main content
  bool include_comments = false;  //!< append the readers' comments section
  Favor favor = Favor::balanced;
  //! Main content shorter than this (in characters) is a failed guess: a
  //! wider selection is tried and the longer one kept.
  size_t min_text_chars = 250;
  //! Extract with this page type's profile instead of the detected one.
  bool force_page_type = false;
  PageType page_type = PageType::other;
};

}  // namespace docpipe::clean_html
