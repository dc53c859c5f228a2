#include "metadata/page_metadata.hpp"

#include <array>
#include <optional>

#include "metadata/authors.hpp"
#include "metadata/byline.hpp"
#include "metadata/dates.hpp"
#include "metadata/jsonld.hpp"
#include "metadata/language.hpp"
#include "metadata/node_text.hpp"
#include "metadata/text_util.hpp"
#include "metadata/title.hpp"
#include "metadata/url.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

using meta_text::collapse_spaces;
using meta_text::icontains;

constexpr size_t kMaxTitleBytes = 1000;
constexpr size_t kMaxH1Bytes = 400;
constexpr size_t kMaxBylineBytes = 400;
constexpr size_t kMaxAuthorTextBytes = 200;
constexpr size_t kMaxDateTextBytes = 100;
constexpr size_t kMaxAuthorElements = 6;
constexpr size_t kMaxDateElements = 8;
constexpr size_t kMaxListItems = 32;

// Publication date meta names (name=, property= or itemprop=), most trusted first.
constexpr std::array<std::string_view, 27> kDateKeys = {"article:published_time",
                                                        "og:published_time",
                                                        "article:published",
                                                        "published_time",
                                                        "datepublished",
                                                        "pubdate",
                                                        "publishdate",
                                                        "publish-date",
                                                        "publish_date",
                                                        "publication_date",
                                                        "dc.date.issued",
                                                        "dcterms.issued",
                                                        "sailthru.date",
                                                        "parsely-pub-date",
                                                        "article.published",
                                                        "citation_publication_date",
                                                        "og:release_date",
                                                        "release_date",
                                                        "original-publish-date",
                                                        "pub_date",
                                                        "bytedance:published_time",
                                                        "datecreated",
                                                        "dcterms.created",
                                                        "dc.date",
                                                        "dcterms.date",
                                                        "date",
                                                        "citation_date"};
constexpr std::array<std::string_view, 8> kModifiedKeys = {
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified",      "last-modified",   "lastmod",      "article:modified"};

struct MetaPair {
  std::string key;  // lower-case name, property or itemprop
  std::string_view value;
};

// What the walk collects; views point into the tree, valid during extraction.
struct Collected {
  std::vector<MetaPair> metas;
  std::string_view canonical_href;
  std::string title_tag;
  bool have_title = false;
  std::string h1;
  bool have_h1 = false;
  std::string_view html_lang;
  std::string_view time_datetime;
  bool time_is_pub = false;
  std::string_view item_date_published, item_date_modified;
  std::vector<std::string> item_authors, rel_authors, class_authors, text_authors;
  std::optional<Byline> zh;
  std::string class_date;
  JsonLdReader jsonld;
  size_t jsonld_blocks = 0;
  size_t author_elements = 0, date_elements = 0, byline_checks = 0;
  std::vector<HtmlNode> byline_tried;
  std::string scratch;
};

bool is_block(Tag t) {
  switch (t) {
    case Tag::p:
    case Tag::div:
    case Tag::td:
    case Tag::th:
    case Tag::li:
    case Tag::dd:
    case Tag::header:
    case Tag::footer:
    case Tag::section:
    case Tag::center:
    case Tag::address:
    case Tag::h1:
    case Tag::h2:
    case Tag::h3:
    case Tag::h4:
    case Tag::h5:
    case Tag::h6:
    case Tag::body:
    case Tag::article:
    case Tag::aside:
      return true;
    default:
      return false;
  }
}

// Marks of a Chinese byline; text without any is not tried.
bool has_byline_mark(std::string_view s) {
  // Every mark starts with a lead byte in E4-E8: one cheap pass rules out
  // most text (all of it on non-CJK pages) before the searches.
  bool lead = false;
  for (char ch : s.substr(first_non_ascii(s))) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (u >= 0xE4 && u <= 0xE8) {
      lead = true;
      break;
    }
  }
  if (!lead) return false;
  static constexpr std::array<std::string_view, 7> kMarks = {"来源", "作者",     "记者", "编辑",
                                                             "责编", "发布时间", "稿源"};
  for (std::string_view m : kMarks) {
    if (s.find(m) != std::string_view::npos) return true;
  }
  return false;
}

