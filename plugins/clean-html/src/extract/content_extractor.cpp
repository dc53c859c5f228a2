#include "extract/content_extractor.hpp"

#include <algorithm>

#include "extract/block_select.hpp"
#include "extract/boilerplate_lines.hpp"
#include "extract/markdown.hpp"
#include "metadata/byline.hpp"

namespace docpipe::clean_html {
namespace {

constexpr uint8_t kKept = 0;
constexpr uint8_t kPruned = 1;

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Characters (code points) in the blocks, the measure of min_text_chars.
size_t visible_length(const ExtractedText& x) {
  size_t n = 0;
  for (const TextBlock& b : x.blocks)
    n += code_points(std::string_view(x.text).substr(b.begin, b.end - b.begin));
  return n;
}

}  // namespace

ContentExtractor::ContentExtractor(ParseLimits limits, ExtractOptions options)
    : limits_(limits), given_(options), options_(options) {
  set_link_density_max();
}

void ContentExtractor::set_link_density_max() {
  switch (options_.favor) {
    case Favor::precision:
      link_density_max_ = 0.35f;
      break;
    case Favor::recall:
      link_density_max_ = 0.65f;
      break;
    case Favor::balanced:
      link_density_max_ = 0.5f;
      break;
  }
}

ExtractStatus ContentExtractor::extract(std::string_view utf8_html, ExtractedText& out) {
  out.clear();
  html_ = utf8_html;
  if (ExtractStatus status = extract_status(parser_.parse(utf8_html, limits_));
      status != ExtractStatus::ok) {
    return status;
  }
  HtmlNode html = parser_.html();
  if (!html) return ExtractStatus::ok;
  read_title_and_lang(parser_, out);

  selected_.clear();
  if (options_.mode == ExtractMode::all) {
    layout_text(html, selected_);
  } else {
    extract_main(selected_);
  }
  if (options_.include_title && options_.mode == ExtractMode::main) add_title(selected_);
  if (options_.output == OutputFormat::markdown) {
    render_markdown(selected_, out);
  } else {
    out.text.swap(selected_.text);
    out.blocks.swap(selected_.blocks);
  }
  return ExtractStatus::ok;
}

bool ContentExtractor::keep(HtmlNode element) const {
  uint32_t i = element.user();
  return i >= pruned_.size() || pruned_[i] == kKept ||
         scores_.elements()[i].node != element;  // not scored: never pruned
}

void ContentExtractor::extract_main(ExtractedText& out) {
  scores_.score(parser_.html(), scoring_);
  const auto& el = scores_.elements();
  fallback_used_ = Fallback::none;
  page_type_ =
      given_.force_page_type ? PageTypeGuess{given_.page_type, 1.f, false} : guess_page_type(html_);
  Profile profile =
      profile_for(page_type_.one_container ? PageType::article : page_type_.type, given_);
  options_ = profile.options;
  keep_links_ = profile.keep_links;
  set_link_density_max();
  if (!el.empty() && profile.regions) {
    extract_regions(out);
    if (!out.blocks.empty()) return;
  }
  if (!el.empty()) extract_article(out);
  if (!out.blocks.empty()) return;
  // No article: a page with visible text is never dropped for that. First
  // the page's content regions, then every visible text, then what the
  // page hides until its scripts run.
  if (!el.empty()) {
    extract_regions(out);
    fallback_used_ = Fallback::regions;
    if (!out.blocks.empty()) return;
  }
  out.clear();
  layout_text(parser_.html(), out);
  fallback_used_ = Fallback::all_visible;
  if (!out.blocks.empty()) return;
  out.clear();
  LayoutOptions script_hidden;
  script_hidden.read_script_hidden = true;
  layout_text(parser_.html(), out, script_hidden);
  fallback_used_ = Fallback::script_hidden;
}

// The body minus its furniture: navigation, header, footer and aside by
// tag, hidden parts, and link-dense boilerplate-classed blocks (menus,
// cookie and share bars). Comments stay: a thread's posts are its content.
bool is_furniture(const ElementScore& e) {
  return e.evidence.kind == Boilerplate::invisible || e.tag == Tag::nav || e.tag == Tag::header ||
         e.tag == Tag::footer || e.tag == Tag::aside ||
         (e.evidence.kind == Boilerplate::generic && e.link_density() > 0.5f);
}

void ContentExtractor::extract_regions(ExtractedText& out) {
  const auto& el = scores_.elements();
  pruned_.assign(el.size(), kKept);
  for (uint32_t i = 1; i < el.size();) {
    const ElementScore& e = el[i];
    if (is_furniture(e)) {
      pruned_[i] = kPruned;
      i = e.end;
    } else {
      ++i;
    }
  }
  laid_out_.clear();
  link_bytes_.clear();
  LayoutOptions lo;
  lo.filter = this;
  lo.link_bytes = &link_bytes_;
  layout_text(el[0].node, laid_out_, lo);
  out.clear();
  filter_blocks(laid_out_, link_bytes_, out);
}

void ContentExtractor::extract_article(ExtractedText& out) {
  const auto& el = scores_.elements();
  pruned_.assign(el.size(), kKept);

  uint32_t root = scores_.best();
  select_and_filter(root, out);

  // Too short: the best container was a fragment (or the page has no
  // single container). Try the whole page with the same pruning.
  if (root != 0 && visible_length(out) < options_.min_text_chars) {
    std::fill(pruned_.begin(), pruned_.end(), kKept);
    fallback_.clear();
    select_and_filter(0, fallback_);
    if (visible_length(fallback_) > visible_length(out)) {
      out.text.swap(fallback_.text);
      out.blocks.swap(fallback_.blocks);
    }
  }
}

void ContentExtractor::select_and_filter(uint32_t root, ExtractedText& out) {
  const auto& el = scores_.elements();
  uint32_t layout_root = root;

  // Siblings that hold a good share of the content join the container:
  // article bodies split by ads or by "page" wrappers.
  if (root != 0 && options_.favor != Favor::precision) {
    const float share = options_.favor == Favor::recall ? 0.1f : 0.25f;
    uint32_t parent = el[root].parent;
    bool joined = false;
    for (uint32_t i = parent + 1; i < el[parent].end; i = el[i].end) {
      if (i == root) continue;
      if (el[i].evidence.score >= 0 && el[i].value > share * el[root].value && el[i].good > 0)
        joined = true;
    }
    if (joined) {
      for (uint32_t i = parent + 1; i < el[parent].end; i = el[i].end) {
        bool in = i == root || (el[i].evidence.score >= 0 && el[i].value > share * el[root].value &&
                                el[i].good > 0);
        if (!in)
          pruned_[i] = kPruned;
        else
          prune_inside(i);
      }
      layout_root = parent;
    }
  }
  if (layout_root == root) prune_inside(root);

  laid_out_.clear();
  link_bytes_.clear();
  LayoutOptions lo;
  lo.filter = this;
  lo.link_bytes = &link_bytes_;
  lo.root_content_only = true;
  layout_text(el[layout_root].node, laid_out_, lo);
  lo.root_content_only = false;

  // Readers' comments usually sit beside the article, not inside it.
  if (options_.include_comments) {
    for (uint32_t i = 1; i < el.size();) {
      bool outside = i < layout_root || i >= el[layout_root].end;
      if (outside && el[i].evidence.kind == Boilerplate::comments && el[i].chars > 0 &&
          el[el[i].parent].evidence.kind != Boilerplate::comments) {
        prune_inside(i);
        pruned_[i] = kKept;
        layout_text(el[i].node, laid_out_, lo);
        i = el[i].end;
      } else {
        ++i;
      }
    }
  }
  filter_blocks(laid_out_, link_bytes_, out);
}

void ContentExtractor::prune_inside(uint32_t root) {
  const auto& el = scores_.elements();
  const ElementScore& r = el[root];
  for (uint32_t i = root + 1; i < r.end;) {
    const ElementScore& e = el[i];
    bool prune = false;
    switch (e.evidence.kind) {
      case Boilerplate::invisible:
        prune = true;
        break;
      case Boilerplate::comments:
        prune = !options_.include_comments;
        break;
      case Boilerplate::generic:
        // Unless it holds most of the article ("no-sidebar" on a wrapper),
        // or an article-like element with much of it.
        prune = e.raw_good <= 0.5f * r.raw_good && e.article_good <= 0.3f * r.raw_good;
        break;
      case Boilerplate::none:
        break;
    }
    // Captions and credits of pictures are not the article's prose.
    if (!prune && (e.tag == Tag::figure || e.tag == Tag::figcaption))
      prune = options_.favor != Favor::recall;
    if (!prune && e.tag == Tag::header) prune = e.raw_good <= 0.2f * r.raw_good;
    if (!prune && (e.tag == Tag::form || e.tag == Tag::button))
      prune = e.raw_good <= 0.2f * r.raw_good;
    if (!prune && e.tag == Tag::table && !options_.include_tables) prune = true;
    // Link lists: mostly link text, in short anchors (menus, tag lists,
    // teaser headlines). A list item whose first sentence is a link has
    // long anchors and stays; a tweet quoted in the article too.
    if (!prune && e.chars > 0 && e.link_density() > link_density_max_ && e.chars < 0.5f * r.chars &&
        e.tag != Tag::blockquote) {
      float anchor = e.links > 0 ? e.link_chars / static_cast<float>(e.links) : e.link_chars;
      prune = anchor < 60 || e.link_density() > 0.85f;
    }
    if (prune) {
      pruned_[i] = kPruned;
      i = e.end;
    } else {
      ++i;
    }
  }
}

void ContentExtractor::filter_blocks(const ExtractedText& in,
                                     const std::vector<uint32_t>& link_bytes, ExtractedText& out) {
  const std::string_view text(in.text);
  const size_t n = in.blocks.size();
  keep_.assign(n, 1);
  const float block_link_max = options_.favor == Favor::precision ? 0.5f
                               : options_.favor == Favor::recall  ? 0.9f
                                                                  : 0.7f;
  bool seen_h1 = false;
  for (size_t i = 0; i < n; ++i) {
    const TextBlock& b = in.blocks[i];
    std::string_view s = text.substr(b.begin, b.end - b.begin);
    size_t bytes = s.size();
    // The title heading: gold text and readers start at the body; the
    // title is metadata (include_title puts it back once).
    if (b.kind == BlockKind::heading && b.level == 1 && !seen_h1) {
      seen_h1 = true;
      keep_[i] = 0;
      continue;
    }
    // Link-dense blocks, unless long and quoted or mostly prose.
    const float links = i < link_bytes.size() ? static_cast<float>(link_bytes[i]) : 0.f;
    if (!keep_links_ && b.kind != BlockKind::code && b.kind != BlockKind::quote && bytes > 0 &&
        links > block_link_max * static_cast<float>(bytes) &&
        (bytes < 150 || links > 0.9f * static_cast<float>(bytes))) {
      keep_[i] = 0;
      continue;
    }
    if (b.kind == BlockKind::code) continue;
    // A teaser: a linked headline and a summary cut off with an ellipsis.
    if (!keep_links_ && links >= 0.15f * static_cast<float>(bytes) &&
        (s.ends_with("...") || s.ends_with("\u2026"))) {
      keep_[i] = 0;
      continue;
    }
    if (is_boilerplate_line(s) || is_date_line(s)) {
      keep_[i] = 0;
      continue;
    }
    if (bytes <= 300 && parse_byline(s)) {
      keep_[i] = 0;
      continue;
    }
    // "2024年03月18日 来源：某市日报 【字号 大 中 小】【打印】": a byline or
    // date with the page's commands after it.
    if (bytes <= 400) {
      std::string rest = strip_commands(s);
      if (rest.size() != s.size() && (rest.empty() || is_date_line(rest) || parse_byline(rest))) {
        keep_[i] = 0;
        continue;
      }
    }
    // A "Related articles" heading past the start: it and what follows
    // are links to other pages.
    if (b.begin > text.size() / 3 && is_related_heading(s)) {
      for (size_t j = i; j < n; ++j) keep_[j] = 0;
      break;
    }
  }
  if (options_.favor == Favor::precision) {
    // Short lines at the edges are mostly bylines, captions and prompts.
    auto short_block = [&](size_t i) {
      const TextBlock& b = in.blocks[i];
      return b.kind != BlockKind::heading &&
             code_points(text.substr(b.begin, b.end - b.begin)) < 40;
    };
    for (size_t i = 0; i < n && (!keep_[i] || short_block(i)); ++i) keep_[i] = 0;
    for (size_t i = n; i-- > 0 && (!keep_[i] || short_block(i));) keep_[i] = 0;
  }
  append_kept_blocks(in, keep_, out);
}

void ContentExtractor::add_title(ExtractedText& out) {
  // The page's first <h1> when it has one, else <title>.
  std::string title;
  for (const ElementScore& e : scores_.elements()) {
    if (e.tag == Tag::h1) {
      ExtractedText h;
      layout_text(e.node, h);
      title = h.text;
      break;
    }
  }
  if (title.empty()) {
    ExtractedText t;
    read_title_and_lang(parser_, t);
    title = t.title;
  }
  if (title.empty()) return;
  for (char& c : title) {
    if (c == '\n') c = ' ';
  }
  ExtractedText with;
  with.text = title;
  with.blocks.push_back({BlockKind::heading, 1, 0, title.size()});
  if (!out.text.empty()) {
    with.text += "\n\n";
    size_t shift = with.text.size();
    with.text += out.text;
    for (TextBlock b : out.blocks) {
      b.begin += shift;
      b.end += shift;
      with.blocks.push_back(b);
    }
  }
  out.text.swap(with.text);
  out.blocks.swap(with.blocks);
}

}  // namespace docpipe::clean_html
