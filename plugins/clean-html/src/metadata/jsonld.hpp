// schema.org JSON-LD (<script type="application/ld+json">): the fields of the
// page's article, read tolerantly (@graph, arrays, @id references, junk
// around the JSON). A block that does not parse is ignored; nothing throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::clean_html {

//! What JSON-LD blocks say about the page; fields stay empty when not given.
struct JsonLdInfo {
  std::string headline;
  std::vector<std::string> authors;
  std::string date_published;  //!< as written (not normalised)
  std::string date_created;
  std::string date_modified;
  std::string publisher;  //!< publisher.name
  std::string site_name;  //!< a WebSite's name
  std::vector<std::string> sections;
  std::vector<std::string> keywords;
  std::string description;
  std::string in_language;
};

//! Accumulates the JSON-LD blocks of one page. Reuse across pages: clear().
class JsonLdReader {
 public:
  //! Largest block read; bigger ones are skipped (catalogue pages embed megabytes).
  static constexpr size_t kMaxBlockBytes = 256 * 1024;

  //! Reads one block's text; returns false when it was skipped or broken.
  bool add(std::string_view script_text);
  //! What the blocks read so far say.
  const JsonLdInfo& info() const noexcept { return info_; }
  //! Forgets the page.
  void clear();

 private:
  JsonLdInfo info_;
  int article_rank_ = 0;  // how article-like the object that filled info_ was
  std::string buffer_;
};

}  // namespace docpipe::clean_html