void merge_byline(Collected& c, const Byline& b) {
  if (!c.zh) {
    c.zh = b;
    return;
  }
  if (c.zh->source.empty()) c.zh->source = b.source;
  if (c.zh->author.empty()) c.zh->author = b.author;
  if (c.zh->editor.empty()) c.zh->editor = b.editor;
  if (c.zh->date.empty()) c.zh->date = b.date;
}

// A text node that may belong to a Chinese byline: try its block, then (if
// the block is long) its own element.
void try_chinese_byline(HtmlNode text_node, Collected& c, const MetadataLimits& limits) {
  HtmlNode block = text_node.parent();
  HtmlNode own = block;
  for (int up = 0; up < 4 && block && !is_block(block.tag()); ++up) block = block.parent();
  if (!block) block = own;
  for (HtmlNode candidate : {block, own}) {
    if (!candidate || c.byline_checks >= limits.max_byline_checks) return;
    bool tried = false;
    for (HtmlNode t : c.byline_tried) tried = tried || t == candidate;
    if (tried) continue;
    c.byline_tried.push_back(candidate);
    ++c.byline_checks;
    if (!node_text(candidate, kMaxBylineBytes, c.scratch)) continue;
    if (auto b = parse_byline(c.scratch)) {
      merge_byline(c, *b);
      return;
    }
  }
}

void on_meta(HtmlNode n, Collected& c, const MetadataLimits& limits) {
  if (c.metas.size() >= limits.max_meta) return;
  std::string_view key, content, http_equiv;
  for (HtmlAttribute a = n.first_attribute(); a; a = a.next()) {
    std::string_view name = a.name();
    if (name == "content")
      content = a.value();
    else if ((name == "name" || name == "property" || name == "itemprop") && key.empty())
      key = a.value();
    else if (name == "http-equiv")
      http_equiv = a.value();
  }
  if (key.empty()) key = http_equiv;
  content = meta_text::trim(content);
  if (key.empty() || content.empty()) return;
  c.metas.push_back({meta_text::to_lower(meta_text::trim(key)), content});
}

// "By Jane Doe": a text node starting a byline, the names often in links
// after it, so its block's text is read.
void try_english_byline(HtmlNode text_node, Collected& c) {
  std::string_view s = meta_text::trim(text_node.text());
  if (!(s.starts_with("By") || s.starts_with("Posted by") || s.starts_with("Written by") ||
        s.starts_with("Reported by") || s.starts_with("Words by")))
    return;
  HtmlNode block = text_node.parent();
  while (block && !is_block(block.tag())) block = block.parent();
  if (!block || block.tag() == Tag::li) return;
  // Not in menus and filters ("Shop by Use Case"), headers or footers.
  for (HtmlNode a = block; a; a = a.parent()) {
    Tag t = a.tag();
    if (t == Tag::nav || t == Tag::ul || t == Tag::ol || t == Tag::footer || t == Tag::form ||
        t == Tag::select)
      return;
  }
  ++c.byline_checks;
  if (!node_text(block, kMaxBylineBytes, c.scratch)) return;
  c.text_authors = english_byline_names(c.scratch);
}

// Words of class and id values that mark (or rule out) author and date
// elements, as bits; matched anywhere, any case ("postAuthor", "entry-date").
using NameWords = unsigned;
constexpr NameWords kWordByline = 1, kWordAuthor = 2, kWordAvatar = 4, kWordBio = 8,
                    kWordImage = 16, kWordDate = 32, kWordTime = 64, kWordPublish = 128;

constexpr auto kWordStart = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("abdiptABDIPT")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

NameWords name_words(std::string_view v) {
  auto at = [&](size_t i, std::string_view rest) { return istarts_at(v, i, rest); };
  NameWords words = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    // Only the first letters of the words are looked at further.
    if (!kWordStart[static_cast<unsigned char>(v[i])]) continue;
    switch (ascii_lower(v[i])) {
      case 'a':
        if (at(i + 1, "uthor"))
          words |= kWordAuthor;
        else if (at(i + 1, "vatar"))
          words |= kWordAvatar;
        break;
      case 'b':
        if (at(i + 1, "yline"))
          words |= kWordByline;
        else if (at(i + 1, "io"))
          words |= kWordBio;
        break;
      case 'd':
        if (at(i + 1, "ate")) words |= kWordDate;
        break;
      case 'i':
        if (at(i + 1, "mage")) words |= kWordImage;
        break;
      case 'p':
        if (at(i + 1, "ublish")) words |= kWordPublish;
        break;
      case 't':
        if (at(i + 1, "ime")) words |= kWordTime;
        break;
      default:
        break;
    }
  }
  return words;
}

