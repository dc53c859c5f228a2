// Stopping: draining starts nothing new and ends when the transfers in flight end; aborting
// ends those at once, each as an "interrupted:" failure. The stop state is driven by the test.
#include <gtest/gtest.h>

#include "servers.hpp"

using namespace docpipe::http;
using namespace docpipe::http::test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// Draining from `drain` after the start, aborting from `abort`.
Fetcher::StopHook stop_after(Clock::time_point t0, milliseconds drain, milliseconds abort) {
  return [=] {
    auto since = Clock::now() - t0;
    return since >= abort   ? StopState::aborting
           : since >= drain ? StopState::draining
                            : StopState::going;
  };
}

std::vector<std::string> ok_pages(const FaultServer& s, int n) {
  std::vector<std::string> urls;
  for (int i = 0; i < n; ++i) urls.push_back(s.url("/ok/" + std::to_string(i)));
  return urls;
}

}  // namespace

TEST(Stop, AbortEndsAHungTransferAsInterrupted) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  FetcherOptions o = test_options();
  o.concurrency = 1;
  std::vector<std::string> urls{site.url("/sleep")};
  for (const auto& u : ok_pages(site, 20)) urls.push_back(u);
  auto t0 = Clock::now();
  auto results = fetch_all(o, urls, dir, "urls.txt", [&](Fetcher& f) {
    f.on_stop(stop_after(t0, milliseconds(100), milliseconds(500)));
  });
  auto took = Clock::now() - t0;
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].item.url, site.url("/sleep"));
  EXPECT_EQ(results[0].error.rfind("interrupted:", 0), 0u) << results[0].error;
  EXPECT_LT(took, milliseconds(1500)) << "the stop waited behind the hung transfer";
  EXPECT_GE(took, milliseconds(450));
  EXPECT_EQ(site.times("/ok/").size(), 0u) << "a request started after the stop";
}

TEST(Stop, DrainLetsTransfersInFlightFinishAndStartsNothing) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  FetcherOptions o = test_options();
  o.concurrency = 2;
  std::vector<std::string> urls{site.url("/slow/a"), site.url("/slow/b")};
  for (const auto& u : ok_pages(site, 20)) urls.push_back(u);
  auto t0 = Clock::now();
  auto results = fetch_all(o, urls, dir, "urls.txt", [&](Fetcher& f) {
    f.on_stop(stop_after(t0, milliseconds(100), milliseconds(60000)));
  });
  auto took = Clock::now() - t0;
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) EXPECT_TRUE(r.ok) << r.error;
  EXPECT_LT(took, milliseconds(1500));
  EXPECT_EQ(site.times("/ok/").size(), 0u) << "a request started while draining";
}

TEST(Stop, RetriesWaitingWhenTheStopComesAreLeftForAResume) {
  TempDir dir;
  FaultServer site(dir);
  ASSERT_TRUE(site.ok());
  FetcherOptions o = test_options();
  o.retry_delay = milliseconds(5000);
  o.max_backoff = milliseconds(5000);
  auto t0 = Clock::now();
  auto results = fetch_all(o, {site.url("/down/x")}, dir, "urls.txt", [&](Fetcher& f) {
    f.on_stop(stop_after(t0, milliseconds(200), milliseconds(60000)));
  });
  EXPECT_TRUE(results.empty());
  EXPECT_LT(Clock::now() - t0, milliseconds(1500));
  EXPECT_EQ(site.count("/down/x"), 1);
}
