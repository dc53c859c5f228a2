// Redirects followed by the engine hop by hop: each hop passes robots.txt, the per-host
// queue, the retry policy and the archive hook like any request.
#include <gtest/gtest.h>

#include "servers.hpp"

using namespace docpipe::http;
using namespace docpipe::http::test;

namespace {

FetcherOptions polite_options() {
  FetcherOptions o = test_options();
  o.robots = true;
  return o;
}

std::string port_of(const FaultServer& s) { return std::to_string(s.port()); }

}  // namespace

TEST(Redirects, SameOriginHopToADisallowedPathIsNotFetched) {
  TempDir dir;
  FaultServer site(dir, "rules");
  ASSERT_TRUE(site.ok());
  auto results = by_url(
      fetch_all(polite_options(), {site.url("/here/private/x"), site.url("/here/ok/1")}, dir));
  ASSERT_EQ(results.size(), 2u);
  const FetchResult& blocked = results[site.url("/here/private/x")];
  EXPECT_FALSE(blocked.ok);
  EXPECT_EQ(blocked.error,
            "disallowed by robots.txt (redirected to " + site.url("/private/x") + ")");
  ASSERT_EQ(blocked.redirects.size(), 1u);
  EXPECT_EQ(blocked.redirects[0].status, 301);
  EXPECT_EQ(site.times("/private/").size(), 0u)
      << "the redirect target was fetched despite robots.txt";

  const FetchResult& fine = results[site.url("/here/ok/1")];
  ASSERT_TRUE(fine.ok) << fine.error;
  EXPECT_EQ(fine.response->final_url, site.url("/ok/1"));
  EXPECT_EQ(fine.attempts, 2);
}

TEST(Redirects, CrossOriginHopFetchesTheTargetsRobotsTxtFirst) {
  TempDir dir;
  FaultServer from(dir), to(dir, "rules");
  ASSERT_TRUE(from.ok() && to.ok());
  auto results = by_url(fetch_all(
      polite_options(),
      {from.url("/go/" + port_of(to) + "/private/a"), from.url("/go/" + port_of(to) + "/ok/b")},
      dir));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[from.url("/go/" + port_of(to) + "/private/a")].error,
            "disallowed by robots.txt (redirected to " + to.url("/private/a") + ")");
  EXPECT_TRUE(results[from.url("/go/" + port_of(to) + "/ok/b")].ok);
  EXPECT_EQ(to.count("/robots.txt"), 1);
  EXPECT_EQ(to.times("/private/").size(), 0u);
  auto log = to.log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().path, "/robots.txt") << "a hop reached the target before its robots.txt";
}

TEST(Redirects, HopsToOneHostKeepItsPerHostLimit) {
  TempDir dir;
  FaultServer target(dir);
  ASSERT_TRUE(target.ok());
  std::vector<std::unique_ptr<FaultServer>> origins;
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) {
    origins.push_back(std::make_unique<FaultServer>(dir));
    ASSERT_TRUE(origins.back()->ok());
    for (int k = 0; k < 2; ++k)
      urls.push_back(
          origins.back()->url("/go/" + port_of(target) + "/slow/" + std::to_string(i * 2 + k)));
  }
  FetcherOptions o = test_options();
  o.per_host = 2;
  auto results = fetch_all(o, urls, dir);
  ASSERT_EQ(results.size(), 8u);
  for (const auto& r : results) EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(target.times("/slow/").size(), 8u);
  EXPECT_LE(target.max_slow_in_flight(), 2) << "redirects from four origins overran per_host=2";
}

TEST(Redirects, EachHopIsRetriedOnItsOwn) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  FetchResult r = fetch_all(test_options(), {site.url("/here/flaky/x")}, dir).at(0);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.attempts, 4);  // the redirect, then 503, 503, 200
  EXPECT_EQ(site.count("/flaky/x"), 3);
}

TEST(Redirects, EveryHopReachesTheArchiveUnlessTurnedOff) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  for (bool archive : {true, false}) {
    FetcherOptions o = test_options();
    o.archive_redirects = archive;
    std::vector<std::pair<std::string, long>> seen;
    auto results = fetch_all(o, {site.url("/here/here/ok/7")}, dir, "urls.txt", [&](Fetcher& f) {
      f.on_response([&](const Response& r) { seen.emplace_back(r.final_url, r.status); });
    });
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(results[0].ok) << results[0].error;
    ASSERT_EQ(results[0].redirects.size(), 2u);
    EXPECT_EQ(results[0].redirects[1].url, site.url("/here/ok/7"));
    std::vector<std::pair<std::string, long>> expected;
    if (archive) {
      expected.emplace_back(site.url("/here/here/ok/7"), 301);
      expected.emplace_back(site.url("/here/ok/7"), 301);
    }
    expected.emplace_back(site.url("/ok/7"), 200);
    EXPECT_EQ(seen, expected) << "warc_redirects=" << archive;
  }
}