// Attributes that mark author, date and microdata elements in the body.
void on_element_attributes(HtmlNode n, Tag tag, Collected& c) {
  std::string_view cls, id, itemprop, rel, datetime, content;
  for (HtmlAttribute a = n.first_attribute(); a; a = a.next()) {
    std::string_view name = a.name();
    if (name == "class")
      cls = a.value();
    else if (name == "id")
      id = a.value();
    else if (name == "itemprop")
      itemprop = a.value();
    else if (name == "rel")
      rel = a.value();
    else if (name == "datetime")
      datetime = a.value();
    else if (name == "content")
      content = a.value();
  }
  if (!itemprop.empty()) {
    std::string_view v = !datetime.empty() ? datetime : content;
    if (itemprop == "datePublished" && c.item_date_published.empty()) c.item_date_published = v;
    if (itemprop == "dateModified" && c.item_date_modified.empty()) c.item_date_modified = v;
    if (itemprop == "author" && c.item_authors.empty() && c.author_elements < kMaxAuthorElements) {
      ++c.author_elements;
      node_text(n, kMaxAuthorTextBytes, c.scratch);
      c.item_authors = byline_names(c.scratch.empty() ? content : std::string_view(c.scratch));
    }
  }
  if (tag == Tag::a && !rel.empty() && c.rel_authors.empty() && icontains(rel, "author") &&
      c.author_elements < kMaxAuthorElements) {
    ++c.author_elements;
    if (node_text(n, kMaxAuthorTextBytes, c.scratch)) c.rel_authors = byline_names(c.scratch);
  }
  if (cls.empty() && id.empty()) return;
  bool want_author = c.class_authors.empty() && c.author_elements < kMaxAuthorElements;
  bool want_date = c.class_date.empty() && c.date_elements < kMaxDateElements;
  if (!want_author && !want_date) return;
  // One case-insensitive pass over class and id for all the words at once,
  // with no copy: this runs for most elements of a page.
  NameWords words = name_words(cls);
  words |= name_words(id);
  if (want_author && (words & (kWordByline | kWordAuthor)) &&
      !(words & (kWordAvatar | kWordBio | kWordImage))) {
    ++c.author_elements;
    if (node_text(n, kMaxAuthorTextBytes, c.scratch)) c.class_authors = byline_names(c.scratch);
  }
  if (want_date && (words & (kWordDate | kWordTime | kWordPublish))) {
    ++c.date_elements;
    if (node_text(n, kMaxDateTextBytes, c.scratch)) {
      if (auto d = find_date(c.scratch)) c.class_date = d->iso;
    }
  }
}

void on_script(HtmlNode n, Collected& c, const MetadataLimits& limits) {
  if (c.jsonld_blocks >= limits.max_jsonld_blocks) return;
  if (!icontains(n.attribute("type"), "ld+json")) return;
  HtmlNode text = n.first_child();
  if (!text || text.tag() != Tag::text) return;
  ++c.jsonld_blocks;
  c.jsonld.add(text.text());
}

