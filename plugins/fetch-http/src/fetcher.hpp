// The fetch engine: URL input -> robots.txt -> politeness -> libcurl -> one result per URL.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "curl_driver.hpp"
#include "host_scheduler.hpp"
#include "outcome.hpp"
#include "retry_policy.hpp"
#include "robots.hpp"
#include "url_input.hpp"
#include "url_utils.hpp"

namespace docpipe::http {

//! urls: the inputs are the pages; sitemap: the inputs are sitemaps/feeds/robots.txt to expand.
enum class Mode { urls, sitemap };

//! Whether the run goes on (mirrors the SDK's dp_stop_state without depending on it).
enum class StopState { going = 0, draining = 1, aborting = 2 };

//! Everything the engine is configured with (the plugin's parameters).
struct FetcherOptions {
  TransferOptions transfer;
  Mode mode = Mode::urls;
  int concurrency = 64;
  int per_host = 8;
  std::chrono::milliseconds delay{0};
  bool robots = true;
  std::chrono::milliseconds max_crawl_delay{60000};  //!< Crawl-delay above this is cut to it
  int retries = 3;
  std::chrono::milliseconds retry_delay{1000};   //!< first backoff
  std::chrono::milliseconds max_backoff{60000};  //!< backoff cap
  std::chrono::milliseconds max_retry_after{120000};
  uint64_t max_size = 16ull << 20;
  uint64_t max_sitemap_size = 50ull
                              << 20;  //!< sitemaps and feeds, decompressed (the protocol's 50 MB)
  bool archive_redirects = true;      //!< hand redirect responses to the response hook too
  //! URLs read ahead of the fetching at most: when every queued URL's host is busy or
  //! waiting out its delay, the input is read further, up to this, for other hosts' URLs.
  size_t max_lookahead = 50000;
  int sitemap_depth = 5;        //!< sitemap index nesting followed
  uint64_t max_urls = 1000000;  //!< page URLs taken from sitemaps and feeds, over all shards
  ShardBy shard_by = ShardBy::url;
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  uint64_t seed = 0;  //!< jitter; 0 picks one from the clock
};

//! One redirect followed: the URL that answered and its status.
struct RedirectHop {
  std::string url;
  long status = 0;
};

//! One URL's end: a fetched page, or a failure with its reason.
struct FetchResult {
  InputItem item;  //!< what the input said (url, id, metadata)
  bool ok = false;
  std::string error;  //!< when not ok
  int attempts = 0;   //!< requests made (0: refused before any request)
  bool from_sitemap = false;
  std::string sitemap;                 //!< the sitemap or feed the URL came from
  std::vector<RedirectHop> redirects;  //!< redirects followed, in order
  std::optional<Response> response;    //!< the last response, when a request was made
  //! Not fetched: an earlier attempt of a resumed run committed it (the host counts it).
  bool skipped_committed = false;
};

//! Drives everything from the calling thread; next() returns results one by one.
class Fetcher {
 public:
  //! Called for every complete response (robots.txt, sitemaps, retried attempts included).
  using ResponseHook = std::function<void(const Response&)>;
  //! Log lines from the engine (level: 0 debug, 1 info, 2 warn).
  using LogHook = std::function<void(int, const std::string&)>;
  //! Polled while fetching: draining starts nothing new, aborting also aborts transfers in flight.
  using StopHook = std::function<StopState()>;
  //! True for a page URL an earlier attempt committed (resumed runs): it is not fetched.
  using CommittedHook = std::function<bool(const std::string& url)>;

  Fetcher(FetcherOptions options, std::unique_ptr<UrlInput> input);
  ~Fetcher();

  //! Sets the hook that sees every response (the WARC writer).
  void on_response(ResponseHook hook) { response_hook_ = std::move(hook); }
  //! Sets the log hook.
  void on_log(LogHook hook) { log_hook_ = std::move(hook); }
  //! Sets the stop state source (the host's, or a test's).
  void on_stop(StopHook hook) { stop_hook_ = std::move(hook); }
  //! Sets the test for URLs committed by an earlier attempt.
  void on_committed(CommittedHook hook) { committed_hook_ = std::move(hook); }

  //! The next finished URL; nullopt when every input URL has its result.
  std::optional<FetchResult> next();

  //! Requests started so far, robots.txt and retries included.
  uint64_t requests() const noexcept { return requests_; }
  //! URLs (input lines and sitemap pages) that got their end so far.
  uint64_t urls_done() const noexcept { return urls_done_; }
  //! URLs known so far (input lines read, pages found in sitemaps).
  uint64_t urls_known() const noexcept { return urls_known_; }

 private:
  enum class Kind { page, sitemap, robots };
  struct Job {
    Kind kind = Kind::page;
    InputItem item;
    UrlParts url;
    std::string origin;
    int depth = 0;
    int attempts = 0;        // requests over all hops
    int hop_attempts = 0;    // requests for the current hop (what retries count)
    std::string sitemap;     // the sitemap a page came from
    std::string robots_for;  // robots jobs: the origin whose rules these are
    std::vector<RedirectHop> redirects;
  };
  struct RobotsEntry {
    bool known = false;
    RobotsRules rules;
  };

  void step(bool may_wait, StopState stop);
  void refill(size_t limit);
  void add_input(InputItem item);
  void add_page(Job job);
  void add_job(Job job);
  void queue(uint64_t id, bool front);
  void ensure_robots(const UrlParts& url, const std::string& origin, HostScheduler::Host& host);
  enum class Hop { followed, not_followed, too_many, bad_target };
  Hop follow_redirect(uint64_t id, Job& job, const Response& response);
  void interrupted(Job&& job);
  void release_due_retries(HostScheduler::Clock::time_point now);
  void start_ready(HostScheduler::Clock::time_point now, HostScheduler::Clock::time_point* wake);
  void complete(uint64_t id, Response response);
  void robots_done(Job& job, const Response& response, const std::optional<Failure>& failure);
  void sitemap_done(Job& job, Response response);
  void fail(Job&& job, std::string message, std::optional<Response> response = std::nullopt);
  void drop(Job&& job);  // a sitemap error another shard reports: no document here
  StopState stop_state() const { return stop_hook_ ? stop_hook_() : StopState::going; }
  bool reports_sitemap_errors() const noexcept { return options_.shard_index == 0; }
  void log(int level, const std::string& text) const {
    if (log_hook_) log_hook_(level, text);
  }
  bool idle() const;
  uint64_t cap_of(const Job& job) const noexcept;

  FetcherOptions options_;
  std::unique_ptr<UrlInput> input_;
  bool input_done_ = false;
  CurlDriver driver_;
  HostScheduler scheduler_;
  RetryPolicy retry_;
  std::unordered_map<uint64_t, Job> jobs_;
  uint64_t next_id_ = 1;
  std::unordered_map<std::string, RobotsEntry> robots_;
  using Due = std::pair<HostScheduler::Clock::time_point, uint64_t>;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> retries_;
  std::deque<FetchResult> ready_;
  std::unordered_set<std::string> seen_pages_;
  std::unordered_set<std::string> seen_sitemaps_;
  uint64_t pages_found_ = 0;
  bool warned_max_urls_ = false;
  uint64_t requests_ = 0;
  uint64_t urls_done_ = 0;
  uint64_t urls_known_ = 0;
  bool aborted_ = false;
  size_t lookahead_;
  size_t ready_limit_;
  ResponseHook response_hook_;
  LogHook log_hook_;
  StopHook stop_hook_;
  CommittedHook committed_hook_;
};

}  // namespace docpipe::http
