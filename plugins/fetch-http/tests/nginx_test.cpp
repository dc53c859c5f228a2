// The engine against Debian's nginx: static pages, gzip, redirects, 404, limit_rate, robots.txt,
// sitemaps, a sitemap index, RSS and Atom.
#include <gtest/gtest.h>

#include <cstdlib>
#include <zlib.h>

#include <set>

#include "outcome.hpp"
#include "gzip_util.hpp"
#include "servers.hpp"

using namespace docpipe::http;
using namespace docpipe::http::test;
using std::chrono::milliseconds;

namespace {

std::string page(const std::string& name) {
  return "<html><head><title>" + name + "</title></head><body><p>Page " + name + ".</p></body></html>\n";
}

const char* locations =
    "    location /gz/ { gzip on; gzip_min_length 1; }\n"
    "    location /slow/ { limit_rate 20k; }\n"
    "    location = /r1 { return 301 /r2; }\n"
    "    location = /r2 { return 301 /r3; }\n"
    "    location = /r3 { return 301 /pages/a.html; }\n";

}  // namespace

class NginxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* p : {"a", "b", "c", "d", "e", "f"}) dir_.write(std::string("www/pages/") + p + ".html", page(p));
    dir_.write("www/private/secret.html", page("secret"));
    std::string big;
    for (int i = 0; i < 2000; ++i) big += "<p>Paragraph " + std::to_string(i) + " of a long page.</p>\n";
    big_ = "<html><body>" + big + "</body></html>\n";
    dir_.write("www/gz/big.html", big_);
    dir_.write("www/slow/big.html", std::string(200000, 'x'));
    server_ = std::make_unique<Nginx>(dir_, locations);
    if (!server_->ok()) GTEST_SKIP() << "nginx could not start: " << server_->why();
    const Nginx& s = *server_;
    dir_.write("www/robots.txt",
               "User-agent: *\nDisallow: /private/\n\n"
               "User-agent: docpipe\nDisallow: /private/\nDisallow: /pages/e.html\n\n"
               "Sitemap: " + s.url("/sitemap_index.xml") + "\n");
    dir_.write("www/sitemap.xml",
               "<?xml version='1.0' encoding='UTF-8'?>\n<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               "<url><loc>" + s.url("/pages/a.html") + "</loc></url><url><loc>" + s.url("/pages/b.html") +
               "</loc></url></urlset>\n");
    dir_.write("www/sitemap2.xml.gz",
               gzip("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>" +
                    s.url("/pages/c.html") + "</loc></url></urlset>"));
    dir_.write("www/sitemap_index.xml",
               "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>" +
                   s.url("/sitemap.xml") + "</loc></sitemap><sitemap><loc>" + s.url("/sitemap2.xml.gz") +
                   "</loc></sitemap></sitemapindex>\n");
    dir_.write("www/feed.rss",
               "<rss version='2.0'><channel><title>t</title><item><link>" + s.url("/pages/d.html") +
                   "</link></item><item><link>" + s.url("/pages/a.html") + "</link></item></channel></rss>\n");
    dir_.write("www/atom.xml",
               "<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='pages/f.html'/></entry></feed>\n");
  }
  TempDir dir_;
  std::string big_;
  std::unique_ptr<Nginx> server_;
};

TEST_F(NginxTest, StaticPagesWithHeaders) {
  std::vector<std::string> urls;
  for (const char* p : {"a", "b", "c"}) urls.push_back(server_->url(std::string("/pages/") + p + ".html"));
  auto m = by_url(fetch_all(test_options(), urls, dir_));
  ASSERT_EQ(m.size(), 3u);
  for (const auto& [url, r] : m) {
    ASSERT_TRUE(r.ok) << url << ": " << r.error;
    EXPECT_EQ(r.response->status, 200);
    EXPECT_EQ(r.response->final_url, url);
    EXPECT_EQ(*find_header(*r.response, "content-type"), "text/html");
    ASSERT_TRUE(find_header(*r.response, "server"));
    EXPECT_EQ(find_header(*r.response, "server")->rfind("nginx", 0), 0u);
  }
  EXPECT_EQ(m[urls[0]].response->body, page("a"));
}

TEST_F(NginxTest, GzipIsDecoded) {
  auto results = fetch_all(test_options(), {server_->url("/gz/big.html")}, dir_);
  ASSERT_EQ(results.size(), 1u);
  const FetchResult& r = results[0];
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_TRUE(find_header(*r.response, "content-encoding"));
  EXPECT_EQ(*find_header(*r.response, "content-encoding"), "gzip");
  EXPECT_EQ(r.response->body, big_);

  FetcherOptions plain = test_options();
  plain.transfer.accept_encoding = false;
  auto p = fetch_all(plain, {server_->url("/gz/big.html")}, dir_, "plain.txt");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_FALSE(find_header(*p[0].response, "content-encoding"));
  EXPECT_EQ(p[0].response->body, big_);
}