void walk(const HtmlParser& parser, Collected& c, const MetadataLimits& limits) {
  HtmlNode root = parser.html();
  if (!root) return;
  c.html_lang = root.attribute("lang");
  size_t visited = 0;
  HtmlNode n = root.first_child();
  while (n && ++visited <= limits.max_nodes) {
    Tag tag = n.tag();
    bool descend = n.is_element();
    switch (tag) {
      case Tag::text: {
        std::string_view s = n.text();
        if (s.size() <= kMaxBylineBytes && c.byline_checks < limits.max_byline_checks &&
            has_byline_mark(s)) {
          try_chinese_byline(n, c, limits);
        }
        if (c.text_authors.empty() && c.byline_checks < limits.max_byline_checks &&
            s.size() <= 160) {
          try_english_byline(n, c);
        }
        break;
      }
      case Tag::meta:
        on_meta(n, c, limits);
        break;
      case Tag::link:
        if (c.canonical_href.empty() && icontains(n.attribute("rel"), "canonical")) {
          c.canonical_href = n.attribute("href");
        }
        break;
      case Tag::title:
        if (!c.have_title) {
          c.have_title = true;
          node_text(n, kMaxTitleBytes, c.title_tag);
        }
        descend = false;
        break;
      case Tag::script:
        on_script(n, c, limits);
        descend = false;
        break;
      case Tag::style:
      case Tag::template_:
      case Tag::svg:
      case Tag::math:
      case Tag::select:
      case Tag::textarea:
      case Tag::noscript:
        descend = false;
        break;
      case Tag::h1:
        if (!c.have_h1) {
          c.have_h1 = true;
          node_text(n, kMaxH1Bytes, c.h1);
        }
        on_element_attributes(n, tag, c);
        break;
      case Tag::comment:
      case Tag::doctype:
        break;
      default:
        if (tag == Tag::other && n.name() == "time") {
          std::string_view dt = n.attribute("datetime");
          bool pub = !n.attribute("pubdate").empty() || n.attribute("itemprop") == "datePublished";
          if (!dt.empty() && (c.time_datetime.empty() || (pub && !c.time_is_pub))) {
            c.time_datetime = dt;
            c.time_is_pub = pub;
          }
        }
        on_element_attributes(n, tag, c);
        break;
    }
    HtmlNode child = descend ? n.first_child() : HtmlNode();
    if (child) {
      n = child;
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
}

std::string_view meta_value(const Collected& c, std::string_view key) {
  for (const MetaPair& m : c.metas) {
    if (m.key == key) return m.value;
  }
  return {};
}

void add_unique(std::vector<std::string>& list, std::string_view item) {
  std::string v = collapse_spaces(item);
  if (v.empty() || list.size() >= kMaxListItems) return;
  for (const std::string& have : list) {
    if (meta_text::iequals(have, v)) return;
  }
  list.push_back(std::move(v));
}

// "a, b，c、d; e" -> items.
void add_split(std::vector<std::string>& list, std::string_view value) {
  while (!value.empty()) {
    size_t cut = std::string_view::npos, skip = 0;
    for (std::string_view sep : {",", "，", "、", ";", "；"}) {
      size_t p = value.find(sep);
      if (p < cut) cut = p, skip = sep.size();
    }
    add_unique(list, meta_text::trim(value.substr(0, cut)));
    if (cut == std::string_view::npos) break;
    value.remove_prefix(cut + skip);
  }
}

std::string first_date(std::initializer_list<std::string_view> candidates) {
  for (std::string_view v : candidates) {
    if (v.empty()) continue;
    if (auto d = normalize_date(v)) return *d;
  }
  return {};
}

std::string choose_date(const Collected& c, const PageContext& ctx, const MetadataLimits& limits) {
  const JsonLdInfo& ld = c.jsonld.info();
  if (auto d = first_date({ld.date_published, ld.date_created}); !d.empty()) return d;
  for (std::string_view key : kDateKeys) {
    if (auto d = first_date({meta_value(c, key)}); !d.empty()) return d;
  }
  if (auto d = first_date({c.item_date_published, c.time_datetime}); !d.empty()) return d;
  if (c.zh && !c.zh->date.empty()) return c.zh->date;
  if (!c.class_date.empty()) return c.class_date;
  // News URLs carry the date: /2024/02/20/, /2024-02-20/.
  std::string_view url = ctx.url;
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    std::string_view path = url.substr(scheme + 3);
    size_t slash = path.find('/');
    if (slash != std::string_view::npos) {
      if (auto d = find_date(path.substr(slash))) return d->iso;
    }
  }
  std::string_view text = ctx.text.substr(0, limits.max_date_text_bytes);
  if (auto d = find_date(text)) return d->iso;
  return {};
}

std::vector<std::string> choose_authors(const Collected& c) {
  const JsonLdInfo& ld = c.jsonld.info();
  std::vector<std::string> out;
  for (const std::string& a : ld.authors) {
    for (std::string& n : split_author_names(a)) add_unique(out, n);
  }
  if (!out.empty()) return out;
  for (const MetaPair& m : c.metas) {
    if (m.key == "author" || m.key == "article:author" || m.key == "dc.creator" ||
        m.key == "sailthru.author" || m.key == "parsely-author" || m.key == "byl") {
      for (std::string& n : split_author_names(m.value)) add_unique(out, n);
    }
  }
  if (!out.empty()) return out;
  for (const auto* list : {&c.item_authors, &c.rel_authors, &c.class_authors, &c.text_authors}) {
    if (!list->empty()) return *list;
  }
  if (c.zh && !c.zh->author.empty()) add_split(out, c.zh->author);
  return out;
}

}  // namespace

