#include "metadata/url.hpp"

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

Parts parse(std::string_view u) {
  Parts p;
  size_t colon = u.find(':');
  size_t stop = u.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && (stop == std::string_view::npos || colon < stop)) {
    bool ok = true;
    for (size_t i = 0; i < colon; ++i) {
      char c = u[i];
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      ok = ok && (alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')));
    }
    if (ok) {
      p.scheme = u.substr(0, colon);
      p.has_scheme = true;
      u.remove_prefix(colon + 1);
    }
  }
  if (size_t h = u.find('#'); h != std::string_view::npos) {
    p.fragment = u.substr(h + 1);
    p.has_fragment = true;
    u = u.substr(0, h);
  }
  if (size_t q = u.find('?'); q != std::string_view::npos) {
    p.query = u.substr(q + 1);
    p.has_query = true;
    u = u.substr(0, q);
  }
  if (u.starts_with("//")) {
    u.remove_prefix(2);
    size_t slash = u.find('/');
    p.authority = u.substr(0, slash);
    p.has_authority = true;
    u = slash == std::string_view::npos ? std::string_view() : u.substr(slash);
  }
  p.path = u;
  return p;
}

// RFC 3986 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) in.remove_prefix(3);
    else if (in.starts_with("./")) in.remove_prefix(2);
    else if (in.starts_with("/./")) in.remove_prefix(2);
    else if (in == "/.") in = "/";
    else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

bool is_http(std::string_view scheme) {
  return meta_text::iequals(scheme, "http") || meta_text::iequals(scheme, "https");
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view reference) {
  reference = meta_text::trim(reference);
  Parts b = parse(meta_text::trim(base));
  Parts r = parse(reference);
  std::string scheme, authority, path;
  std::string_view query;
  bool has_query = false;
  if (r.has_scheme) {
    if (!is_http(r.scheme)) return {};
    scheme = meta_text::to_lower(r.scheme);
    authority = r.authority;
    path = remove_dot_segments(r.path);
    query = r.query, has_query = r.has_query;
    if (!r.has_authority) return {};
  } else {
    if (!b.has_scheme || !is_http(b.scheme) || !b.has_authority) return {};
    scheme = meta_text::to_lower(b.scheme);
    if (r.has_authority) {
      authority = r.authority;
      path = remove_dot_segments(r.path);
      query = r.query, has_query = r.has_query;
    } else {
      authority = b.authority;
      if (r.path.empty()) {
        path = b.path;
        query = r.has_query ? r.query : b.query;
        has_query = r.has_query || b.has_query;
      } else {
        if (r.path.starts_with('/')) {
          path = remove_dot_segments(r.path);
        } else {
          std::string merged;
          if (b.path.empty()) merged = "/";
          else merged = std::string(b.path.substr(0, b.path.rfind('/') + 1));
          merged += r.path;
          path = remove_dot_segments(merged);
        }
        query = r.query, has_query = r.has_query;
      }
    }
  }
  if (authority.empty()) return {};
  std::string out = scheme + "://" + authority;
  out += path.empty() ? "/" : path;
  if (has_query) out += "?" + std::string(query);
  if (r.has_fragment) out += "#" + std::string(r.fragment);
  return out;
}

std::string url_host(std::string_view url) {
  Parts p = parse(meta_text::trim(url));
  if (!p.has_authority) return {};
  std::string_view a = p.authority;
  if (size_t at = a.rfind('@'); at != std::string_view::npos) a.remove_prefix(at + 1);
  if (!a.starts_with('[')) a = a.substr(0, a.find(':'));
  return meta_text::to_lower(a);
}

}  // namespace docpipe::clean_html
