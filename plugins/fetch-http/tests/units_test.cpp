// Unit tests of the small pieces: URLs, messages, retry policy, addresses, scheduler, input.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <arpa/inet.h>
#include <set>

#include "address_policy.hpp"
#include "host_scheduler.hpp"
#include "messages.hpp"
#include "outcome.hpp"
#include "retry_policy.hpp"
#include "test_support.hpp"
#include "url_input.hpp"
#include "url_utils.hpp"

using namespace docpipe::http;
using docpipe::test::TempDir;
using std::chrono::milliseconds;

TEST(Messages, SizesAndDurations) {
  EXPECT_EQ(format_size(16u << 20), "16 MiB");
  EXPECT_EQ(format_size(512 * 1024), "512 KiB");
  EXPECT_EQ(format_size(100), "100 bytes");
  EXPECT_EQ(format_size(1536 * 1024), "1.5 MiB");
  EXPECT_EQ(format_duration(milliseconds(60000)), "60s");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(90000)), "90s");
  EXPECT_EQ(format_duration(milliseconds(120000)), "2m");
  EXPECT_EQ(format_duration(milliseconds(5400000)), "90m");
  EXPECT_EQ(format_duration(milliseconds(3600000)), "1h");
}

TEST(UrlUtils, ParsesHttpUrls) {
  auto u = parse_url("HTTP://Example.COM/a/b?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->path_query, "/a/b?x=1");
  EXPECT_EQ(origin_of(*u), "http://example.com:80");
  EXPECT_EQ(robots_url_of(*u), "http://example.com:80/robots.txt");
  auto s = parse_url("https://[::1]:8443");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->port, 8443);
  EXPECT_EQ(s->path_query, "/");
}

TEST(UrlUtils, RejectsOtherSchemesAndGarbage) {
  std::string why;
  EXPECT_FALSE(parse_url("ftp://example.com/x", &why));
  EXPECT_NE(why.find("unsupported URL scheme"), std::string::npos) << why;
  EXPECT_FALSE(parse_url("not a url", &why));
  EXPECT_FALSE(parse_url("", &why));
  EXPECT_FALSE(parse_url(std::string("http://a\0b/", 11), &why));
  EXPECT_FALSE(parse_url("http://", &why));
}

TEST(UrlUtils, ResolvesRelativeReferences) {
  EXPECT_EQ(resolve_url("http://h/feed/atom.xml", "../p/1.html").value_or(""), "http://h/p/1.html");
  EXPECT_EQ(resolve_url("http://h/feed/", "https://o/x").value_or(""), "https://o/x");
}

TEST(UrlUtils, ShardsPartitionKeys) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // published FNV-1a 64 test vector
  for (int i = 0; i < 200; ++i) {
    std::string key = "http://h/" + std::to_string(i);
    int owners = 0;
    for (uint32_t s = 0; s < 5; ++s) owners += in_shard(key, s, 5) ? 1 : 0;
    EXPECT_EQ(owners, 1) << key;
  }
}

TEST(RetryPolicy, ParsesRetryAfter) {
  std::time_t now = 1700000000;
  EXPECT_EQ(parse_retry_after("120", now), milliseconds(120000));
  EXPECT_EQ(parse_retry_after(" 0 ", now), milliseconds(0));
  EXPECT_FALSE(parse_retry_after("12abc", now));
  EXPECT_FALSE(parse_retry_after("", now));
  EXPECT_FALSE(parse_retry_after("soon", now));
  // Tue, 14 Nov 2023 22:13:20 GMT is 1700000000.
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now), milliseconds(30000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now), milliseconds(0));
  EXPECT_TRUE(parse_retry_after("99999999999999999999999", now) ||
              !parse_retry_after("99999999999999999999999", now));  // no crash either way
}