PageMetadata extract_page_metadata(const HtmlParser& parser, const PageContext& ctx,
                                   const MetadataLimits& limits) {
  PageMetadata m;
  Collected c;
  try {
    walk(parser, c, limits);
  } catch (const std::exception&) {
    // Allocation failure mid-walk: what was collected is still used.
  }
  const JsonLdInfo& ld = c.jsonld.info();
  auto meta = [&](std::string_view key) { return meta_value(c, key); };

  m.site_name = collapse_spaces(meta("og:site_name"));
  if (m.site_name.empty()) m.site_name = ld.publisher;
  if (m.site_name.empty()) m.site_name = ld.site_name;
  if (m.site_name.empty()) m.site_name = collapse_spaces(meta("application-name"));

  std::string_view canonical = !c.canonical_href.empty() ? c.canonical_href : meta("og:url");
  if (!canonical.empty()) {
    m.canonical_url = resolve_url(ctx.url, canonical);
  }
  std::string host = url_host(!ctx.url.empty() ? ctx.url : std::string_view(m.canonical_url));

  // Title: og:title, twitter:title, JSON-LD headline, then <h1> when <title>
  // contains it (an <h1> elsewhere is often the site's logo), then <title>.
  std::string og_title = collapse_spaces(meta("og:title"));
  std::string tw_title = collapse_spaces(meta("twitter:title"));
  std::string_view chosen, other = c.title_tag;
  if (!og_title.empty())
    chosen = og_title;
  else if (!tw_title.empty())
    chosen = tw_title;
  else if (!ld.headline.empty())
    chosen = ld.headline;
  else if (!c.h1.empty() && (c.title_tag.empty() || icontains(c.title_tag, c.h1)))
    chosen = c.h1, other = {};
  else
    chosen = c.title_tag, other = og_title;
  m.title = clean_title(chosen, TitleHints{m.site_name, host, c.h1, other});
  if (m.title.empty()) m.title = collapse_spaces(c.title_tag);

  m.authors = choose_authors(c);
  m.date = choose_date(c, ctx, limits);
  m.modified = first_date({ld.date_modified});
  for (std::string_view key : kModifiedKeys) {
    if (!m.modified.empty()) break;
    m.modified = first_date({meta(key)});
  }
  if (m.modified.empty()) m.modified = first_date({c.item_date_modified});

  m.description = collapse_spaces(meta("og:description"));
  if (m.description.empty()) m.description = collapse_spaces(meta("description"));
  if (m.description.empty()) m.description = collapse_spaces(meta("twitter:description"));
  if (m.description.empty()) m.description = ld.description;

  for (const MetaPair& p : c.metas) {
    if (p.key == "article:tag")
      add_unique(m.tags, p.value);
    else if (p.key == "keywords" || p.key == "news_keywords")
      add_split(m.tags, p.value);
    else if (p.key == "article:section")
      add_unique(m.categories, p.value);
  }
  for (const std::string& k : ld.keywords) add_unique(m.tags, k);
  for (const std::string& s : ld.sections) add_unique(m.categories, s);

  if (c.zh) {
    m.source = c.zh->source;
    m.editor = c.zh->editor;
  }

  m.lang_declared = collapse_spaces(c.html_lang);
  if (m.lang_declared.empty()) m.lang_declared = collapse_spaces(meta("content-language"));
  if (m.lang_declared.empty()) m.lang_declared = collapse_spaces(ctx.content_language);
  if (m.lang_declared.empty()) m.lang_declared = ld.in_language;
  if (m.lang_declared.empty()) m.lang_declared = collapse_spaces(meta("og:locale"));
  LanguageGuess g = detect_language(ctx.text, m.lang_declared, limits.max_lang_bytes);
  m.lang = g.lang;
  m.lang_confidence = g.confidence;
  m.lang_detected = g.detected;
  return m;
}

}  // namespace docpipe::clean_html
