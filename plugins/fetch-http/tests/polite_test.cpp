// A polite crawler against the fault server: robots.txt as RFC 9309 asks (size, status,
// BOM, line ends, percent-encoding), look-ahead over host-sorted lists, resumed runs,
// sitemaps with their own size cap, address allow-lists, garbage responses.
#include <gtest/gtest.h>

#include "servers.hpp"

using namespace docpipe::http;
using namespace docpipe::http::test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

std::string port_of(const FaultServer& s) { return std::to_string(s.port()); }

FetcherOptions polite_options() {
  FetcherOptions o = test_options();
  o.robots = true;
  return o;
}

// The pages a --robots rules file forbids and allows, as the tests request them.
void expect_rules_obeyed(const FaultServer& s, const TempDir& dir, const std::string& name) {
  std::vector<std::string> forbidden{s.url("/private/a"), s.url("/%70rivate/b"), s.url("/~user/c"),
                                     s.url("/%7euser/d"), s.url("/caf\xC3\xA9/e")};
  std::vector<std::string> allowed{s.url("/ok/1"), s.url("/cafe/f")};
  std::vector<std::string> urls = forbidden;
  urls.insert(urls.end(), allowed.begin(), allowed.end());
  auto results = by_url(fetch_all(polite_options(), urls, dir, name));
  ASSERT_EQ(results.size(), urls.size());
  for (const auto& u : forbidden) EXPECT_EQ(results[u].error, "disallowed by robots.txt") << u;
  for (const auto& u : allowed) EXPECT_TRUE(results[u].ok) << u << ": " << results[u].error;
  EXPECT_EQ(s.times("/private/").size() + s.times("/%70").size() + s.times("/~").size() +
                s.times("/%7").size() + s.times("/caf%").size(),
            0u);
}

}  // namespace

TEST(PoliteRobots, PercentEncodingIsNormalisedOnBothSides) {
  TempDir dir;
  FaultServer s(dir, "rules");
  ASSERT_TRUE(s.ok());
  expect_rules_obeyed(s, dir, "rules.txt");
}

TEST(PoliteRobots, LargerThanTheCapWithContentLengthIsCutNotRefused) {
  TempDir dir;
  FaultServer s(dir, "big");
  ASSERT_TRUE(s.ok());
  expect_rules_obeyed(s, dir, "big.txt");
}

TEST(PoliteRobots, ByteOrderMarkAndCarriageReturnLineEnds) {
  TempDir dir;
  FaultServer s(dir, "bom-cr");
  ASSERT_TRUE(s.ok());
  expect_rules_obeyed(s, dir, "bom.txt");
}

TEST(PoliteRobots, TooManyRequestsAfterRetriesDisallowsAll) {
  TempDir dir;
  FaultServer s(dir, "429");
  ASSERT_TRUE(s.ok());
  FetcherOptions o = polite_options();
  o.retries = 1;
  auto results = fetch_all(o, {s.url("/ok/1")}, dir);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error,
            "disallowed by robots.txt (robots.txt unreachable: HTTP 429 after 2 attempts)");
  EXPECT_EQ(s.times("/ok/").size(), 0u);
}

TEST(Lookahead, HostSortedListReachesTheOtherHostAtOnce) {
  TempDir dir;
  FaultServer a(dir), b(dir);
  ASSERT_TRUE(a.ok() && b.ok());
  FetcherOptions o = test_options();
  o.delay = milliseconds(200);
  // More of a's URLs than the base look-ahead (4,096), then one of b's.
  std::vector<std::string> urls;
  for (int i = 0; i < 4096 + 30; ++i) urls.push_back(a.url("/ok/" + std::to_string(i)));
  urls.push_back(b.url("/ok/b"));
  auto t0 = Clock::now();
  bool b_done = false;
  auto results = fetch_all(
      o, urls, dir, "urls.txt",
      [&](Fetcher& f) {
        f.on_stop([&] { return b_done ? StopState::draining : StopState::going; });
      },
      [&](const FetchResult& r) { b_done = b_done || r.item.url == b.url("/ok/b"); });
  ASSERT_TRUE(b_done);
  EXPECT_LT(Clock::now() - t0, milliseconds(2000)) << "b waited behind a's delayed URLs";
  EXPECT_LE(a.times("/ok/").size(), 8u);
  EXPECT_LE(results.size(), 10u);
}

