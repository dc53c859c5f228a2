#include "extract/page_type.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace docpipe::clean_html {
namespace {

constexpr std::array<std::pair<PageType, std::string_view>, 8> kNames = {{
    {PageType::other, "other"},
    {PageType::article, "article"},
    {PageType::forum, "forum"},
    {PageType::product, "product"},
    {PageType::collection, "collection"},
    {PageType::listing, "listing"},
    {PageType::documentation, "documentation"},
    {PageType::service, "service"},
}};

}  // namespace

std::string_view page_type_name(PageType type) {
  for (const auto& [t, name] : kNames)
    if (t == type) return name;
  return "other";
}

std::optional<PageType> page_type_from_name(std::string_view name) {
  for (const auto& [t, n] : kNames)
    if (n == name) return t;
  return std::nullopt;
}

Profile profile_for(PageType type, const ExtractOptions& given) {
  Profile p{given, false, false};
  switch (type) {
    case PageType::forum:
    case PageType::product:
      // Posts (which sites class as comments), a product's description,
      // specifications and reviews: the content regions, comments kept.
      p.regions = true;
      break;
    case PageType::collection:
    case PageType::listing:
    case PageType::service:
    case PageType::documentation:
      // Cards whose title is a link, sections, reference pages between a
      // sidebar and a table of contents: the content regions, links kept.
      p.regions = true;
      p.keep_links = true;
      break;
    case PageType::other:
    case PageType::article:
      break;
  }
  return p;
}

}  // namespace docpipe::clean_html
