// Guessing a page's type from cheap signals of the parsed, scored page:
// the schema.org types of its JSON-LD, og:type, repeated sibling cards,
// code blocks, and how much of its text is posts classed as comments.
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ascii.hpp"
#include "extract/content_extractor.hpp"

namespace docpipe::clean_html {
namespace {

// The JSON-LD types that name a page type outright.
struct SchemaTypes {
  bool forum = false;       // DiscussionForumPosting, QAPage
  bool product = false;     // Product, ProductGroup with an Offer
  bool offer = false;       // Offer, AggregateOffer
  bool collection = false;  // CollectionPage, ItemList, SearchResultsPage
  bool article = false;     // Article, NewsArticle, BlogPosting, ...
  bool tech = false;        // TechArticle, APIReference
};

void read_type(std::string_view type, SchemaTypes& s) {
  if (type == "DiscussionForumPosting" || type == "QAPage")
    s.forum = true;
  else if (type == "Product" || type == "ProductGroup")
    s.product = true;
  else if (type == "Offer" || type == "AggregateOffer")
    s.offer = true;
  else if (type == "CollectionPage" || type == "ItemList" || type == "SearchResultsPage")
    s.collection = true;
  else if (type == "Article" || type == "NewsArticle" || type == "BlogPosting" ||
           type == "ReportageNewsArticle")
    s.article = true;
  else if (type == "TechArticle" || type == "APIReference")
    s.tech = true;
}

// The "@type" values of the JSON-LD scripts in the page's bytes: a byte
// scan, no JSON parse; at most 64 KiB of each script is read.
SchemaTypes schema_types(std::string_view html) {
  SchemaTypes s;
  constexpr std::string_view kScript = "ld+json";
  constexpr std::string_view kType = "\"@type\"";
  const std::boyer_moore_horspool_searcher find(kScript.begin(), kScript.end());
  size_t pos = 0;
  for (int scripts = 0; scripts < 16; ++scripts) {
    // Boyer-Moore-Horspool: glibc's memmem reads every byte of the page.
    auto hit = std::search(html.begin() + static_cast<std::ptrdiff_t>(pos), html.end(), find);
    if (hit == html.end()) break;
    size_t begin = static_cast<size_t>(hit - html.begin()) + kScript.size();
    size_t end = html.find("</", begin);
    if (end == std::string_view::npos) end = html.size();
    std::string_view body = html.substr(begin, std::min<size_t>(end - begin, 64 * 1024));
    for (size_t t = body.find(kType); t != std::string_view::npos; t = body.find(kType, t + 1)) {
      size_t v = t + kType.size();
      while (v < body.size() &&
             (body[v] == ' ' || body[v] == ':' || body[v] == '[' || body[v] == '\n'))
        ++v;
      // One string or an array of strings.
      while (v < body.size() && body[v] == '"') {
        size_t close = body.find('"', v + 1);
        if (close == std::string_view::npos) break;
        read_type(body.substr(v + 1, close - v - 1), s);
        v = close + 1;
        while (v < body.size() && (body[v] == ',' || body[v] == ' ')) ++v;
      }
    }
    pos = end;
  }
  return s;
}

// og:type from the <meta> elements of <head>.
std::string_view og_type(HtmlNode head) {
  for (HtmlNode n = head ? head.first_child() : HtmlNode(); n; n = n.next_sibling()) {
    if (n.tag() != Tag::meta) continue;
    if (n.attribute("property") == "og:type") return n.attribute("content");
  }
  return {};
}

// What the children of a container are when four or more of one tag and
// class hold most of its text: posts (post/message/comment/reply classes),
// cards (link-dense) or sections (each under a heading).
std::optional<PageType> repeated_parts(const std::vector<ElementScore>& el, uint32_t container) {
  const ElementScore& box = el[container];
  if (box.chars <= 0) return std::nullopt;
  // The groups of the first few children only: a pass over the children
  // each, so that a container of many children stays linear.
  uint32_t tried = 0;
  for (uint32_t c = container + 1; c < box.end && tried < 4; c = el[c].end, ++tried) {
    const ElementScore& first = el[c];
    std::string_view cls = first.node.attribute("class");
    uint32_t count = 0, headed = 0;
    float chars = 0, links = 0;
    for (uint32_t d = c; d < box.end; d = el[d].end) {
      if (el[d].tag != first.tag || el[d].node.attribute("class") != cls) continue;
      ++count;
      chars += el[d].chars;
      links += el[d].link_chars;
      uint32_t inner = d + 1;
      if (inner < el[d].end &&
          (el[inner].tag == Tag::h2 || el[inner].tag == Tag::h3 || el[inner].tag == Tag::h4))
        ++headed;
    }
    if (count < 4 || chars < 0.6f * box.chars) {
      if (count >= 4) break;  // the largest group is not most of the text
      continue;
    }
    for (std::string_view w : {"post", "message", "comment", "reply"})
      if (icontains(cls, w)) return PageType::forum;
    if (links > 0.3f * chars) return PageType::listing;
    if (headed * 2 >= count) return PageType::service;
    return std::nullopt;
  }
  return std::nullopt;
}

// Below this share of the content regions' long text in the best
// container, a page's content is spread over many regions (on WCXB dev
// 0.45 and 0.5 give the same extraction-dev figures; 0.6 costs precision).
constexpr float kSpreadShare = 0.5f;

}  // namespace

PageTypeGuess ContentExtractor::guess_page_type(std::string_view html) const {
  const auto& el = scores_.elements();
  SchemaTypes schema = schema_types(html);
  std::string_view og = og_type(parser_.head());
  const float page = el.empty() ? 0.f : std::max(1.f, el[0].chars);

  // Repeated cards: the largest group of siblings sharing tag and class,
  // each with a link; and code blocks; and text classed as comments.
  float cards_chars = 0;
  uint32_t code_blocks = 0;
  float comment_chars = 0;
  struct Group {
    Tag tag;
    std::string_view cls;
    uint32_t count;
    float chars;
  };
  std::array<Group, 8> groups;
  for (uint32_t p = 0; p < el.size(); ++p) {
    const ElementScore& e = el[p];
    if (e.tag == Tag::pre && e.chars > 0) ++code_blocks;
    if (e.evidence.kind == Boilerplate::comments &&
        el[e.parent].evidence.kind != Boilerplate::comments)
      comment_chars += e.chars;
    if (p + 1 >= e.end || e.end - p < 6) continue;
    size_t n_groups = 0;
    for (uint32_t c = p + 1; c < e.end; c = el[c].end) {
      const ElementScore& child = el[c];
      if (child.links == 0 || child.chars < 10) continue;
      std::string_view cls = child.node.attribute("class");
      size_t g = 0;
      while (g < n_groups && !(groups[g].tag == child.tag && groups[g].cls == cls)) ++g;
      if (g == n_groups) {
        if (n_groups == groups.size()) continue;
        groups[n_groups++] = {child.tag, cls, 0, 0.f};
      }
      ++groups[g].count;
      groups[g].chars += child.chars;
    }
    for (size_t g = 0; g < n_groups; ++g) {
      if (groups[g].count >= 4 && groups[g].chars > cards_chars) {
        cards_chars = groups[g].chars;
      }
    }
  }
  // The content regions' text: the page without its furniture (as
  // extract_regions prunes it).
  float furniture = 0, furniture_good = 0, comment_good = 0;
  for (uint32_t i = 1; i < el.size();) {
    if (is_furniture(el[i])) {
      furniture += el[i].chars;
      furniture_good += el[i].raw_good;
      i = el[i].end;
    } else if (el[i].evidence.kind == Boilerplate::comments) {
      comment_good += el[i].raw_good;
      i = el[i].end;
    } else {
      ++i;
    }
  }
  const float regions = std::max(1.f, page - furniture);
  const ElementScore& best = el[scores_.best()];
  // The best container's share of the content regions' long, link-poor
  // text, readers' comments set apart (an article with a long thread
  // under it is still one article); and its share of all their text.
  const float good = std::max(1.f, el[0].raw_good - furniture_good - comment_good);
  const float good_share = std::min(1.f, best.raw_good / good);
  const float chars_share = best.chars / regions;
  // Content spread over many regions (sections, posts, cards) rather than
  // one container: the share is low, or a small container sits among
  // repeated cards holding most of the text.
  const bool spread =
      good_share < kSpreadShare || (chars_share < 0.3f && cards_chars > 0.5f * regions);
  const float confidence =
      spread ? 0.5f + 0.5f * std::max(1.f - std::min(1.f, good_share / kSpreadShare),
                                      std::min(1.f, cards_chars / regions))
             : 0.5f + 0.5f * (good_share - kSpreadShare) / (1.f - kSpreadShare);
  const bool product_og = og.starts_with("product") || og.find("item") != std::string_view::npos;
  if (schema.forum) return {PageType::forum, 0.9f, false};
  if ((schema.product && (schema.offer || product_og)) || (product_og && !schema.article))
    return {PageType::product, std::max(confidence, 0.8f), !spread};
  const bool code = code_blocks >= 3 || schema.tech;
  if (!spread) {
    if (code) return {PageType::documentation, confidence, true};
    if (!schema.article) {
      // One container, but of repeated parts: posts, cards or sections
      // (extracted whole as it is; the type is what the parts say).
      if (std::optional<PageType> parts = repeated_parts(el, scores_.best()))
        return {*parts, 0.5f + 0.25f * confidence, true};
    }
    return {PageType::article, schema.article ? std::max(confidence, 0.9f) : confidence, true};
  }
  if (comment_chars > 0.3f * regions) return {PageType::forum, confidence, false};
  if (code) return {PageType::documentation, confidence, false};
  if (cards_chars > 0.3f * regions) {
    return {schema.collection || product_og ? PageType::collection : PageType::listing, confidence,
            false};
  }
  return {PageType::service, confidence, false};
}

}  // namespace docpipe::clean_html