TEST(RetryPolicy, BacksOffExponentiallyWithJitterAndStops) {
  RetryPolicy p(3, milliseconds(100), milliseconds(1000), milliseconds(5000), 7);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    RetryDecision d = p.decide(attempt, std::nullopt);
    ASSERT_TRUE(d.retry);
    int64_t full = 100 << (attempt - 1);
    EXPECT_GE(d.delay.count(), full / 2);
    EXPECT_LE(d.delay.count(), full);
  }
  EXPECT_FALSE(p.decide(4, std::nullopt).retry);
  RetryPolicy capped(10, milliseconds(100), milliseconds(300), milliseconds(5000), 7);
  EXPECT_LE(capped.decide(9, std::nullopt).delay.count(), 300);
}

TEST(RetryPolicy, HonoursRetryAfterUpToTheCap) {
  RetryPolicy p(3, milliseconds(10), milliseconds(100), milliseconds(5000), 1);
  RetryDecision d = p.decide(1, milliseconds(2000));
  EXPECT_TRUE(d.retry);
  EXPECT_GE(d.delay.count(), 2000);
  RetryDecision no = p.decide(1, milliseconds(3600000));
  EXPECT_FALSE(no.retry);
  EXPECT_EQ(no.note, "Retry-After 1h exceeds max_retry_after 5s");
}

TEST(RetryPolicy, RetryableStatuses) {
  for (long s : {408L, 425L, 429L, 500L, 502L, 503L, 504L}) EXPECT_TRUE(retryable_status(s)) << s;
  for (long s : {200L, 301L, 400L, 403L, 404L, 501L, 505L}) EXPECT_FALSE(retryable_status(s)) << s;
}

namespace {
bool private_v4(const char* text) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, text, &a.sin_addr);
  return is_private_address(reinterpret_cast<sockaddr*>(&a), sizeof a);
}
bool private_v6(const char* text) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  inet_pton(AF_INET6, text, &a.sin6_addr);
  return is_private_address(reinterpret_cast<sockaddr*>(&a), sizeof a);
}
}  // namespace

