// Politeness: per-origin queues, per-origin concurrency and minimum delay between request starts.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace docpipe::http {

//! Decides which waiting job may start now without being rude to its host.
class HostScheduler {
 public:
  using Clock = std::chrono::steady_clock;

  //! The politeness state of one origin ("scheme://host:port").
  struct Host {
    std::string origin;
    std::deque<uint64_t> priority;  //!< jobs that go first (robots.txt)
    std::deque<uint64_t> waiting;   //!< the origin's jobs, in order
    int in_flight = 0;
    Clock::time_point next_start{};  //!< no request starts before this
    std::chrono::milliseconds delay{0};
    bool blocked = false;  //!< only priority jobs may start (robots.txt not known yet)
    bool listed = false;   //!< in the active list
  };

  //! per_host: concurrent requests per origin; delay: minimum gap between request starts.
  HostScheduler(int per_host, std::chrono::milliseconds delay);

  //! The origin's state, created on first use.
  Host& host(const std::string& origin);
  //! Queues a job at the back (new work) or the front (a retry keeps its place).
  void enqueue(Host& h, uint64_t job, bool front = false);
  //! Queues a job that must go before the origin's others.
  void enqueue_priority(Host& h, uint64_t job);

  //! A job that may start now, or nullopt; *wake gets the earliest time a waiting one could.
  std::optional<std::pair<Host*, uint64_t>> pick(Clock::time_point now, Clock::time_point* wake);
  //! Records a request start (counts it, pushes next_start by the delay).
  void started(Host& h, Clock::time_point now);
  //! Records a request end.
  void finished(Host& h);
  //! Raises the origin's delay (Crawl-delay); never lowers it below the configured one.
  void raise_delay(Host& h, std::chrono::milliseconds delay);
  //! Holds the origin's next start until `until` (429 / Retry-After applies to the whole host).
  void defer(Host& h, Clock::time_point until);

  //! Jobs queued over all origins.
  size_t waiting() const noexcept { return waiting_; }
  //! Origins seen so far.
  size_t host_count() const noexcept { return hosts_.size(); }

 private:
  void activate(Host& h);

  int per_host_;
  std::chrono::milliseconds delay_;
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
  std::vector<Host*> active_;  // origins with queued jobs, scanned round-robin
  size_t cursor_ = 0;
  size_t waiting_ = 0;
};

}  // namespace docpipe::http
