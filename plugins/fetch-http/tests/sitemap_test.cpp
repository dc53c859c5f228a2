// Sitemap, sitemap index, robots.txt, RSS, Atom and text expansion.
#include <gtest/gtest.h>
#include <zlib.h>

#include "gzip_util.hpp"
#include "sitemap.hpp"

using namespace docpipe::http;

using docpipe::http::test::gzip;

TEST(Sitemap, Urlset) {
  auto e = expand_sitemap(
      "http://h/sitemap.xml",
      "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
      "<url><loc> http://h/a.html </loc><lastmod>2024-01-01</lastmod></url>"
      "<url><loc>http://h/b.html?x=1&amp;y=2</loc></url><url><loc>mailto:x@y</loc></url>"
      "<url></url></urlset>",
      1 << 20);
  EXPECT_EQ(e.kind, "urlset");
  EXPECT_EQ(e.pages, (std::vector<std::string>{"http://h/a.html", "http://h/b.html?x=1&y=2"}));
  EXPECT_TRUE(e.sitemaps.empty());
}

TEST(Sitemap, IndexGzipped) {
  std::string xml =
      "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
      "<sitemap><loc>http://h/s1.xml</loc></sitemap><sitemap><loc>http://h/s2.xml.gz</loc></"
      "sitemap>"
      "</sitemapindex>";
  auto e = expand_sitemap("http://h/index.xml.gz", gzip(xml), 1 << 20);
  EXPECT_EQ(e.kind, "sitemapindex");
  EXPECT_EQ(e.sitemaps, (std::vector<std::string>{"http://h/s1.xml", "http://h/s2.xml.gz"}));
}

TEST(Sitemap, GzipBombIsCapped) {
  auto e = expand_sitemap("http://h/s.xml.gz", gzip(std::string(1 << 20, ' ')), 1000);
  EXPECT_NE(e.error.find("more than"), std::string::npos) << e.error;
  auto bad = expand_sitemap("http://h/s.xml.gz", std::string("\x1f\x8b\x08garbage", 10), 1000);
  EXPECT_FALSE(bad.error.empty());
}

TEST(Sitemap, RobotsSitemapLines) {
  auto e = expand_sitemap(
      "http://h/robots.txt",
      "User-agent: *\nDisallow: /x\nSitemap: http://h/a.xml\nsitemap: /relative.xml\n", 1 << 20);
  EXPECT_EQ(e.kind, "robots");
  EXPECT_EQ(e.sitemaps, (std::vector<std::string>{"http://h/a.xml", "http://h/relative.xml"}));
}

TEST(Sitemap, Rss2AndRss1) {
  auto e = expand_sitemap("http://h/feed",
                          "<rss version='2.0'><channel><title>t</title>"
                          "<item><link>http://h/p1</link></item>"
                          "<item><guid>http://h/p2</guid></item>"
                          "<item><guid isPermaLink='false'>tag:1</guid></item></channel></rss>",
                          1 << 20);
  EXPECT_EQ(e.kind, "rss");
  EXPECT_EQ(e.pages, (std::vector<std::string>{"http://h/p1", "http://h/p2"}));
  auto rdf = expand_sitemap(
      "http://h/feed",
      "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
      "xmlns='http://purl.org/rss/1.0/'><channel/><item><link>http://h/r1</link></item></rdf:RDF>",
      1 << 20);
  EXPECT_EQ(rdf.kind, "rdf");
  EXPECT_EQ(rdf.pages, (std::vector<std::string>{"http://h/r1"}));
}

TEST(Sitemap, AtomRelativeAndAlternateLinks) {
  auto e = expand_sitemap(
      "http://h/blog/atom.xml",
      "<feed xmlns='http://www.w3.org/2005/Atom'>"
      "<link rel='self' href='http://h/blog/atom.xml'/>"
      "<entry><link rel='edit' href='/edit/1'/><link rel='alternate' href='posts/1.html'/></entry>"
      "<entry><link href='http://o/2.html'/></entry></feed>",
      1 << 20);
  EXPECT_EQ(e.kind, "atom");
  EXPECT_EQ(e.pages, (std::vector<std::string>{"http://h/blog/posts/1.html", "http://o/2.html"}));
}

TEST(Sitemap, PlainTextAndGarbage) {
  auto t = expand_sitemap("http://h/s.txt", "http://h/a\n\nhttp://h/b\n", 1 << 20);
  EXPECT_EQ(t.kind, "text");
  EXPECT_EQ(t.pages.size(), 2u);
  EXPECT_FALSE(expand_sitemap("http://h/s", "<html><body>no</body></html>", 1 << 20).error.empty());
  EXPECT_FALSE(expand_sitemap("http://h/s", "just words", 1 << 20).error.empty());
  EXPECT_FALSE(expand_sitemap("http://h/s", "", 1 << 20).error.empty());
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 31) % 256);
  (void)expand_sitemap("http://h/s", junk, 1 << 20);
}

TEST(Sitemap, BrokenXmlKeepsTheEntriesBeforeTheError) {
  std::string xml =
      "<urlset><url><loc>http://h/1</loc></url><url><loc>http://h/2</loc></url><url><loc>http://h/"
      "3</lo";
  SitemapExpansion ex = expand_sitemap("http://h/sitemap.xml", xml, 1 << 20);
  EXPECT_EQ(ex.pages, (std::vector<std::string>{"http://h/1", "http://h/2"}));
  EXPECT_EQ(ex.error.rfind("XML error: ", 0), 0u) << ex.error;
  EXPECT_NE(ex.error.find("(the 2 URLs before it are kept)"), std::string::npos) << ex.error;
}