TEST(AddressPolicy, RefusesPrivateRanges) {
  for (const char* a :
       {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255"})
    EXPECT_TRUE(private_v4(a)) << a;
  for (const char* a : {"8.8.8.8", "172.32.0.1", "93.184.216.34", "1.1.1.1", "100.128.0.1"})
    EXPECT_FALSE(private_v4(a)) << a;
  for (const char* a : {"::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1", "ff02::1", "64:ff9b::a00:1"})
    EXPECT_TRUE(private_v6(a)) << a;
  for (const char* a : {"2001:4860:4860::8888", "::ffff:8.8.8.8", "2606:4700::1111"})
    EXPECT_FALSE(private_v6(a)) << a;
  EXPECT_TRUE(is_private_address(nullptr, 0));
}

TEST(AddressPolicy, AllowListOfCidrs) {
  auto in = [](const std::vector<Cidr>& ranges, const char* text) {
    sockaddr_in6 a6{};
    sockaddr_in a4{};
    if (inet_pton(AF_INET, text, &a4.sin_addr) == 1) {
      a4.sin_family = AF_INET;
      return in_any_cidr(ranges, reinterpret_cast<sockaddr*>(&a4), sizeof a4);
    }
    a6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, text, &a6.sin6_addr);
    return in_any_cidr(ranges, reinterpret_cast<sockaddr*>(&a6), sizeof a6);
  };
  std::vector<Cidr> ranges;
  for (const char* c : {"10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/13"}) {
    std::string why;
    auto r = parse_cidr(c, &why);
    ASSERT_TRUE(r) << c << ": " << why;
    ranges.push_back(*r);
  }
  for (const char* a :
       {"10.0.0.1", "10.255.255.255", "192.168.1.7", "::ffff:10.1.1.1", "fd12::1", "172.23.0.1"})
    EXPECT_TRUE(in(ranges, a)) << a;
  for (const char* a : {"11.0.0.1", "192.168.1.8", "127.0.0.1", "fe80::1", "172.24.0.1", "::1"})
    EXPECT_FALSE(in(ranges, a)) << a;
  EXPECT_FALSE(in({}, "10.0.0.1"));
  std::string why;
  for (const char* bad :
       {"10.0.0.0/33", "fd00::/129", "10.0.0/8", "nonsense", "10.0.0.0/", "10.0.0.0/x"})
    EXPECT_FALSE(parse_cidr(bad, &why)) << bad;
  parse_cidr("10.0.0.0/33", &why);
  EXPECT_EQ(why, "invalid address range \"10.0.0.0/33\": prefix longer than 32 bits");
}

TEST(Outcome, ClassifiesLibcurlErrors) {
  TransferOptions o;
  Response r;
  r.code = CURLE_COULDNT_RESOLVE_HOST;
  r.error_detail = "Could not resolve host: nowhere.invalid";
  auto f = classify(r, o, 1024);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message.rfind("DNS failure", 0), 0u);
  EXPECT_TRUE(f->transient) << "a temporary resolver failure looks the same: retried";
  EXPECT_TRUE(f->dns);
  r = Response{};
  r.code = CURLE_OPERATION_TIMEDOUT;
  r.connected = true;
  EXPECT_EQ(classify(r, o, 1024)->message, "timeout after 60s");
  r.connected = false;
  EXPECT_EQ(classify(r, o, 1024)->message, "connect timeout after 10s");
  r = Response{};
  r.code = CURLE_FILESIZE_EXCEEDED;
  EXPECT_EQ(classify(r, o, 16u << 20)->message, "body larger than max_size 16 MiB");
  r = Response{};
  r.status = 404;
  EXPECT_EQ(classify(r, o, 1)->message, "HTTP 404");
  EXPECT_FALSE(classify(r, o, 1)->transient);
  r.status = 503;
  EXPECT_TRUE(classify(r, o, 1)->transient);
  r.status = 204;
  EXPECT_FALSE(classify(r, o, 1));
}

TEST(HostScheduler, PerHostLimitAndDelay) {
  HostScheduler s(2, milliseconds(100));
  auto& a = s.host("http://a:80");
  auto& b = s.host("http://b:80");
  for (uint64_t i = 1; i <= 3; ++i) s.enqueue(a, i);
  s.enqueue(b, 10);
  auto t0 = HostScheduler::Clock::now();
  auto wake = t0 + std::chrono::seconds(10);
  std::set<uint64_t> started;
  while (auto p = s.pick(t0, &wake)) {
    started.insert(p->second);
    s.started(*p->first, t0);
  }
  // One per host at t0: the delay holds the second request to a.
  EXPECT_EQ(started, (std::set<uint64_t>{1, 10}));
  EXPECT_EQ(wake, t0 + milliseconds(100));
  auto t1 = t0 + milliseconds(100);
  auto p = s.pick(t1, &wake);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->second, 2u);
  s.started(*p->first, t1);
  // Two in flight at a now: the per-host limit holds job 3 even after the delay.
  EXPECT_FALSE(s.pick(t1 + milliseconds(500), &wake));
  s.finished(a);
  EXPECT_EQ(s.pick(t1 + milliseconds(500), &wake)->second, 3u);
  EXPECT_EQ(s.waiting(), 0u);
}

TEST(HostScheduler, BlockedHostOnlyStartsPriorityJobs) {
  HostScheduler s(4, milliseconds(0));
  auto& a = s.host("http://a:80");
  s.enqueue(a, 2);
  s.enqueue_priority(a, 1);
  a.blocked = true;
  auto now = HostScheduler::Clock::now();
  auto wake = now;
  auto p = s.pick(now, &wake);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->second, 1u);
  s.started(a, now);
  EXPECT_FALSE(s.pick(now, &wake));
  a.blocked = false;
  EXPECT_EQ(s.pick(now, &wake)->second, 2u);
}

