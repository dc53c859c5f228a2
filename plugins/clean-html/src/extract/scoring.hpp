// Scores every visible element of a parsed page for main-content
// selection: how much text it holds, how much of it is link text, and a
// "content value" that adds up, over the element's subtree, what each text
// unit (the text laid out directly in one block-level element) says about
// being article text: long, link-poor units count for, short or link-dense
// ones against, and class/id/tag evidence turns a whole subtree to
// boilerplate. The element with the greatest value is the article's
// best container: adding the page around it only adds navigation, sidebars
// and footers, which lower the sum.
#pragma once

#include <cstdint>
#include <vector>

#include "class_evidence.hpp"
#include "html_tree.hpp"

namespace docpipe::clean_html {

//! Statistics of one visible element. Elements are stored in document
//! (pre-)order, so a subtree is the index range [index, end).
struct ElementScore {
  HtmlNode node;
  uint32_t parent = 0;   //!< index of the parent (itself for the root)
  uint32_t end = 0;      //!< one past the last index of the subtree
  float chars = 0;       //!< visible characters in the subtree (CJK weighted 2)
  float link_chars = 0;  //!< of which inside <a>
  uint32_t links = 0;    //!< <a> elements with text in the subtree
  float own_chars = 0;   //!< characters laid out directly in this block
  float own_link_chars = 0;
  uint32_t own_links = 0;
  float value = 0;     //!< content value of the subtree
  float good = 0;      //!< sum of the positive unit values in the subtree
  float raw_good = 0;  //!< the same, class evidence ignored
  //! raw_good of the largest article-like (positive evidence) element in
  //! the subtree: a "sidebar" wrapper holding the article body shows here
  float article_good = 0;
  Evidence evidence;
  Tag tag = Tag::other;
  bool block = false;  //!< a block-level element (owns a text unit)

  float link_density() const { return chars > 0 ? link_chars / chars : 0.f; }
};

//! Tuning of the unit values (see scoring.cpp).
struct ScoringParams {
  float long_unit = 80;       //!< characters from which a unit is plainly text
  float link_density = 0.5f;  //!< above it a unit counts against
};

//! The scores of one page; reuse across pages to keep capacity.
class PageScores {
 public:
  //! Scores the visible elements under root (<html>). Each scored node gets
  //! its index as user data (HtmlNode::user).
  void score(HtmlNode root, const ScoringParams& params);

  //! Index of the element with the greatest content value (0: the root).
  uint32_t best() const { return best_; }
  //! Visible characters of the page.
  float total_chars() const { return elements_.empty() ? 0.f : elements_[0].chars; }
  const std::vector<ElementScore>& elements() const { return elements_; }
  std::vector<ElementScore>& elements() { return elements_; }

 private:
  void sweep(const ScoringParams& params);
  std::vector<ElementScore> elements_;
  std::vector<uint32_t> stack_;
  std::vector<uint8_t> inside_;  // inside a boilerplate subtree
  uint32_t best_ = 0;
};

}  // namespace docpipe::clean_html
