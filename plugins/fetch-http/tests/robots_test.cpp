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
  auto r = RobotsRules::parse(
      "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\n"
      "Allow: /x\nDisallow: /x\n",
      "docpipe/0.1");
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

TEST(Robots, ByteOrderMarkAndEveryLineEnd) {
  for (const char* eol : {"\n", "\r", "\r\n"}) {
    std::string text = std::string("\xEF\xBB\xBF") + "User-agent: *" + eol + "Disallow: /a/" + eol +
                       "Allow: /a/b" + eol + eol + "User-agent: docpipe" + eol +
                       "Disallow: /mine/" + eol;
    auto all = RobotsRules::parse(text, "otherbot");
    EXPECT_FALSE(all.allowed("/a/x")) << "line end " << static_cast<int>(eol[0]);
    EXPECT_TRUE(all.allowed("/a/b"));
    auto mine = RobotsRules::parse(text, "docpipe/1.0");
    EXPECT_FALSE(mine.allowed("/mine/x"));
    EXPECT_TRUE(mine.allowed("/a/x"));
  }
}

TEST(Robots, OnlyTheFirst512KiBCount) {
  std::string text = "User-agent: *\nDisallow: /early/\n";
  while (text.size() < RobotsRules::max_bytes) text += "# filler filler filler filler filler\n";
  text += "Disallow: /late/\n";
  auto r = RobotsRules::parse(text, "docpipe");
  EXPECT_FALSE(r.allowed("/early/x"));
  EXPECT_TRUE(r.allowed("/late/x"));
}

// RFC 9309 2.2.2's table: the path to match once percent-encoding is normalised.
TEST(Robots, Rfc9309PercentEncodingTable) {
  struct Row {
    const char* rule;
    const char* url_path;
  } rows[] = {
      {"/foo/bar?baz=quz", "/foo/bar?baz=quz"},
      {"/foo/bar?baz=https%3A%2F%2Ffoo.bar", "/foo/bar?baz=https%3A%2F%2Ffoo.bar"},
      {"/foo/bar/\xE3\x83\x84", "/foo/bar/%E3%83%84"},
      {"/foo/bar/%E3%83%84", "/foo/bar/\xE3\x83\x84"},
      {"/foo/bar/%62%61%7A", "/foo/bar/baz"},
      {"/foo/bar/baz", "/foo/bar/%62%61%7a"},
  };
  for (const Row& row : rows) {
    auto r =
        RobotsRules::parse(std::string("User-agent: *\nDisallow: ") + row.rule + "\n", "docpipe");
    EXPECT_FALSE(r.allowed(row.url_path)) << row.rule << " vs " << row.url_path;
    EXPECT_EQ(normalize_robots_path(row.rule, true), normalize_robots_path(row.url_path, false));
  }
  // What the issue found fetched: the unreserved escape, '~' escaped in the rule, UTF-8 both ways.
  auto r = RobotsRules::parse(
      "User-agent: *\nDisallow: /private/\nDisallow: /%7Euser/\nDisallow: /caf%C3%A9/\n",
      "docpipe");
  EXPECT_FALSE(r.allowed("/%70rivate/x"));
  EXPECT_FALSE(r.allowed("/~user/x"));
  EXPECT_FALSE(r.allowed("/caf\xC3\xA9/x"));
  EXPECT_FALSE(r.allowed("/caf%c3%a9/x"));
  EXPECT_TRUE(r.allowed("/cafe/x"));
  // Reserved characters are not unescaped: %2F is not a path separator.
  auto slash = RobotsRules::parse("User-agent: *\nDisallow: /a/b\n", "docpipe");
  EXPECT_TRUE(slash.allowed("/a%2Fb"));
}

// RFC 9309 2.2.3: '*' and '$' are special; %2A and %24 are the literal characters.
TEST(Robots, Rfc9309SpecialCharacters) {
  auto r = RobotsRules::parse(
      "User-agent: *\nDisallow: /path/file-with-a-%2A.html\nDisallow: /path/foo-%24\n"
      "Disallow: /*.gif$\n",
      "docpipe");
  EXPECT_FALSE(r.allowed("/path/file-with-a-*.html"));
  EXPECT_TRUE(r.allowed("/path/file-with-a-b.html"));
  EXPECT_FALSE(r.allowed("/path/foo-$"));
  EXPECT_FALSE(r.allowed("/x/y.gif"));
  EXPECT_TRUE(r.allowed("/x/y.gif?z"));
}

// RFC 9309 5.1: the simple example, for each of its agents.
TEST(Robots, Rfc9309SimpleExample) {
  const char* text =
      "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n"
      "User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n"
      "User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\n"
      "User-Agent: quxbot\n\nEOF\n";
  auto star = RobotsRules::parse(text, "otherbot");
  EXPECT_FALSE(star.allowed("/example/x"));
  EXPECT_FALSE(star.allowed("/a.gif"));
  EXPECT_TRUE(star.allowed("/publications/x"));
  auto foo = RobotsRules::parse(text, "FooBot/2.0");
  EXPECT_FALSE(foo.allowed("/x"));
  EXPECT_TRUE(foo.allowed("/example/page.html"));
  EXPECT_TRUE(foo.allowed("/example/allowed.gif"));
  for (const char* agent : {"barbot", "BazBot/1"}) {
    auto bar = RobotsRules::parse(text, agent);
    EXPECT_FALSE(bar.allowed("/example/page.html")) << agent;
    EXPECT_TRUE(bar.allowed("/example/other")) << agent;  // the '*' group does not apply
    EXPECT_TRUE(bar.allowed("/a.gif")) << agent;
  }
  // quxbot's group has no rules: everything is allowed, the '*' group does not apply.
  auto qux = RobotsRules::parse(text, "quxbot");
  EXPECT_TRUE(qux.allowed("/example/x"));
  EXPECT_TRUE(qux.allowed("/a.gif"));
}

// RFC 9309 5.2: the longest match wins.
TEST(Robots, Rfc9309LongestMatch) {
  auto r = RobotsRules::parse(
      "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n",
      "foobot");
  EXPECT_TRUE(r.allowed("/example/page/"));
  EXPECT_FALSE(r.allowed("/example/page/disallowed.gif"));
}

// The product token is matched whole and case-insensitively (RFC 9309 2.2.1), not as a prefix;
// a version after the token is ignored, as Google's parser does.
TEST(Robots, AgentMatchingAndGoogleTolerances) {
  std::string text =
      "User-agent: doc\nDisallow: /prefix/\n\nUser-agent: DOCPIPE/9.9\nDisallow /mine/\n\n"
      "useragent: otherbot\ndissallow: /other/\n";
  auto mine = RobotsRules::parse(text, "docpipe/0.1");
  EXPECT_TRUE(mine.allowed("/prefix/x"));
  EXPECT_FALSE(mine.allowed("/mine/x")) << "a directive without a colon is read, as Google does";
  auto other = RobotsRules::parse(text, "otherbot");
  EXPECT_FALSE(other.allowed("/other/x")) << "common misspellings are read, as Google does";
}