TEST_F(NginxTest, RedirectChainsRecordTheFinalUrl) {
  auto results = fetch_all(test_options(), {server_->url("/r1")}, dir_);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].ok) << results[0].error;
  EXPECT_EQ(results[0].response->final_url, server_->url("/pages/a.html"));
  ASSERT_EQ(results[0].redirects.size(), 3u);
  EXPECT_EQ(results[0].redirects[0].url, server_->url("/r1"));
  EXPECT_EQ(results[0].redirects[0].status, 301);
  EXPECT_EQ(results[0].attempts, 4);
  EXPECT_EQ(results[0].response->body, page("a"));

  FetcherOptions few = test_options();
  few.transfer.max_redirects = 2;
  auto r2 = fetch_all(few, {server_->url("/r1")}, dir_, "few.txt");
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].error, "too many redirects (more than 2)");

  FetcherOptions none = test_options();
  none.transfer.max_redirects = 0;
  auto r3 = fetch_all(none, {server_->url("/r1")}, dir_, "none.txt");
  ASSERT_EQ(r3.size(), 1u);
  EXPECT_EQ(r3[0].error, "HTTP 301 (redirects not followed: max_redirects=0)");
}

TEST_F(NginxTest, NotFound) {
  auto results = fetch_all(test_options(), {server_->url("/pages/missing.html")}, dir_);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_EQ(results[0].error, "HTTP 404");
  EXPECT_EQ(results[0].response->status, 404);
  EXPECT_EQ(server_->wait_for("/pages/missing.html", 1), 1);  // 404 is final, not retried
}

TEST_F(NginxTest, ThrottledLocationTimesOutAndStalls) {
  FetcherOptions o = test_options();
  o.retries = 0;
  o.transfer.timeout = milliseconds(300);
  auto r = fetch_all(o, {server_->url("/slow/big.html")}, dir_);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].error, "timeout after 300ms");

  FetcherOptions s = test_options();
  s.retries = 0;
  s.transfer.stall_speed = 1 << 20;  // 20 KiB/s is far below 1 MiB/s
  s.transfer.stall_timeout = milliseconds(300);
  auto r2 = fetch_all(s, {server_->url("/slow/big.html")}, dir_, "stall.txt");
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].error, "stalled: fewer than 1048576 bytes/s for 300ms");
}

TEST_F(NginxTest, RobotsTxtIsObeyedForOurAgent) {
  FetcherOptions o = test_options();
  o.robots = true;
  std::vector<std::string> urls;
  for (const char* p : {"/pages/a.html", "/pages/b.html", "/pages/e.html", "/private/secret.html"})
    urls.push_back(server_->url(p));
  auto m = by_url(fetch_all(o, urls, dir_));
  ASSERT_EQ(m.size(), 4u);
  EXPECT_TRUE(m[urls[0]].ok);
  EXPECT_TRUE(m[urls[1]].ok);
  EXPECT_EQ(m[urls[2]].error, "disallowed by robots.txt");
  EXPECT_EQ(m[urls[3]].error, "disallowed by robots.txt");
  // Once the allowed pages are in the log, a disallowed request would be too.
  EXPECT_EQ(server_->wait_for("/pages/a.html", 1), 1);
  EXPECT_EQ(server_->wait_for("/pages/b.html", 1), 1);
  EXPECT_EQ(server_->count("/robots.txt"), 1);
  EXPECT_EQ(server_->count("/pages/e.html"), 0);
  EXPECT_EQ(server_->count("/private/secret.html"), 0);

  // Another agent falls back to the '*' group: e.html is allowed to it, /private/ is not.
  FetcherOptions other = test_options();
  other.robots = true;
  other.transfer.user_agent = "otherbot/2.0";
  auto m2 = by_url(fetch_all(other, {urls[2], urls[3]}, dir_, "other.txt"));
  EXPECT_TRUE(m2[urls[2]].ok) << m2[urls[2]].error;
  EXPECT_EQ(m2[urls[3]].error, "disallowed by robots.txt");
  EXPECT_EQ(server_->wait_for("/pages/e.html", 1), 1);
  EXPECT_EQ(server_->count("/private/secret.html"), 0);

  // robots=false fetches anything.
  auto m3 = by_url(fetch_all(test_options(), {urls[3]}, dir_, "norobots.txt"));
  EXPECT_TRUE(m3[urls[3]].ok);
}

