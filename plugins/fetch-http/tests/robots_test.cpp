// robots.txt parsing and matching (RFC 9309).
#include <gtest/gtest.h>

#include "robots.hpp"

using namespace docpipe::http;

TEST(Robots, ProductToken) {
  EXPECT_EQ(product_token("docpipe/0.1 (+https://x)"), "docpipe");
  EXPECT_EQ(product_token("Googlebot-News"), "googlebot-news");
  EXPECT_EQ(product_token("*"), "");
}

TEST(Robots, PatternMatching) {
  EXPECT_TRUE(robots_pattern_matches("/", "/anything"));
  EXPECT_TRUE(robots_pattern_matches("/fish", "/fish.html"));
  EXPECT_FALSE(robots_pattern_matches("/fish", "/Fish.asp"));
  EXPECT_TRUE(robots_pattern_matches("/*.php", "/folder/filename.php?params"));
  EXPECT_TRUE(robots_pattern_matches("/*.php$", "/filename.php"));
  EXPECT_FALSE(robots_pattern_matches("/*.php$", "/filename.php?p"));
  EXPECT_FALSE(robots_pattern_matches("/*.php$", "/filename.php5"));
  EXPECT_TRUE(robots_pattern_matches("/fish*.php", "/fishheads/catfish.php?p"));
  EXPECT_TRUE(robots_pattern_matches("*", ""));
  EXPECT_TRUE(robots_pattern_matches("/a$", "/a"));
  EXPECT_FALSE(robots_pattern_matches("/a$", "/ab"));
  // A pathological pattern finishes quickly (no exponential backtracking).
  std::string pat(2000, '*');
  pat += "b";
  EXPECT_FALSE(robots_pattern_matches(pat, std::string(5000, 'a')));
}

TEST(Robots, LongestMatchWinsAndAllowWinsTies) {
  auto r = RobotsRules::parse("User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\n"
                              "Allow: /x\nDisallow: /x\n", "docpipe/0.1");
  EXPECT_FALSE(r.allowed("/a"));
  EXPECT_TRUE(r.allowed("/a/b"));
  EXPECT_FALSE(r.allowed("/a/b/c/d"));
  EXPECT_TRUE(r.allowed("/x"));
  EXPECT_TRUE(r.allowed("/other"));
  EXPECT_TRUE(r.allowed("/robots.txt"));
}

TEST(Robots, PicksTheMostSpecificGroupAndMergesEqualOnes) {
  std::string text =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: doc\nDisallow: /doc-only\n\n"
      "user-agent: DocPipe\nDisallow: /private/\nCrawl-delay: 2.5\n\n"
      "User-agent: otherbot\nUser-agent: docpipe\nDisallow: /shared\n";
  auto mine = RobotsRules::parse(text, "docpipe/0.1 (test)");
  EXPECT_TRUE(mine.allowed("/page"));  // the '*' group does not apply: a named one matched
  EXPECT_TRUE(mine.allowed("/doc-only"));
  EXPECT_FALSE(mine.allowed("/private/x"));
  EXPECT_FALSE(mine.allowed("/shared"));
  ASSERT_TRUE(mine.crawl_delay());
  EXPECT_DOUBLE_EQ(*mine.crawl_delay(), 2.5);
  auto other = RobotsRules::parse(text, "somebot/1.0");
  EXPECT_FALSE(other.allowed("/page"));
  EXPECT_FALSE(other.crawl_delay());
}

TEST(Robots, CommentsEmptyDisallowSitemapsAndJunk) {
  std::string text =
      "# hello\n\xEF\xBB\xBFgarbage line without colon\nUser-agent: * # all\nDisallow:\n"
      "Disallow: /tmp/ # temp\nSitemap: http://h/sitemap.xml\nCrawl-delay: soon\n"
      "Sitemap: http://h/s2.xml.gz\n";
  auto r = RobotsRules::parse(text, "docpipe");
  EXPECT_TRUE(r.allowed("/"));
  EXPECT_FALSE(r.allowed("/tmp/file"));
  EXPECT_FALSE(r.crawl_delay());
  EXPECT_EQ(r.sitemaps(), (std::vector<std::string>{"http://h/sitemap.xml", "http://h/s2.xml.gz"}));
}

TEST(Robots, PercentEscapesCompareCaseInsensitively) {
  auto r = RobotsRules::parse("User-agent: *\nDisallow: /a%3cb\n", "docpipe");
  EXPECT_FALSE(r.allowed("/a%3Cb"));
  EXPECT_FALSE(r.allowed("/a%3cb"));
}

TEST(Robots, NoMatchingGroupAllowsAll) {
  auto r = RobotsRules::parse("User-agent: otherbot\nDisallow: /\n", "docpipe");
  EXPECT_TRUE(r.allowed("/anything"));
}

TEST(Robots, BlanketRules) {
  EXPECT_TRUE(RobotsRules::allow_all().allowed("/x"));
  auto d = RobotsRules::disallow_all("robots.txt unreachable: HTTP 503");
  EXPECT_FALSE(d.allowed("/x"));
  EXPECT_TRUE(d.allowed("/robots.txt"));
  EXPECT_EQ(d.blanket_reason(), "robots.txt unreachable: HTTP 503");
}

TEST(Robots, BinaryJunkNeverCrashes) {
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 7919) % 256);
  auto r = RobotsRules::parse(junk, "docpipe");
  (void)r.allowed("/x");
  SUCCEED();
}
