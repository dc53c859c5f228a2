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

// robots.txt files are small; RFC 9309 asks crawlers to read at least 500 KiB.
constexpr uint64_t robots_max_bytes = 512 * 1024;

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
}

Fetcher::~Fetcher() = default;

bool Fetcher::idle() const {
  return input_done_ && scheduler_.waiting() == 0 && retries_.empty() && driver_.in_flight() == 0;
}

std::optional<FetchResult> Fetcher::next() {
  for (;;) {
    // With a result in hand, only top up the transfers (no waiting), then hand it out.
    step(ready_.empty());
    if (!ready_.empty()) {
      FetchResult r = std::move(ready_.front());
      ready_.pop_front();
      return r;
    }
    if (idle()) return std::nullopt;
  }
}

void Fetcher::step(bool may_wait) {
  refill();
  Clock::time_point now = Clock::now();
  release_due_retries(now);
  Clock::time_point wake = now + milliseconds(1000);
  start_ready(now, &wake);
  if (!retries_.empty()) wake = std::min(wake, retries_.top().first);
  milliseconds wait(0);
  if (may_wait && ready_.empty()) {
    wait = std::chrono::duration_cast<milliseconds>(wake - Clock::now()) + milliseconds(1);
    // Wake often enough for the stall check even when no byte arrives.
    milliseconds cap = std::clamp(options_.transfer.stall_timeout / 4, milliseconds(5), milliseconds(100));
    if (driver_.in_flight() > 0) wait = std::min(wait, cap);
    wait = std::clamp(wait, milliseconds(0), milliseconds(1000));
    if (idle()) wait = milliseconds(0);
  }
  driver_.run(wait);
  auto& done = driver_.completed();
  if (done.empty()) return;
  std::vector<std::pair<uint64_t, Response>> batch;
  batch.swap(done);
  for (auto& [id, response] : batch) complete(id, std::move(response));
}

void Fetcher::refill() {
  InputItem item;
  while (!input_done_ && scheduler_.waiting() < lookahead_ && ready_.size() < ready_limit_) {
    if (!input_->next(item)) {
      input_done_ = true;
      break;
    }
    add_input(std::move(item));
  }
}

void Fetcher::add_input(InputItem item) {
  Job job;
  job.kind = options_.mode == Mode::sitemap ? Kind::sitemap : Kind::page;
  if (!item.error.empty()) {
    std::string why = item.error;
    job.item = std::move(item);
    // In sitemap mode every shard reads every input line; one of them reports it.
    if (job.kind == Kind::page || reports_sitemap_errors()) fail(std::move(job), std::move(why));
    return;
  }
  std::string why;
  auto parts = parse_url(item.url, &why);
  job.item = std::move(item);
  if (!parts) {
    if (job.kind == Kind::page || reports_sitemap_errors()) fail(std::move(job), std::move(why));
    return;
  }
  job.url = std::move(*parts);
  if (job.kind == Kind::sitemap && !seen_sitemaps_.insert(job.url.normalized).second) return;
  add_job(std::move(job));
}

void Fetcher::add_job(Job job) {
  job.origin = origin_of(job.url);
  HostScheduler::Host& host = scheduler_.host(job.origin);
  if (options_.robots) {
    auto [it, inserted] = robots_.try_emplace(job.origin);
    auto robots_url = inserted ? parse_url(robots_url_of(job.url)) : std::nullopt;
    if (inserted && !robots_url) {
      it->second.known = true;  // cannot happen for a parsed URL; never block the host on it
    } else if (inserted) {
      // First URL of this origin: its robots.txt goes first, and the rest wait for it.
      Job robots;
      robots.kind = Kind::robots;
      robots.item.url = robots_url->normalized;
      robots.url = std::move(*robots_url);
      robots.origin = job.origin;
      uint64_t rid = next_id_++;
      jobs_.emplace(rid, std::move(robots));
      host.blocked = true;
      scheduler_.enqueue_priority(host, rid);
    }
  }
  uint64_t id = next_id_++;
  jobs_.emplace(id, std::move(job));
  scheduler_.enqueue(host, id);
}

void Fetcher::release_due_retries(Clock::time_point now) {
  while (!retries_.empty() && retries_.top().first <= now) {
    uint64_t id = retries_.top().second;
    retries_.pop();
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    HostScheduler::Host& host = scheduler_.host(it->second.origin);
    if (it->second.kind == Kind::robots) scheduler_.enqueue_priority(host, id);
    else scheduler_.enqueue(host, id, /*front=*/true);
  }
}

