// The headline of a page, without the site name that <title> (and often
// og:title) adds around it: "Headline - Site", "Site | Headline",
// "Headline_新浪新闻".
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! What else the page says, to tell the headline from the site name.
struct TitleHints {
  std::string_view site_name;  //!< og:site_name, JSON-LD publisher, application-name
  std::string_view host;       //!< the page's host name ("www.bbc.co.uk")
  std::string_view h1;         //!< the first <h1>
  std::string_view other;      //!< another title candidate (og:title when cleaning <title>)
};

//! The title with the site-name segment removed (whitespace collapsed).
std::string clean_title(std::string_view title, const TitleHints& hints);

//! The distinctive label of a host: "www.bbc.co.uk" -> "bbc", "news.sina.com.cn" -> "sina".
std::string_view host_label(std::string_view host);

}  // namespace docpipe::clean_html
