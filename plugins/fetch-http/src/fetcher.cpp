#include "fetcher.hpp"

#include <algorithm>
#include <cmath>

#include "messages.hpp"
#include "outcome.hpp"
#include "sitemap.hpp"

namespace docpipe::http {
namespace {

using Clock = HostScheduler::Clock;
using std::chrono::milliseconds;

uint64_t pick_seed(uint64_t seed) {
  if (seed != 0) return seed;
  return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

}  // namespace

Fetcher::Fetcher(FetcherOptions options, std::unique_ptr<UrlInput> input)
    : options_(std::move(options)),
      input_(std::move(input)),
      driver_(options_.transfer),
      scheduler_(options_.per_host, options_.delay),
      retry_(options_.retries, options_.retry_delay, options_.max_backoff, options_.max_retry_after,
             pick_seed(options_.seed)),
      // Enough queued URLs to find other hosts while one host waits out its delay,
      // without reading a whole multi-million-line list into memory.
      lookahead_(static_cast<size_t>(std::max(4096, options_.concurrency * 16))),
      ready_limit_(static_cast<size_t>(std::max(1, options_.concurrency))) {
  options_.concurrency = std::max(1, options_.concurrency);
  options_.max_lookahead = std::max(options_.max_lookahead, lookahead_);
}

Fetcher::~Fetcher() = default;

bool Fetcher::idle() const {
  return input_done_ && scheduler_.waiting() == 0 && retries_.empty() && driver_.in_flight() == 0;
}

uint64_t Fetcher::cap_of(const Job& job) const noexcept {
  switch (job.kind) {
    case Kind::robots:
      return RobotsRules::max_bytes;
    case Kind::sitemap:
      return options_.max_sitemap_size;
    case Kind::page:
      break;
  }
  return options_.max_size;
}

std::optional<FetchResult> Fetcher::next() {
  for (;;) {
    StopState stop = stop_state();
    if (stop == StopState::aborting && !aborted_) {
      // The drain deadline passed: what is in flight ends now, each as an interrupted URL.
      aborted_ = true;
      driver_.abort_all();
    }
    // With a result in hand, only top up the transfers (no waiting), then hand it out.
    step(ready_.empty(), stop);
    if (!ready_.empty()) {
      FetchResult r = std::move(ready_.front());
      ready_.pop_front();
      return r;
    }
    // Stopping: queued and retrying URLs are left for a resumed run.
    if (stop != StopState::going ? driver_.in_flight() == 0 && driver_.completed().empty() : idle())
      return std::nullopt;
  }
}

void Fetcher::step(bool may_wait, StopState stop) {
  bool going = stop == StopState::going;
  Clock::time_point now = Clock::now();
  Clock::time_point wake = now + milliseconds(1000);
  if (going) {
    refill(lookahead_);
    release_due_retries(now);
    start_ready(now, &wake);
    // A host-sorted list queues one host's URLs only, which wait for its per_host slots or
    // its delay while the transfer slots idle: read further ahead for other hosts' URLs.
    while (!input_done_ && driver_.in_flight() < static_cast<size_t>(options_.concurrency) &&
           ready_.size() < ready_limit_ && scheduler_.waiting() < options_.max_lookahead) {
      refill(std::min(options_.max_lookahead, scheduler_.waiting() + 1024));
      start_ready(now, &wake);
    }
    if (!retries_.empty()) wake = std::min(wake, retries_.top().first);
  }
  milliseconds wait(0);
  if (may_wait && ready_.empty()) {
    wait = std::chrono::duration_cast<milliseconds>(wake - Clock::now()) + milliseconds(1);
    // Wake often enough for the stall check even when no byte arrives.
    milliseconds cap =
        std::clamp(options_.transfer.stall_timeout / 4, milliseconds(5), milliseconds(100));
    if (driver_.in_flight() > 0) wait = std::min(wait, cap);
    // ... and for the stop state, which nothing announces.
    if (stop_hook_) wait = std::min(wait, milliseconds(100));
    wait = std::clamp(wait, milliseconds(0), milliseconds(1000));
    if (going ? idle() : driver_.in_flight() == 0) wait = milliseconds(0);
  }
  driver_.run(wait);
  auto& done = driver_.completed();
  if (done.empty()) return;
  std::vector<std::pair<uint64_t, Response>> batch;
  batch.swap(done);
  for (auto& [id, response] : batch) complete(id, std::move(response));
}

void Fetcher::refill(size_t limit) {
  InputItem item;
  while (!input_done_ && scheduler_.waiting() < limit && ready_.size() < ready_limit_) {
    if (!input_->next(item)) {
      input_done_ = true;
      break;
    }
    add_input(std::move(item));
  }
}

void Fetcher::add_input(InputItem item) {
  ++urls_known_;
  Job job;
  job.kind = options_.mode == Mode::sitemap ? Kind::sitemap : Kind::page;
  if (!item.error.empty()) {
    std::string why = item.error;
    job.item = std::move(item);
    // In sitemap mode every shard reads every input line; one of them reports it.
    if (job.kind == Kind::page || reports_sitemap_errors())
      fail(std::move(job), std::move(why));
    else
      drop(std::move(job));
    return;
  }
  std::string why;
  auto parts = parse_url(item.url, &why);
  job.item = std::move(item);
  if (!parts) {
    if (job.kind == Kind::page || reports_sitemap_errors())
      fail(std::move(job), std::move(why));
    else
      drop(std::move(job));
    return;
  }
  job.url = std::move(*parts);
  if (job.kind == Kind::sitemap && !seen_sitemaps_.insert(job.url.normalized).second) {
    drop(std::move(job));
    return;
  }
  if (job.kind == Kind::page)
    add_page(std::move(job));
  else
    add_job(std::move(job));
}

void Fetcher::add_page(Job job) {
  if (committed_hook_ && committed_hook_(job.item.url)) {
    // Handed out unfetched, so that the host counts it as skipped and the counters add up.
    FetchResult r;
    r.item = std::move(job.item);
    r.skipped_committed = true;
    r.from_sitemap = !job.sitemap.empty();
    r.sitemap = std::move(job.sitemap);
    ++urls_done_;
    ready_.push_back(std::move(r));
    return;
  }
  add_job(std::move(job));
}

void Fetcher::add_job(Job job) {
  uint64_t id = next_id_++;
  jobs_.emplace(id, std::move(job));
  queue(id, false);
}

void Fetcher::queue(uint64_t id, bool front) {
  Job& job = jobs_.at(id);
  job.origin = origin_of(job.url);
  HostScheduler::Host& host = scheduler_.host(job.origin);
  if (job.kind == Kind::robots) {
    scheduler_.enqueue_priority(host, id);
    return;
  }
  if (options_.robots) {
    UrlParts url = job.url;  // ensure_robots adds a job: `job` may move
    ensure_robots(url, origin_of(url), host);
  }
  scheduler_.enqueue(host, id, front);
}

void Fetcher::ensure_robots(const UrlParts& url, const std::string& origin,
                            HostScheduler::Host& host) {
  auto [it, inserted] = robots_.try_emplace(origin);
  if (!inserted) return;
  auto robots_url = parse_url(robots_url_of(url));
  if (!robots_url) {
    it->second.known = true;  // cannot happen for a parsed URL; never block the host on it
    return;
  }
  // First URL of this origin: its robots.txt goes first, and the rest wait for it.
  Job robots;
  robots.kind = Kind::robots;
  robots.item.url = robots_url->normalized;
  robots.url = std::move(*robots_url);
  robots.origin = origin;
  robots.robots_for = origin;
  uint64_t rid = next_id_++;
  jobs_.emplace(rid, std::move(robots));
  host.blocked = true;
  scheduler_.enqueue_priority(host, rid);
}

void Fetcher::release_due_retries(Clock::time_point now) {
  while (!retries_.empty() && retries_.top().first <= now) {
    uint64_t id = retries_.top().second;
    retries_.pop();
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    HostScheduler::Host& host = scheduler_.host(it->second.origin);
    if (it->second.kind == Kind::robots)
      scheduler_.enqueue_priority(host, id);
    else
      scheduler_.enqueue(host, id, /*front=*/true);
  }
}

void Fetcher::start_ready(Clock::time_point now, Clock::time_point* wake) {
  while (driver_.in_flight() < static_cast<size_t>(options_.concurrency) &&
         ready_.size() < ready_limit_) {
    auto picked = scheduler_.pick(now, wake);
    if (!picked) return;
    auto [host, id] = *picked;
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    Job& job = it->second;
    if (options_.robots && job.kind != Kind::robots) {
      const RobotsEntry& entry = robots_[job.origin];
      if (entry.known && !entry.rules.allowed(job.url.path_query)) {
        std::string why = "disallowed by robots.txt";
        if (!entry.rules.blanket_reason().empty())
          why += " (" + entry.rules.blanket_reason() + ")";
        else if (!job.redirects.empty())
          why += " (redirected to " + job.url.normalized + ")";
        Job gone = std::move(job);
        jobs_.erase(it);
        if (gone.kind == Kind::page || reports_sitemap_errors())
          fail(std::move(gone), std::move(why));
        else
          drop(std::move(gone));
        continue;
      }
    }
    ++job.attempts;
    ++job.hop_attempts;
    ++requests_;
    scheduler_.started(*host, now);
    // robots.txt: RFC 9309 asks for at least the first 500 KiB of any size to be parsed.
    driver_.start(job.url.normalized, id, cap_of(job), job.kind == Kind::robots);
  }
}

void Fetcher::fail(Job&& job, std::string message, std::optional<Response> response) {
  FetchResult r;
  r.item = std::move(job.item);
  r.ok = false;
  r.error = std::move(message);
  r.attempts = job.attempts;
  r.from_sitemap = !job.sitemap.empty();
  r.sitemap = std::move(job.sitemap);
  r.redirects = std::move(job.redirects);
  r.response = std::move(response);
  ++urls_done_;
  ready_.push_back(std::move(r));
}

void Fetcher::drop(Job&&) { ++urls_done_; }

void Fetcher::interrupted(Job&& job) {
  if (job.kind == Kind::robots) return;  // its origin's pages are still queued: none starts now
  if (job.kind == Kind::sitemap && !reports_sitemap_errors()) return drop(std::move(job));
  std::string what = job.kind == Kind::sitemap ? "sitemap " : "";
  fail(std::move(job),
       "interrupted: " + what + "transfer aborted when the run stopped (drain timeout passed)");
}

Fetcher::Hop Fetcher::follow_redirect(uint64_t id, Job& job, const Response& response) {
  if (options_.transfer.max_redirects <= 0) return Hop::not_followed;
  if (job.redirects.size() >= static_cast<size_t>(options_.transfer.max_redirects))
    return Hop::too_many;
  auto target = parse_url(response.redirect_url);
  if (!target) return Hop::bad_target;
  job.redirects.push_back({job.url.normalized, response.status});
  job.url = std::move(*target);
  job.hop_attempts = 0;
  // Each hop is a request of its own: robots.txt, the target's queue, delay and retries.
  // It goes to the front of that queue: the URL was already under way.
  queue(id, /*front=*/true);
  return Hop::followed;
}

void Fetcher::complete(uint64_t id, Response response) {
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  scheduler_.finished(scheduler_.host(job.origin));
  if (response.interrupted) {
    Job gone = std::move(job);
    jobs_.erase(it);
    interrupted(std::move(gone));
    return;
  }
  static constexpr long followed[] = {301, 302, 303, 307, 308};
  bool redirect =
      response.code == CURLE_OK && !response.redirect_url.empty() &&
      std::find(std::begin(followed), std::end(followed), response.status) != std::end(followed);
  // Only whole responses are archived: an aborted one would pose as complete.
  if (response_hook_ && response.code == CURLE_OK && !response.status_line.empty() &&
      (!redirect || options_.archive_redirects))
    response_hook_(response);
  Hop hop = redirect ? follow_redirect(id, job, response) : Hop::not_followed;
  if (hop == Hop::followed) return;

  uint64_t cap = cap_of(job);
  std::optional<Failure> failure = classify(response, options_.transfer, cap);
  // A robots.txt above the cap is still read: its first 512 KiB hold the rules that count.
  if (job.kind == Kind::robots && failure && response.too_large) failure.reset();
  if (hop == Hop::too_many) {
    failure = Failure{
        "too many redirects (more than " + std::to_string(options_.transfer.max_redirects) + ")",
        false};
    failure->too_many_redirects = true;
  } else if (hop == Hop::bad_target && failure) {
    failure->message += " (redirect to an unsupported URL: " + response.redirect_url + ")";
  }
  if (failure && failure->transient) {
    std::optional<milliseconds> retry_after;
    if (const std::string* h = find_header(response, "retry-after"))
      retry_after = parse_retry_after(*h, std::time(nullptr));
    RetryDecision d = retry_.decide(job.hop_attempts, retry_after);
    if (d.retry) {
      Clock::time_point due = Clock::now() + d.delay;
      // A Retry-After speaks for the whole host, not only this URL.
      if (retry_after) scheduler_.defer(scheduler_.host(job.origin), due);
      log(0, "retrying " + job.url.normalized + " in " + format_duration(d.delay) + " after " +
                 failure->message);
      retries_.emplace(due, id);
      return;
    }
    if (!d.note.empty()) failure->message += " (" + d.note + ")";
    if (job.hop_attempts > 1)
      failure->message += " after " + std::to_string(job.hop_attempts) + " attempts";
  }

  Job done = std::move(job);
  jobs_.erase(it);
  if (done.kind == Kind::robots) {
    robots_done(done, response, failure);
    return;
  }
  if (failure) {
    if (done.kind == Kind::sitemap) {
      if (reports_sitemap_errors())
        fail(std::move(done), "sitemap: " + failure->message, std::move(response));
      else
        drop(std::move(done));
      return;
    }
    fail(std::move(done), failure->message, std::move(response));
    return;
  }
  if (done.kind == Kind::sitemap) {
    sitemap_done(done, std::move(response));
    return;
  }
  FetchResult r;
  r.item = std::move(done.item);
  r.ok = true;
  r.attempts = done.attempts;
  r.from_sitemap = !done.sitemap.empty();
  r.sitemap = std::move(done.sitemap);
  r.redirects = std::move(done.redirects);
  r.response = std::move(response);
  ++urls_done_;
  ready_.push_back(std::move(r));
}

void Fetcher::robots_done(Job& job, const Response& response,
                          const std::optional<Failure>& failure) {
  RobotsEntry& entry = robots_[job.robots_for];
  entry.known = true;
  HostScheduler::Host& host = scheduler_.host(job.robots_for);
  host.blocked = false;
  if (!failure) {
    entry.rules = RobotsRules::parse(response.body, options_.transfer.user_agent);
    if (auto cd = entry.rules.crawl_delay()) {
      auto ms = milliseconds(static_cast<int64_t>(std::min(*cd * 1000.0, 1e12)));
      scheduler_.raise_delay(host, std::min(ms, options_.max_crawl_delay));
    }
    return;
  }
  // RFC 9309 2.3.1: a 4xx robots.txt means no rules; an unreachable one or a 5xx means
  // "assume complete disallow". 429 is a 4xx that says "unreachable for now": after the
  // retries it disallows too, as Google's crawler does. DNS failures and refused private
  // addresses are left to the pages themselves, which then fail with that same, more
  // telling, reason.
  bool unavailable = response.status >= 400 && response.status <= 499 && response.status != 429;
  if (unavailable || failure->dns || response.private_refused || failure->too_many_redirects ||
      (response.status >= 300 && response.status <= 399)) {
    entry.rules = RobotsRules::allow_all();
    return;
  }
  entry.rules = RobotsRules::disallow_all("robots.txt unreachable: " + failure->message);
  log(1, "robots.txt of " + job.robots_for + " unreachable (" + failure->message +
             "): every URL of that host is disallowed");
}

void Fetcher::sitemap_done(Job& job, Response response) {
  SitemapExpansion ex =
      expand_sitemap(response.final_url, response.body, options_.max_sitemap_size);
  size_t pages_added = 0, sitemaps_added = 0;
  for (std::string& s : ex.sitemaps) {
    if (job.depth + 1 > options_.sitemap_depth) {
      log(2, "sitemap " + job.url.normalized +
                 ": not following nested sitemaps deeper than sitemap_depth " +
                 std::to_string(options_.sitemap_depth));
      break;
    }
    auto parts = parse_url(s);
    if (!parts || !seen_sitemaps_.insert(parts->normalized).second) continue;
    Job child;
    child.kind = Kind::sitemap;
    child.item.url = s;
    child.url = std::move(*parts);
    child.depth = job.depth + 1;
    add_job(std::move(child));
    ++sitemaps_added;
  }
  for (std::string& p : ex.pages) {
    if (pages_found_ >= options_.max_urls) {
      if (!warned_max_urls_)
        log(2, "max_urls " + std::to_string(options_.max_urls) +
                   " reached; further sitemap URLs ignored");
      warned_max_urls_ = true;
      break;
    }
    auto parts = parse_url(p);
    if (!parts || !seen_pages_.insert(parts->normalized).second) continue;
    ++pages_found_;
    // Every shard expands the same sitemaps; each keeps only its part of the pages.
    if (!in_shard(shard_key(p, options_.shard_by), options_.shard_index, options_.shard_count))
      continue;
    Job page;
    page.kind = Kind::page;
    page.item.url = p;
    page.url = std::move(*parts);
    page.sitemap = job.url.normalized;
    ++urls_known_;
    add_page(std::move(page));
    ++pages_added;
  }
  log(0, "sitemap " + job.url.normalized + " (" + (ex.kind.empty() ? "?" : ex.kind) +
             "): " + std::to_string(pages_added) + " pages and " + std::to_string(sitemaps_added) +
             " sitemaps queued");
  // A sitemap cut short by an error keeps the URLs before it, and is reported too.
  if (!ex.error.empty() && reports_sitemap_errors())
    fail(std::move(job), "sitemap: " + ex.error, std::move(response));
  else
    drop(std::move(job));
}

}  // namespace docpipe::http