TEST(Resume, CommittedUrlsAreHandedOutUnfetchedInBothModes) {
  TempDir dir;
  FaultServer s(dir);
  ASSERT_TRUE(s.ok());
  auto committed = [&](Fetcher& f) {
    f.on_committed(
        [&](const std::string& url) { return url == s.url("/ok/2") || url == s.url("/ok/3"); });
  };
  for (Mode mode : {Mode::urls, Mode::sitemap}) {
    FetcherOptions o = test_options();
    o.mode = mode;
    std::vector<std::string> urls;
    if (mode == Mode::sitemap)
      urls = {s.url("/sitemap/4")};
    else
      for (int i = 1; i <= 4; ++i) urls.push_back(s.url("/ok/" + std::to_string(i)));
    int before = static_cast<int>(s.times("/ok/").size());
    uint64_t done = 0, known = 0;
    Fetcher* engine = nullptr;
    auto results = by_url(fetch_all(
        o, urls, dir, mode == Mode::sitemap ? "sm.txt" : "urls.txt",
        [&](Fetcher& f) {
          committed(f);
          engine = &f;
        },
        [&](const FetchResult&) {
          done = engine->urls_done();
          known = engine->urls_known();
        }));
    ASSERT_EQ(results.size(), 4u);
    EXPECT_TRUE(results[s.url("/ok/2")].skipped_committed);
    EXPECT_TRUE(results[s.url("/ok/3")].skipped_committed);
    EXPECT_TRUE(results[s.url("/ok/1")].ok);
    EXPECT_FALSE(results[s.url("/ok/1")].skipped_committed);
    EXPECT_EQ(static_cast<int>(s.times("/ok/").size()) - before, 2)
        << "committed pages were fetched again";
    EXPECT_EQ(done, known);
    EXPECT_EQ(known, mode == Mode::sitemap ? 5u : 4u);  // the sitemap is a URL too
  }
}

TEST(Sitemaps, HaveTheirOwnSizeCap) {
  TempDir dir;
  FaultServer s(dir);
  ASSERT_TRUE(s.ok());
  FetcherOptions o = test_options();
  o.mode = Mode::sitemap;
  o.max_size = 1 << 20;  // the sitemap is over 2 MiB, its pages are small
  auto results = fetch_all(o, {s.url("/sitemap/big-3")}, dir);
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_TRUE(r.ok) << r.item.url << ": " << r.error;

  o.max_sitemap_size = 1 << 20;
  auto capped = fetch_all(o, {s.url("/sitemap/big-3")}, dir, "capped.txt");
  ASSERT_EQ(capped.size(), 1u);
  EXPECT_EQ(capped[0].error, "sitemap: body larger than max_size 1 MiB");
}

TEST(Sitemaps, BrokenXmlKeepsTheUrlsBeforeTheError) {
  TempDir dir;
  FaultServer s(dir);
  ASSERT_TRUE(s.ok());
  FetcherOptions o = test_options();
  o.mode = Mode::sitemap;
  auto results = by_url(fetch_all(o, {s.url("/sitemap/broken-2")}, dir));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[s.url("/ok/1")].ok);
  EXPECT_TRUE(results[s.url("/ok/2")].ok);
  const FetchResult& sitemap = results[s.url("/sitemap/broken-2")];
  EXPECT_EQ(sitemap.error.rfind("sitemap: XML error", 0), 0u) << sitemap.error;
}

TEST(Responses, GarbageStatusLineIsAnInvalidHttpResponse) {
  TempDir dir;
  FaultServer s(dir);
  ASSERT_TRUE(s.ok());
  auto results = fetch_all(test_options(), {s.url("/garbage")}, dir);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error.rfind("invalid HTTP response: ", 0), 0u) << results[0].error;
}

TEST(PrivateAddresses, AllowPrivateTakesAddressRanges) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  FetcherOptions o = test_options();
  o.transfer.allow_private = false;
  o.transfer.allow_cidrs = {*parse_cidr("127.0.0.1/32", nullptr)};
  std::string hop = "/go/" + port_of(site) + "/ok/z";
  FetchResult r = fetch_all(o, {site.url(hop)}, dir).at(0);
  ASSERT_TRUE(r.ok) << r.error;
  o.transfer.allow_cidrs = {*parse_cidr("127.0.0.2/32", nullptr)};
  FetchResult refused = fetch_all(o, {site.url(hop)}, dir, "refused.txt").at(0);
  EXPECT_EQ(refused.error, "private address refused (127.0.0.1)");
}
