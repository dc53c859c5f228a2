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
  std::chrono::milliseconds retry_delay{1000};     //!< first backoff
  std::chrono::milliseconds max_backoff{60000};    //!< backoff cap
  std::chrono::milliseconds max_retry_after{120000};
  uint64_t max_size = 16ull << 20;
  int sitemap_depth = 5;       //!< sitemap index nesting followed
  uint64_t max_urls = 1000000;  //!< page URLs taken from sitemaps and feeds, over all shards
  ShardBy shard_by = ShardBy::url;
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  uint64_t seed = 0;  //!< jitter; 0 picks one from the clock
};

//! One URL's end: a fetched page, or a failure with its reason.
struct FetchResult {
  InputItem item;          //!< what the input said (url, id, metadata)
  bool ok = false;
  std::string error;       //!< when not ok
  int attempts = 0;        //!< requests made (0: refused before any request)
  bool from_sitemap = false;
  std::string sitemap;     //!< the sitemap or feed the URL came from
  std::optional<Response> response;  //!< the last response, when a request was made
};

//! Drives everything from the calling thread; next() returns results one by one.
class Fetcher {
 public:
  //! Called for every complete response (robots.txt, sitemaps, retried attempts included).
  using ResponseHook = std::function<void(const Response&)>;
  //! Log lines from the engine (level: 0 debug, 1 info, 2 warn).
  using LogHook = std::function<void(int, const std::string&)>;

  Fetcher(FetcherOptions options, std::unique_ptr<UrlInput> input);
  ~Fetcher();

  //! Sets the hook that sees every response (the WARC writer).
  void on_response(ResponseHook hook) { response_hook_ = std::move(hook); }
  //! Sets the log hook.
  void on_log(LogHook hook) { log_hook_ = std::move(hook); }

  //! The next finished URL; nullopt when every input URL has its result.
  std::optional<FetchResult> next();

  //! Requests started so far, robots.txt and retries included.
  uint64_t requests() const noexcept { return requests_; }

 private:
  enum class Kind { page, sitemap, robots };
  struct Job {
    Kind kind = Kind::page;
    InputItem item;
    UrlParts url;
    std::string origin;
    int depth = 0;
    int attempts = 0;
    std::string sitemap;  // the sitemap a page came from
  };
  struct RobotsEntry {
    bool known = false;
    RobotsRules rules;
  };

  void step(bool may_wait);
  void refill();
  void add_input(InputItem item);
  void add_job(Job job);
  void release_due_retries(HostScheduler::Clock::time_point now);
  void start_ready(HostScheduler::Clock::time_point now, HostScheduler::Clock::time_point* wake);
  void complete(uint64_t id, Response response);
  void robots_done(Job& job, const Response& response, const std::optional<Failure>& failure);
  void sitemap_done(Job& job, Response response);
  void fail(Job&& job, std::string message, std::optional<Response> response = std::nullopt);
  bool reports_sitemap_errors() const noexcept { return options_.shard_index == 0; }
  void log(int level, const std::string& text) const {
    if (log_hook_) log_hook_(level, text);
  }
  bool idle() const;

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
  size_t lookahead_;
  size_t ready_limit_;
  ResponseHook response_hook_;
  LogHook log_hook_;
};

}  // namespace docpipe::http