void Fetcher::start_ready(Clock::time_point now, Clock::time_point* wake) {
  while (driver_.in_flight() < static_cast<size_t>(options_.concurrency) && ready_.size() < ready_limit_) {
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
        if (!entry.rules.blanket_reason().empty()) why += " (" + entry.rules.blanket_reason() + ")";
        Job gone = std::move(job);
        jobs_.erase(it);
        if (gone.kind == Kind::page || reports_sitemap_errors()) fail(std::move(gone), std::move(why));
        continue;
      }
    }
    ++job.attempts;
    ++requests_;
    scheduler_.started(*host, now);
    uint64_t cap = job.kind == Kind::robots ? robots_max_bytes : options_.max_size;
    driver_.start(job.url.normalized, id, cap);
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
  r.response = std::move(response);
  ready_.push_back(std::move(r));
}

void Fetcher::complete(uint64_t id, Response response) {
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  scheduler_.finished(scheduler_.host(job.origin));
  // Only whole responses are archived: an aborted one would pose as complete.
  if (response_hook_ && response.code == CURLE_OK && !response.status_line.empty()) response_hook_(response);

  uint64_t cap = job.kind == Kind::robots ? robots_max_bytes : options_.max_size;
  std::optional<Failure> failure = classify(response, options_.transfer, cap);
  // A robots.txt above the cap is still read: its first 512 KiB hold the rules that count.
  if (job.kind == Kind::robots && failure && response.too_large) failure.reset();
  if (failure && failure->transient) {
    std::optional<milliseconds> retry_after;
    if (const std::string* h = find_header(response, "retry-after"))
      retry_after = parse_retry_after(*h, std::time(nullptr));
    RetryDecision d = retry_.decide(job.attempts, retry_after);
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
    if (job.attempts > 1) failure->message += " after " + std::to_string(job.attempts) + " attempts";
  }

  Job done = std::move(job);
  jobs_.erase(it);
  if (done.kind == Kind::robots) {
    robots_done(done, response, failure);
    return;
  }
  if (failure) {
    if (done.kind == Kind::sitemap) {
      if (reports_sitemap_errors()) fail(std::move(done), "sitemap: " + failure->message, std::move(response));
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
  r.response = std::move(response);
  ready_.push_back(std::move(r));
}

void Fetcher::robots_done(Job& job, const Response& response, const std::optional<Failure>& failure) {
  RobotsEntry& entry = robots_[job.origin];
  entry.known = true;
  HostScheduler::Host& host = scheduler_.host(job.origin);
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
  // "assume complete disallow". DNS failures and refused private addresses are left to the
  // pages themselves, which then fail with that same, more telling, reason.
  bool unavailable = response.status >= 400 && response.status <= 499;
  if (unavailable || failure->dns || response.private_refused || response.code == CURLE_TOO_MANY_REDIRECTS) {
    entry.rules = RobotsRules::allow_all();
    return;
  }
  entry.rules = RobotsRules::disallow_all("robots.txt unreachable: " + failure->message);
  log(1, "robots.txt of " + job.origin + " unreachable (" + failure->message +
             "): every URL of that host is disallowed");
}

void Fetcher::sitemap_done(Job& job, Response response) {
  SitemapExpansion ex = expand_sitemap(response.final_url, response.body, options_.max_size);
  if (!ex.error.empty()) {
    if (reports_sitemap_errors()) fail(std::move(job), "sitemap: " + ex.error, std::move(response));
    return;
  }
  size_t pages_added = 0, sitemaps_added = 0;
  for (std::string& s : ex.sitemaps) {
    if (job.depth + 1 > options_.sitemap_depth) {
      log(2, "sitemap " + job.url.normalized + ": not following nested sitemaps deeper than sitemap_depth " +
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
      if (!warned_max_urls_) log(2, "max_urls " + std::to_string(options_.max_urls) + " reached; further sitemap URLs ignored");
      warned_max_urls_ = true;
      break;
    }
    auto parts = parse_url(p);
    if (!parts || !seen_pages_.insert(parts->normalized).second) continue;
    ++pages_found_;
    // Every shard expands the same sitemaps; each keeps only its part of the pages.
    if (!in_shard(shard_key(p, options_.shard_by), options_.shard_index, options_.shard_count)) continue;
    Job page;
    page.kind = Kind::page;
    page.item.url = p;
    page.url = std::move(*parts);
    page.sitemap = job.url.normalized;
    add_job(std::move(page));
    ++pages_added;
  }
  log(0, "sitemap " + job.url.normalized + " (" + ex.kind + "): " + std::to_string(pages_added) +
             " pages and " + std::to_string(sitemaps_added) + " sitemaps queued");
}

}  // namespace docpipe::http