TEST(HostScheduler, RaisedDelayAndDefer) {
  HostScheduler s(8, milliseconds(10));
  auto& a = s.host("http://a:80");
  auto now = HostScheduler::Clock::now();
  s.started(a, now);
  s.finished(a);
  s.raise_delay(a, milliseconds(500));
  EXPECT_EQ(a.next_start, now + milliseconds(500));
  s.raise_delay(a, milliseconds(5));  // never lowers
  EXPECT_EQ(a.delay, milliseconds(500));
  s.defer(a, now + milliseconds(2000));
  EXPECT_EQ(a.next_start, now + milliseconds(2000));
}

TEST(UrlInput, ReadsTextListsSkippingCommentsAndBlanks) {
  TempDir dir;
  std::string f =
      dir.write("l.txt", "\xEF\xBB\xBFhttp://a/1\n\n# comment\n  http://a/2  \r\n#x\nhttp://a/3");
  UrlInput in({f}, ShardBy::url, 0, 1);
  std::vector<std::string> urls;
  InputItem item;
  while (in.next(item)) urls.push_back(item.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"http://a/1", "http://a/2", "http://a/3"}));
}

TEST(UrlInput, ReadsJsonlWithMetadataAndReportsBadLines) {
  TempDir dir;
  std::string f = dir.write("l.data",
                            "{\"url\":\"http://a/1\",\"id\":\"one\",\"lang\":\"en\",\"n\":3,"
                            "\"metadata\":{\"k\":\"v\"}}\n"
                            "{broken\n"
                            "{\"id\":\"x\"}\n"
                            "[1,2]\n");
  UrlInput in({f}, ShardBy::url, 0, 1);
  InputItem item;
  ASSERT_TRUE(in.next(item));
  EXPECT_EQ(item.url, "http://a/1");
  EXPECT_EQ(item.id, "one");
  ASSERT_EQ(item.meta.size(), 3u);
  EXPECT_EQ(item.meta[0].key, "lang");
  EXPECT_EQ(item.meta[1].value, "3");
  EXPECT_TRUE(item.meta[1].is_json);
  EXPECT_EQ(item.meta[2].key, "k");
  ASSERT_TRUE(in.next(item));
  EXPECT_NE(item.error.find("invalid JSON"), std::string::npos);
  ASSERT_TRUE(in.next(item));
  EXPECT_NE(item.error.find("no string \"url\""), std::string::npos);
  EXPECT_EQ(item.id, "x");
  ASSERT_TRUE(in.next(item));
  EXPECT_NE(item.error.find("not a JSON object"), std::string::npos);
  EXPECT_FALSE(in.next(item));
}

TEST(UrlInput, MissingFileIsAnErrorUpFront) {
  EXPECT_THROW(UrlInput({"/nonexistent/urls.txt"}, ShardBy::url, 0, 1), std::runtime_error);
}

TEST(UrlInput, ShardsPartitionTheLinesAndHostKeepsHostsTogether) {
  TempDir dir;
  std::string list;
  for (int i = 0; i < 300; ++i)
    list += "http://h" + std::to_string(i % 7) + ".test/p" + std::to_string(i) + "\n";
  std::string f = dir.write("l.txt", list);
  for (ShardBy by : {ShardBy::url, ShardBy::host}) {
    std::multiset<std::string> all;
    std::map<std::string, std::set<uint32_t>> host_shards;
    for (uint32_t s = 0; s < 4; ++s) {
      UrlInput in({f}, by, s, 4);
      InputItem item;
      while (in.next(item)) {
        all.insert(item.url);
        host_shards[parse_url(item.url)->host].insert(s);
      }
    }
    EXPECT_EQ(all.size(), 300u);
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 300u);
    if (by == ShardBy::host) {
      for (const auto& [h, shards] : host_shards) EXPECT_EQ(shards.size(), 1u) << h;
    }
  }
}
