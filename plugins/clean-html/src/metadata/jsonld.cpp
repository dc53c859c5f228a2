#include "metadata/jsonld.hpp"

#include <boost/json.hpp>

#include <unordered_map>

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

namespace json = boost::json;

// A page's JSON-LD rarely holds more than a few dozen objects; a product
// catalogue can hold thousands, which are not worth walking.
constexpr size_t kMaxObjects = 2000;
constexpr size_t kMaxListItems = 32;

// How article-like an object is, from its @type.
int rank_of(const json::object& o) {
  auto rank_type = [](std::string_view t) {
    if (t.find("Article") != std::string_view::npos || t.find("Posting") != std::string_view::npos ||
        t == "Report" || t == "Review")
      return 3;
    if (t == "WebPage" || t == "ItemPage" || t == "AboutPage" || t == "QAPage") return 1;
    return 0;
  };
  auto it = o.find("@type");
  if (it == o.end()) return 0;
  if (it->value().is_string()) return rank_type(it->value().get_string());
  int best = 0;
  if (it->value().is_array()) {
    for (const json::value& t : it->value().get_array()) {
      if (t.is_string()) best = std::max(best, rank_type(t.get_string()));
    }
  }
  return best;
}

bool has_type(const json::object& o, std::string_view type) {
  auto it = o.find("@type");
  if (it == o.end()) return false;
  if (it->value().is_string()) return it->value().get_string() == type;
  if (it->value().is_array()) {
    for (const json::value& t : it->value().get_array()) {
      if (t.is_string() && t.get_string() == type) return true;
    }
  }
  return false;
}

std::string_view string_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return it->value().get_string();
}

std::string clean(std::string_view s) { return meta_text::collapse_spaces(s); }

using IdMap = std::unordered_map<std::string_view, const json::object*>;

// The name of a person or organisation given as a string, an object, or an
// {"@id": …} reference to an object elsewhere in the @graph.
std::string name_of(const json::value& v, const IdMap& ids) {
  if (v.is_string()) return clean(v.get_string());
  if (!v.is_object()) return {};
  const json::object* o = &v.get_object();
  std::string_view name = string_at(*o, "name");
  if (name.empty()) {
    auto id = string_at(*o, "@id");
    if (auto it = ids.find(id); !id.empty() && it != ids.end()) name = string_at(*it->second, "name");
  }
  return clean(name);
}

void add_unique(std::vector<std::string>& list, std::string item) {
  if (item.empty() || list.size() >= kMaxListItems) return;
  for (const std::string& have : list) {
    if (have == item) return;
  }
  list.push_back(std::move(item));
}

// A string (comma-separated when split_commas) or an array of strings.
void strings_of(const json::value& v, bool split_commas, std::vector<std::string>& out) {
  if (v.is_array()) {
    for (const json::value& e : v.get_array()) {
      if (e.is_string()) add_unique(out, clean(e.get_string()));
    }
    return;
  }
  if (!v.is_string()) return;
  std::string_view s = v.get_string();
  if (!split_commas) {
    add_unique(out, clean(s));
    return;
  }
  while (!s.empty()) {
    size_t comma = s.find(',');
    add_unique(out, clean(s.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
}

// Every object in the document, depth first, bounded.
void collect_objects(const json::value& root, std::vector<const json::object*>& out) {
  std::vector<const json::value*> stack{&root};
  while (!stack.empty() && out.size() < kMaxObjects) {
    const json::value* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      const json::array& a = v->get_array();
      for (size_t i = a.size(); i-- > 0;) stack.push_back(&a[i]);
    } else if (v->is_object()) {
      const json::object& o = v->get_object();
      out.push_back(&o);
      for (const auto& kv : o) {
        if (kv.value().is_structured()) stack.push_back(&kv.value());
      }
    }
  }
}

// Blocks come wrapped in comments or CDATA, with raw newlines inside strings
// (invalid JSON that browsers' JSON-LD consumers accept); smooth that over.
void sanitize(std::string_view in, std::string& out) {
  out.assign(in);
  for (std::string_view junk : {"<!--", "-->", "<![CDATA[", "]]>"}) {
    for (size_t p = out.find(junk); p != std::string::npos; p = out.find(junk, p)) {
      out.replace(p, junk.size(), junk.size(), ' ');
    }
  }
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
}

}  // namespace

void JsonLdReader::clear() {
  info_ = JsonLdInfo{};
  article_rank_ = 0;
}

bool JsonLdReader::add(std::string_view script_text) {
  if (script_text.size() > kMaxBlockBytes) return false;
  try {
    sanitize(script_text, buffer_);
    json::monotonic_resource mr;
    json::parse_options opt;
    opt.allow_comments = true;
    opt.allow_trailing_commas = true;
    opt.allow_invalid_utf8 = true;
    opt.max_depth = 64;
    boost::system::error_code ec;
    json::value root = json::parse(buffer_, ec, &mr, opt);
    if (ec) return false;

    std::vector<const json::object*> objects;
    collect_objects(root, objects);
    IdMap ids;
    for (const json::object* o : objects) {
      auto id = string_at(*o, "@id");
      if (!id.empty() && o->size() > 1) ids.emplace(id, o);
    }

    const json::object* best = nullptr;
    int best_rank = 0;
    for (const json::object* o : objects) {
      if (has_type(*o, "WebSite") && info_.site_name.empty()) {
        info_.site_name = clean(string_at(*o, "name"));
      }
      int r = rank_of(*o);
      if (r > best_rank) best = o, best_rank = r;
    }
    if (best == nullptr || best_rank <= article_rank_) return true;

    // A more article-like object than any before: it describes the page.
    std::string site_name = std::move(info_.site_name);
    info_ = JsonLdInfo{};
    info_.site_name = std::move(site_name);
    article_rank_ = best_rank;
    const json::object& a = *best;
    info_.headline = clean(string_at(a, "headline"));
    if (info_.headline.empty()) info_.headline = clean(string_at(a, "name"));
    if (auto it = a.find("author"); it != a.end()) {
      if (it->value().is_array()) {
        for (const json::value& e : it->value().get_array()) add_unique(info_.authors, name_of(e, ids));
      } else {
        add_unique(info_.authors, name_of(it->value(), ids));
      }
    }
    info_.date_published = clean(string_at(a, "datePublished"));
    info_.date_created = clean(string_at(a, "dateCreated"));
    info_.date_modified = clean(string_at(a, "dateModified"));
    if (auto it = a.find("publisher"); it != a.end()) {
      const json::value& p = it->value().is_array() && !it->value().get_array().empty()
                                 ? it->value().get_array()[0]
                                 : it->value();
      info_.publisher = name_of(p, ids);
    }
    if (auto it = a.find("articleSection"); it != a.end()) strings_of(it->value(), false, info_.sections);
    if (auto it = a.find("keywords"); it != a.end()) strings_of(it->value(), true, info_.keywords);
    info_.description = clean(string_at(a, "description"));
    info_.in_language = clean(string_at(a, "inLanguage"));
    return true;
  } catch (...) {
    // Allocation failure or a Boost.JSON surprise: the block is ignored.
    return false;
  }
}

}  // namespace docpipe::clean_html
