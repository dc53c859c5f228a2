#include "sitemap.hpp"

#include <zlib.h>
#include <pugixml.hpp>

#include <cstring>

#include "messages.hpp"
#include "robots.hpp"
#include "url_utils.hpp"

namespace docpipe::http {
namespace {

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Element names are compared without their namespace prefix: feeds use
// "atom:link", "rdf:RDF" and default namespaces interchangeably.
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

void add_url(std::vector<std::string>& out, std::string_view base, std::string_view raw) {
  raw = trim(raw);
  if (raw.empty()) return;
  auto resolved = resolve_url(base, raw);
  if (!resolved) return;
  if (!parse_url(*resolved)) return;  // mailto:, javascript:, ftp: and garbage are not pages
  out.push_back(std::move(*resolved));
}

void expand_urlset(const pugi::xml_node& root, std::string_view base, SitemapExpansion& out,
                   std::string_view entry, bool into_pages) {
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element || local_name(n) != entry) continue;
    pugi::xml_node loc = child(n, "loc");
    if (loc) add_url(into_pages ? out.pages : out.sitemaps, base, loc.child_value());
  }
}

void expand_rss(const pugi::xml_node& channel_parent, std::string_view base,
                SitemapExpansion& out) {
  // RSS 2.0 nests items in <channel>; RSS 1.0 (RDF) puts them beside it.
  auto take_items = [&](const pugi::xml_node& parent) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element || local_name(n) != "item") continue;
      pugi::xml_node link = child(n, "link");
      if (link && !trim(link.child_value()).empty()) {
        add_url(out.pages, base, link.child_value());
      } else if (pugi::xml_node guid = child(n, "guid");
                 guid && std::string_view(guid.attribute("isPermaLink").value()) != "false") {
        add_url(out.pages, base, guid.child_value());
      }
    }
  };
  take_items(channel_parent);
  if (pugi::xml_node channel = child(channel_parent, "channel")) take_items(channel);
}

void expand_atom(const pugi::xml_node& feed, std::string_view base, SitemapExpansion& out) {
  std::string feed_base(base);
  if (const char* xb = feed.attribute("xml:base").value(); *xb != '\0') {
    if (auto r = resolve_url(base, xb)) feed_base = *r;
  }
  for (pugi::xml_node e = feed.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element || local_name(e) != "entry") continue;
    // The entry's page is its rel="alternate" link; a link without rel means alternate.
    for (pugi::xml_node l = e.first_child(); l; l = l.next_sibling()) {
      if (l.type() != pugi::node_element || local_name(l) != "link") continue;
      std::string_view rel = l.attribute("rel").value();
      if (!rel.empty() && rel != "alternate") continue;
      add_url(out.pages, feed_base, l.attribute("href").value());
      break;
    }
  }
}

// End tags of the element `name` (any namespace prefix) in text.
size_t count_end_tags(std::string_view text, std::string_view name) {
  size_t n = 0;
  for (size_t at = text.find("</"); at != std::string_view::npos; at = text.find("</", at + 2)) {
    size_t close = text.find('>', at);
    if (close == std::string_view::npos) break;
    std::string_view tag = trim(text.substr(at + 2, close - at - 2));
    size_t colon = tag.find(':');
    if ((colon == std::string_view::npos ? tag : tag.substr(colon + 1)) == name) ++n;
  }
  return n;
}

}  // namespace

bool gunzip_capped(std::string_view in, size_t max_bytes, std::string& out, std::string& why) {
  out.clear();
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) {
    why = "cannot initialise zlib";
    return false;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size() > 0xFFFFFFFFu ? 0xFFFFFFFFu : in.size());
  char buf[65536];
  int rc = Z_OK;
  bool ok = true;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    size_t produced = sizeof buf - z.avail_out;
    if (out.size() + produced > max_bytes) {
      why = "gzip sitemap inflates to more than " + format_size(max_bytes);
      ok = false;
      break;
    }
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      // Concatenated members read as one stream, like zcat.
      if (z.avail_in == 0) break;
      inflateReset(&z);
      continue;
    }
    if (rc != Z_OK) {
      why = std::string("corrupt gzip data: ") + (z.msg != nullptr ? z.msg : "truncated");
      ok = false;
      break;
    }
    if (z.avail_in == 0 && produced == 0) {
      why = "corrupt gzip data: truncated";
      ok = false;
      break;
    }
  }
  inflateEnd(&z);
  return ok;
}

SitemapExpansion expand_sitemap(std::string_view base_url, std::string_view body,
                                size_t max_bytes) {
  SitemapExpansion out;
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
      static_cast<unsigned char>(body[1]) == 0x8b) {
    std::string why;
    if (!gunzip_capped(body, max_bytes, inflated, why)) {
      out.error = why;
      return out;
    }
    body = inflated;
  }

  auto base = parse_url(base_url);
  if (base && is_robots_txt_url(*base)) {
    out.kind = "robots";
    RobotsRules rules = RobotsRules::parse(body, "");
    for (const auto& s : rules.sitemaps()) add_url(out.sitemaps, base_url, s);
    return out;
  }

  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
  pugi::xml_node root = doc.document_element();
  // A document cut short or broken midway still has the entries before the error (pugixml
  // keeps what it parsed): they are taken, and the error is reported as well.
  if (root) {
    std::string_view name = local_name(root);
    if (name == "urlset") {
      out.kind = "urlset";
      expand_urlset(root, base_url, out, "url", true);
    } else if (name == "sitemapindex") {
      out.kind = "sitemapindex";
      expand_urlset(root, base_url, out, "sitemap", false);
    } else if (name == "rss") {
      out.kind = "rss";
      expand_rss(root, base_url, out);
    } else if (name == "RDF") {
      out.kind = "rdf";
      expand_rss(root, base_url, out);
    } else if (name == "feed") {
      out.kind = "atom";
      expand_atom(root, base_url, out);
    } else if (parsed) {
      out.error = "not a sitemap or feed (root element <" + std::string(root.name()) + ">)";
      return out;
    }
    if (!out.kind.empty()) {
      if (!parsed) {
        // Only entries closed before the error count: the last one may be cut mid-URL.
        std::string_view entry = out.kind == "urlset"         ? "url"
                                 : out.kind == "sitemapindex" ? "sitemap"
                                 : out.kind == "atom"         ? "entry"
                                                              : "item";
        size_t closed = count_end_tags(body.substr(0, static_cast<size_t>(parsed.offset)), entry);
        auto& taken = out.kind == "sitemapindex" ? out.sitemaps : out.pages;
        if (taken.size() > closed) taken.resize(closed);
        out.error = std::string("XML error: ") + parsed.description() + " at byte " +
                    std::to_string(parsed.offset) + " (the " +
                    std::to_string(out.pages.size() + out.sitemaps.size()) +
                    " URLs before it are kept)";
      }
      return out;
    }
  }

  // The sitemaps protocol also allows plain text: one absolute URL a line.
  size_t pos = 0;
  bool all_urls = true;
  std::vector<std::string> lines;
  while (pos < body.size() && all_urls) {
    size_t nl = body.find('\n', pos);
    std::string_view line =
        trim(body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    if (line.empty()) continue;
    if (!parse_url(line))
      all_urls = false;
    else
      lines.emplace_back(line);
  }
  if (all_urls && !lines.empty()) {
    out.kind = "text";
    out.pages = std::move(lines);
    return out;
  }
  out.error = parsed
                  ? "not a sitemap or feed (empty document)"
                  : std::string("not a sitemap or feed (XML error: ") + parsed.description() + ")";
  return out;
}

}  // namespace docpipe::http
