#include "scoring.hpp"

#include <algorithm>

#include "html_text.hpp"

namespace docpipe::clean_html {
namespace {

// Visible characters of a text node: whitespace does not count and a CJK
// character (lead bytes E3-E9 and EA-ED for Hangul: U+3000-U+D7FF) counts
// 2, since one carries about as much as a short word.
// Written as a branch-free sum over bytes so that the compiler vectorises
// it: it runs over every text node of every page.
float weighted_chars(std::string_view s) {
  unsigned n = 0;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    n += static_cast<unsigned>(c > 0x20 && (c < 0x80 || c >= 0xC0)) +
         static_cast<unsigned>(c >= 0xE3 && c <= 0xED);
  }
  return static_cast<float>(n);
}

// What the text laid out directly in one block says about it being
// article text; the sign matters most: long link-poor text is for, short
// text and link lists are against, mildly, so that an article's own
// subheadings and short paragraphs cost less than its long paragraphs earn.
float unit_value(float chars, float link_chars, const ScoringParams& p, bool cell = false) {
  if (chars <= 0) return 0;
  float ld = link_chars / chars;
  if (ld > p.link_density) return -chars;
  // A data table is all short cells; they neither make nor break a container.
  if (cell && chars < p.long_unit) return 0;
  if (chars >= p.long_unit) return chars * (1 - ld);
  float threshold = p.long_unit * 0.4f;
  if (chars >= threshold) return (chars - threshold) * (1 - ld);
  return -(threshold - chars) * 0.3f - link_chars;
}

bool is_cell(Tag tag) { return tag == Tag::td || tag == Tag::th; }

}  // namespace

void PageScores::score(HtmlNode root, const ScoringParams& params) {
  elements_.clear();
  stack_.clear();
  best_ = 0;
  if (!root || !root.is_element()) return;

  // Pre-order walk without recursion; stack_ holds the open elements, and
  // owners the innermost block-level one of each (whose unit gets the text).
  auto open = [&](HtmlNode node) {
    auto index = static_cast<uint32_t>(elements_.size());
    ElementScore e;
    e.node = node;
    e.tag = node.tag();
    e.block = is_block_level(e.tag);
    e.parent = stack_.empty() ? index : stack_.back();
    e.evidence = class_evidence(node);
    elements_.push_back(e);
    node.set_user(index);
    stack_.push_back(index);
  };
  auto close = [&]() {
    elements_[stack_.back()].end = static_cast<uint32_t>(elements_.size());
    stack_.pop_back();
  };

  std::vector<uint32_t> owners;  // block owner of each open element
  uint32_t link_depth = 0;
  open(root);
  owners.push_back(0);
  HtmlNode node = root.first_child();
  while (node) {
    bool descended = false;
    if (node.tag() == Tag::text) {
      if (float c = weighted_chars(node.text()); c > 0) {
        ElementScore& owner = elements_[owners.back()];
        owner.own_chars += c;
        if (link_depth > 0) owner.own_link_chars += c;
      }
    } else if (node.is_element() && !is_invisible(node)) {
      open(node);
      const ElementScore& e = elements_.back();
      owners.push_back(e.block ? stack_.back() : owners.back());
      if (e.tag == Tag::a) {
        ++link_depth;
        ++elements_[owners.back()].own_links;
      }
      if (HtmlNode child = node.first_child()) {
        node = child;
        descended = true;
      } else {
        if (e.tag == Tag::a) --link_depth;
        owners.pop_back();
        close();
      }
    }
    if (descended) continue;
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
      if (elements_[stack_.back()].tag == Tag::a && link_depth > 0) --link_depth;
      owners.pop_back();
      close();
    }
  }
  while (!stack_.empty()) close();
  sweep(params);
}

