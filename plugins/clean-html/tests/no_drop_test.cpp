// Main mode never loses a page that shows text: when no article is found
// it falls back to the page's content regions, then to every visible text,
// then to what the page hides until its scripts run; only a page with no
// text at all comes back empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/content_extractor.hpp"

namespace docpipe::clean_html {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Fallback = ContentExtractor::Fallback;

struct Result {
  std::string text;
  Fallback fallback;
};

Result extract_main(std::string_view html) {
  ContentExtractor extractor(ParseLimits{}, ExtractOptions{});
  ExtractedText x;
  EXPECT_EQ(extractor.extract(html, x), ExtractStatus::ok);
  return {x.text, extractor.fallback()};
}

const char* kNav =
    "<header><a href=/>Home</a> <a href=/shop>Shop</a></header>"
    "<nav><ul><li><a href=/a>Alpha</a></li><li><a href=/b>Beta</a></li></ul></nav>";
const char* kFooter =
    "<footer><p>Copyright 2026 Example Ltd</p><a href=/privacy>Privacy</a></footer>";

TEST(NoDrop, AnArticleIsNotAFallback) {
  std::string page =
      std::string("<body>") + kNav +
      "<article><p>This paragraph is long enough to be the article that a reader came to "
      "this page for, with more words in it than any menu has.</p></article>" +
      kFooter + "</body>";
  Result r = extract_main(page);
  EXPECT_THAT(r.text, HasSubstr("long enough to be the article"));
  EXPECT_EQ(r.fallback, Fallback::none);
}

// Short lines that are all boilerplate to the article rules: the content
// regions (body without header, nav, footer) still give the page's text.
TEST(NoDrop, PageWithoutAnArticleKeepsItsContentRegions) {
  std::string page =
      std::string("<body>") + kNav +
      "<div class=page><h2>Opening hours</h2><p>Mon-Fri 9-17</p><p>Saturdays by appointment</p>"
      "<ul><li><a href=/x>Book a table</a></li></ul></div>" +
      kFooter + "</body>";
  Result r = extract_main(page);
  EXPECT_THAT(r.text, HasSubstr("Mon-Fri 9-17"));
  EXPECT_THAT(r.text, HasSubstr("Saturdays by appointment"));
  EXPECT_THAT(r.text, Not(HasSubstr("Alpha")));
  EXPECT_THAT(r.text, Not(HasSubstr("Privacy")));
}

TEST(NoDrop, PageOfFurnitureOnlyKeepsEveryVisibleText) {
  std::string page = std::string("<body>") + kNav + kFooter + "</body>";
  Result r = extract_main(page);
  EXPECT_THAT(r.text, HasSubstr("Alpha"));
  EXPECT_THAT(r.text, HasSubstr("Copyright 2026"));
  EXPECT_EQ(r.fallback, Fallback::all_visible);
}

// A crawler view in <noscript>, and a body hidden until scripts reveal it.
TEST(NoDrop, TextShownOnlyWithoutOrAfterScriptsIsRead) {
  Result crawler = extract_main(
      "<body><section id=splash><div class=dots></div></section>"
      "<noscript><div id=main-outlet><div class=post><p>First post of the thread</p></div>"
      "<div class=post><p>A reply to it</p></div></div></noscript></body>");
  EXPECT_THAT(crawler.text, HasSubstr("First post of the thread"));
  EXPECT_THAT(crawler.text, HasSubstr("A reply to it"));
  EXPECT_EQ(crawler.fallback, Fallback::script_hidden);

  Result hidden = extract_main(
      "<body><div style=\"visibility:hidden;min-height:100vh\"><p>The whole page waits for its "
      "scripts</p></div></body>");
  EXPECT_THAT(hidden.text, HasSubstr("The whole page waits for its scripts"));
}

TEST(NoDrop, OnlyAPageWithoutTextComesBackEmpty) {
  EXPECT_EQ(
      extract_main("<html><head><title>T</title><script>x()</script></head><body> </body></html>")
          .text,
      "");
  EXPECT_EQ(extract_main("<body><img src=a.png><div class=dots></div></body>").text, "");
}

// Every page whose visible text is not empty gives main-mode text: pages
// built from the shapes that lose their article (link lists, short lines,
// furniture, comments only, tables, forms).
TEST(NoDrop, NoPageWithVisibleTextIsDropped) {
  const std::string pages[] = {
      std::string("<body>") + kNav + "</body>",
      "<body><ul><li><a href=/1>One</a></li><li><a href=/2>Two</a></li><li><a "
      "href=/3>Three</a></li></ul></body>",
      "<body><div class=comments><div class=comment><p>Nice post</p></div><div "
      "class=comment><p>Thanks"
      "</p></div></div></body>",
      "<body><aside class=sidebar><p>Only a sidebar</p></aside></body>",
      "<body><table><tr><td>Price</td><td>12 EUR</td></tr></table></body>",
      "<body><form><label>Name</label><button>Send</button></form></body>",
      "<body><div class=cookie-banner><p>We use cookies</p><a href=/ok>OK</a></div></body>",
      "<body><h1>Only a title heading</h1></body>",
      "<body><p>Share</p><p>Print</p><p>© 2026 Example</p></body>",
      "<body><div hidden><p>Hidden until clicked</p></div></body>",
  };
  for (const std::string& page : pages) {
    EXPECT_FALSE(extract_main(page).text.empty()) << page;
  }
}

}  // namespace
}  // namespace docpipe::clean_html
