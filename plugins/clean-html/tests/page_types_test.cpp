// Page types and their profiles on small pages of our own: a forum thread,
// a card listing, a documentation page, a service page of sections; each
// asserts the text kept and the furniture removed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/content_extractor.hpp"

namespace docpipe::clean_html {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Page {
  std::string text;
  PageTypeGuess type;
};

Page extract(std::string_view html, ExtractOptions options = {}) {
  ContentExtractor extractor(ParseLimits{}, options);
  ExtractedText x;
  EXPECT_EQ(extractor.extract(html, x), ExtractStatus::ok);
  return {x.text, extractor.page_type()};
}

const std::string kHeader =
    "<header class=site-header><a href=/>Example</a><nav><ul><li><a href=/a>Products</a></li>"
    "<li><a href=/b>Pricing</a></li><li><a href=/c>About us</a></li></ul></nav></header>";
const std::string kFooter =
    "<footer><p>Copyright 2026 Example Ltd. All rights reserved.</p><ul><li><a "
    "href=/p>Privacy</a></li>"
    "<li><a href=/t>Terms of use</a></li></ul></footer>";

std::string post(int i, const char* cls) {
  std::string n = std::to_string(i);
  return std::string("<div class=\"") + cls + "\"><div class=author><a href=/u" + n + ">member" +
         n + "</a></div><div class=body><p>Post number " + n +
         " of the thread: I tried the setting that was suggested above and the telescope now holds "
         "its "
         "focus through the whole night, which it never did before.</p></div></div>";
}

TEST(PageTypes, ForumThreadKeepsAllFivePostsEvenWhenRepliesAreClassedAsComments) {
  std::string page =
      "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
      "\"@type\":\"DiscussionForumPosting\",\"headline\":\"Focus drifts at night\"}</script>"
      "</head><body>" +
      kHeader + "<main><h1>Focus drifts at night</h1>" + post(1, "topic-post") +
      "<div class=comments>";
  for (int i = 2; i <= 5; ++i) page += post(i, "comment");
  page += "</div></main>" + kFooter + "</body></html>";
  Page p = extract(page);
  EXPECT_EQ(p.type.type, PageType::forum);
  for (int i = 1; i <= 5; ++i)
    EXPECT_THAT(p.text, HasSubstr("Post number " + std::to_string(i))) << i;
  EXPECT_THAT(p.text, Not(HasSubstr("Pricing")));
  EXPECT_THAT(p.text, Not(HasSubstr("All rights reserved")));

  // The article profile, forced, prunes the replies: the profile is what keeps them.
  ExtractOptions article;
  article.force_page_type = true;
  article.page_type = PageType::article;
  Page a = extract(page, article);
  EXPECT_THAT(a.text, HasSubstr("Post number 1"));
  EXPECT_THAT(a.text, Not(HasSubstr("Post number 5")));
}

TEST(PageTypes, ForumThreadWithoutSchemaKeepsItsPosts) {
  std::string page = "<body>" + kHeader + "<main>";
  for (int i = 1; i <= 5; ++i)
    page += "<article class=message>" + post(i, "message-inner") + "</article>";
  page += "</main>" + kFooter + "</body>";
  Page p = extract(page);
  EXPECT_NE(p.type.type, PageType::article);
  for (int i = 1; i <= 5; ++i)
    EXPECT_THAT(p.text, HasSubstr("Post number " + std::to_string(i))) << i;
  EXPECT_THAT(p.text, Not(HasSubstr("Terms of use")));
}

TEST(PageTypes, CardListingKeepsEveryCard) {
  std::string page = "<body>" + kHeader + "<main><h1>Hiking boots</h1><div class=grid>";
  for (int i = 1; i <= 8; ++i) {
    std::string n = std::to_string(i);
    page += "<div class=card><h3><a href=/p" + n + ">Trail boot model " + n +
            "</a></h3><p>Waterproof, " + n + "00 g</p><span class=price>" + n +
            "9 EUR</span></div>";
  }
  page += "</div></main>" + kFooter + "</body>";
  Page p = extract(page);
  EXPECT_THAT(p.type.type, ::testing::AnyOf(PageType::listing, PageType::collection));
  EXPECT_GT(p.type.confidence, 0.5f);
  for (int i = 1; i <= 8; ++i)
    EXPECT_THAT(p.text, HasSubstr("Trail boot model " + std::to_string(i))) << i;
  EXPECT_THAT(p.text, Not(HasSubstr("About us")));
  EXPECT_THAT(p.text, Not(HasSubstr("Privacy")));
}

TEST(PageTypes, DocumentationKeepsCodeBetweenSidebarAndToc) {
  std::string page =
      "<body>" + kHeader +
      "<div class=layout><nav class=sidebar><ul><li><a href=/d/1>Install</a></li>"
      "<li><a href=/d/2>Configure</a></li><li><a href=/d/3>Reference</a></li></ul></nav>"
      "<main><h1>Configure the client</h1><p>The client reads its settings from a file in the "
      "home directory; every key can also be given on the command line.</p>"
      "<pre><code>client --config ~/.client.toml</code></pre>"
      "<p>Keys set on the command line override the file, and the environment overrides "
      "both, so that containers can be configured without a file at all.</p>"
      "<pre><code>[server]\nhost = \"example.org\"\nport = 8443</code></pre>"
      "<h2>Timeouts</h2><p>Timeouts are given in seconds and apply to each request, not to a "
      "whole transfer, which may take as long as it needs.</p>"
      "<pre><code>client --timeout 30 fetch /data</code></pre></main>"
      "<aside class=toc><ul><li><a href=#a>On this page</a></li><li><a href=#t>Timeouts</a>"
      "</li></ul></aside></div>" +
      kFooter + "</body>";
  Page p = extract(page);
  EXPECT_EQ(p.type.type, PageType::documentation);
  EXPECT_THAT(p.text, HasSubstr("client --config ~/.client.toml"));
  EXPECT_THAT(p.text, HasSubstr("port = 8443"));
  EXPECT_THAT(p.text, HasSubstr("Timeouts are given in seconds"));
  EXPECT_THAT(p.text, Not(HasSubstr("Install")));
  EXPECT_THAT(p.text, Not(HasSubstr("On this page")));
}

TEST(PageTypes, ServicePageKeepsAllFiveSections) {
  const char* sections[] = {"Boiler repair", "Annual service", "Heat pumps", "Emergency call-out",
                            "Landlord certificates"};
  std::string page = "<body>" + kHeader + "<main>";
  for (const char* s : sections) {
    page += std::string("<section><h2>") + s + "</h2><p>" + s +
            ": our engineers cover the whole county, quote before starting, and guarantee the work "
            "for two years.</p></section>";
  }
  page += "</main>" + kFooter + "</body>";
  Page p = extract(page);
  EXPECT_EQ(p.type.type, PageType::service);
  for (const char* s : sections)
    EXPECT_THAT(p.text, HasSubstr(std::string(s) + ": our engineers")) << s;
  EXPECT_THAT(p.text, Not(HasSubstr("Pricing")));
  EXPECT_THAT(p.text, Not(HasSubstr("Copyright")));
}

TEST(PageTypes, AnArticleStaysAnArticle) {
  std::string page = "<html><head><meta property=og:type content=article></head><body>" + kHeader +
                     "<article><h1>Rivers rise</h1>";
  for (int i = 0; i < 5; ++i) {
    page +=
        "<p>The river rose a metre overnight after three days of rain upstream, and the town "
        "closed the "
        "lower bridge while engineers checked its piers for damage.</p>";
  }
  page +=
      "</article><aside class=related><h3>Related</h3><div class=card><a href=/r1>Floods last "
      "year</a></div>"
      "<div class=card><a href=/r2>New weir opens</a></div></aside>" +
      kFooter + "</body></html>";
  Page p = extract(page);
  EXPECT_EQ(p.type.type, PageType::article);
  EXPECT_THAT(p.text, HasSubstr("lower bridge"));
  EXPECT_THAT(p.text, Not(HasSubstr("Floods last year")));
}

}  // namespace
}  // namespace docpipe::clean_html