// Children come after their parent in pre-order, so one backward pass
// finishes every subtree before its parent reads it.
void PageScores::sweep(const ScoringParams& params) {
  const auto n = static_cast<uint32_t>(elements_.size());
  for (ElementScore& e : elements_) {
    e.chars = e.own_chars;
    e.link_chars = e.own_link_chars;
    e.links = e.own_links;
    e.value = 0;
    e.good = 0;
    e.raw_good = std::max(0.f, unit_value(e.own_chars, e.own_link_chars, params, is_cell(e.tag)));
    e.article_good = 0;
  }
  // First the sizes, which the evidence rule needs for the whole page.
  for (uint32_t i = n; i-- > 1;) {
    ElementScore& e = elements_[i];
    elements_[e.parent].chars += e.chars;
    elements_[e.parent].link_chars += e.link_chars;
    elements_[e.parent].links += e.links;
    elements_[e.parent].raw_good += e.raw_good;
  }
  for (uint32_t i = n; i-- > 0;) {
    ElementScore& e = elements_[i];
    if (e.evidence.score > 0) e.article_good = std::max(e.article_good, e.raw_good);
    if (i > 0)
      elements_[e.parent].article_good = std::max(elements_[e.parent].article_good, e.article_good);
  }
  const float page = elements_.empty() ? 0.f : elements_[0].chars;
  const float page_good = elements_.empty() ? 0.f : elements_[0].raw_good;
  // A boilerplate-looking element that holds most of the page's text, or
  // most of its article-like text, is a layout wrapper ("has-sidebar",
  // Blogger's "widget Blog"): its class says nothing about its content.
  // Comment sections can outweigh a short article, so only size frees them.
  auto wrapper = [&](const ElementScore& e) {
    return e.chars > 0.5f * page ||
           (e.evidence.kind != Boilerplate::comments && e.raw_good > 0.5f * page_good);
  };
  for (uint32_t i = n; i-- > 0;) {
    ElementScore& e = elements_[i];
    float unit = unit_value(e.own_chars, e.own_link_chars, params, is_cell(e.tag));
    e.value += unit;
    if (unit > 0) e.good += unit;
    if (e.evidence.score < 0 && !wrapper(e)) {
      e.value = -e.chars;
      e.good = 0;
    } else if (e.evidence.score > 0 && e.value > 0) {
      e.value *= 1.f + 0.1f * static_cast<float>(e.evidence.score);
    }
    if (i > 0) {
      elements_[e.parent].value += e.value;
      elements_[e.parent].good += e.good;
    }
  }
  // The best container, outside every boilerplate subtree: one long reader
  // comment must not win from inside the comments section. Pre-order
  // visits parents first, so `inside` is known for the parent already.
  inside_.assign(n, 0);
  float best_value = 0;
  best_ = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const ElementScore& e = elements_[i];
    inside_[i] = (i > 0 && inside_[e.parent]) || (e.evidence.score < 0 && !wrapper(e));
    if (!inside_[i] && e.value > best_value) {
      best_value = e.value;
      best_ = i;
    }
  }
  // Teasers of other articles (long, link-poor summaries) can lift the
  // sum of a page-level element above the article's own container; an
  // element inside that says "article" (<main>, <article>, articleBody)
  // and keeps a good share of the value is the better answer.
  const ElementScore& b = elements_[best_];
  uint32_t preferred = best_;
  float preferred_value = 0;
  for (uint32_t i = best_ + 1; i < b.end; ++i) {
    const ElementScore& e = elements_[i];
    if (!inside_[i] && e.evidence.score >= 2 && e.value >= 0.5f * b.value &&
        e.value > preferred_value) {
      preferred = i;
      preferred_value = e.value;
    }
  }
  best_ = preferred;
  // A container that keeps nearly all the value is the tighter answer:
  // what the larger one adds is a stray caption, footer line or teaser.
  for (bool moved = true; moved;) {
    moved = false;
    const ElementScore& cur = elements_[best_];
    for (uint32_t i = best_ + 1; i < cur.end; i = elements_[i].end) {
      if (!inside_[i] && elements_[i].value >= 0.9f * cur.value) {
        best_ = i;
        moved = true;
        break;
      }
    }
  }
}

}  // namespace docpipe::clean_html