TEST_F(NginxTest, SitemapsFeedsAndRobotsExpandToThePages) {
  FetcherOptions o = test_options();
  o.mode = Mode::sitemap;
  o.robots = true;
  auto results = fetch_all(o, {server_->url("/robots.txt"), server_->url("/feed.rss"), server_->url("/atom.xml")}, dir_);
  std::multiset<std::string> got;
  for (const auto& r : results) {
    EXPECT_TRUE(r.ok) << r.item.url << ": " << r.error;
    EXPECT_TRUE(r.from_sitemap);
    got.insert(r.item.url);
  }
  std::multiset<std::string> want;
  for (const char* p : {"a", "b", "c", "d", "f"}) want.insert(server_->url(std::string("/pages/") + p + ".html"));
  EXPECT_EQ(got, want);
  for (const char* p : {"/sitemap_index.xml", "/sitemap.xml", "/sitemap2.xml.gz", "/feed.rss", "/atom.xml"})
    EXPECT_EQ(server_->wait_for(p, 1), 1) << p;
}

TEST_F(NginxTest, SitemapDepthLimitsNesting) {
  FetcherOptions o = test_options();
  o.mode = Mode::sitemap;
  o.sitemap_depth = 1;  // robots.txt -> index, but not the sitemaps the index names
  auto results = fetch_all(o, {server_->url("/robots.txt")}, dir_);
  EXPECT_TRUE(results.empty());
  EXPECT_EQ(server_->wait_for("/sitemap_index.xml", 1), 1);
  EXPECT_EQ(server_->count("/sitemap.xml"), 0);
}

TEST_F(NginxTest, SitemapFailuresAreReported) {
  FetcherOptions o = test_options();
  o.mode = Mode::sitemap;
  auto results = fetch_all(o, {server_->url("/no-sitemap.xml"), server_->url("/pages/a.html")}, dir_);
  auto m = by_url(results);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[server_->url("/no-sitemap.xml")].error, "sitemap: HTTP 404");
  EXPECT_EQ(m[server_->url("/pages/a.html")].error.rfind("sitemap: not a sitemap or feed", 0), 0u)
      << m[server_->url("/pages/a.html")].error;
}

TEST_F(NginxTest, SitemapPagesAreSharded) {
  std::multiset<std::string> all;
  for (uint32_t s = 0; s < 3; ++s) {
    FetcherOptions o = test_options();
    o.mode = Mode::sitemap;
    o.shard_index = s;
    o.shard_count = 3;
    for (auto& r : fetch_all(o, {server_->url("/sitemap_index.xml"), server_->url("/feed.rss")}, dir_,
                             "s" + std::to_string(s) + ".txt"))
      all.insert(r.item.url);
  }
  std::multiset<std::string> want;
  for (const char* p : {"a", "b", "c", "d"}) want.insert(server_->url(std::string("/pages/") + p + ".html"));
  EXPECT_EQ(all, want);
}

TEST_F(NginxTest, ManyPagesConcurrently) {
  for (int i = 0; i < 300; ++i) dir_.write("www/many/" + std::to_string(i) + ".html", page(std::to_string(i)));
  std::vector<std::string> urls;
  for (int i = 0; i < 300; ++i) urls.push_back(server_->url("/many/" + std::to_string(i) + ".html"));
  FetcherOptions o = test_options();
  o.concurrency = 32;
  o.per_host = 32;
  auto m = by_url(fetch_all(o, urls, dir_));
  ASSERT_EQ(m.size(), 300u);
  for (const auto& [u, r] : m) EXPECT_TRUE(r.ok) << u << ": " << r.error;
}

// HTTP/2 is offered over TLS only: nginx with a throwaway self-signed certificate
// for 127.0.0.1, trusted through ca_file.
TEST(NginxTls, Http2WhenOfferedHttp11WhenAskedAndCertificatesVerified) {
  TempDir dir;
  dir.write("www/pages/a.html", page("a"));
  std::string cert = dir.path("cert.pem"), key = dir.path("key.pem");
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                    " -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert +
                    " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl could not make a test certificate";
  Nginx server(dir, "", cert, key);
  if (!server.ok()) GTEST_SKIP() << "nginx could not start: " << server.why();
  FetcherOptions o = test_options();
  o.retries = 0;
  o.transfer.ca_file = cert;
  auto h2 = fetch_all(o, {server.url("/pages/a.html")}, dir, "h2.txt");
  ASSERT_EQ(h2.size(), 1u);
  ASSERT_TRUE(h2[0].ok) << h2[0].error;
  EXPECT_EQ(h2[0].response->http_version, "2");
  EXPECT_EQ(h2[0].response->body, page("a"));

  o.transfer.http2 = false;
  auto h1 = fetch_all(o, {server.url("/pages/a.html")}, dir, "h1.txt");
  ASSERT_EQ(h1.size(), 1u);
  ASSERT_TRUE(h1[0].ok) << h1[0].error;
  EXPECT_EQ(h1[0].response->http_version, "1.1");

  // Without the CA the self-signed certificate is refused: TLS is verified.
  o.transfer.ca_file.clear();
  auto refused = fetch_all(o, {server.url("/pages/a.html")}, dir, "untrusted.txt");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_FALSE(refused[0].ok);
}
