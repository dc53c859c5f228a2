#include "host_scheduler.hpp"

#include <algorithm>

namespace docpipe::http {

HostScheduler::HostScheduler(int per_host, std::chrono::milliseconds delay)
    : per_host_(std::max(1, per_host)), delay_(std::max(delay, std::chrono::milliseconds(0))) {}

HostScheduler::Host& HostScheduler::host(const std::string& origin) {
  auto& slot = hosts_[origin];
  if (!slot) {
    slot = std::make_unique<Host>();
    slot->origin = origin;
    slot->delay = delay_;
  }
  return *slot;
}

void HostScheduler::activate(Host& h) {
  if (h.listed) return;
  h.listed = true;
  active_.push_back(&h);
}

void HostScheduler::enqueue(Host& h, uint64_t job, bool front) {
  if (front) h.waiting.push_front(job);
  else h.waiting.push_back(job);
  ++waiting_;
  activate(h);
}

void HostScheduler::enqueue_priority(Host& h, uint64_t job) {
  h.priority.push_back(job);
  ++waiting_;
  activate(h);
}

std::optional<std::pair<HostScheduler::Host*, uint64_t>> HostScheduler::pick(Clock::time_point now,
                                                                           Clock::time_point* wake) {
  size_t scanned = 0;
  while (scanned < active_.size()) {
    if (cursor_ >= active_.size()) cursor_ = 0;
    Host* h = active_[cursor_];
    bool has_priority = !h->priority.empty();
    bool has_work = has_priority || (!h->blocked && !h->waiting.empty());
    if (h->priority.empty() && h->waiting.empty()) {
      // Nothing queued: leave the active list (order of the rest does not matter for fairness).
      h->listed = false;
      active_[cursor_] = active_.back();
      active_.pop_back();
      continue;
    }
    ++scanned;
    if (!has_work || h->in_flight >= per_host_) {
      ++cursor_;
      continue;
    }
    if (h->next_start > now) {
      if (wake != nullptr && h->next_start < *wake) *wake = h->next_start;
      ++cursor_;
      continue;
    }
    uint64_t job;
    if (has_priority) {
      job = h->priority.front();
      h->priority.pop_front();
    } else {
      job = h->waiting.front();
      h->waiting.pop_front();
    }
    --waiting_;
    ++cursor_;  // the next pick starts at the next origin: round-robin between hosts
    return std::make_pair(h, job);
  }
  return std::nullopt;
}

void HostScheduler::started(Host& h, Clock::time_point now) {
  ++h.in_flight;
  h.next_start = std::max(h.next_start, now + h.delay);
}

void HostScheduler::finished(Host& h) {
  if (h.in_flight > 0) --h.in_flight;
}

void HostScheduler::raise_delay(Host& h, std::chrono::milliseconds delay) {
  if (delay > h.delay) {
    // The gap counts from the last start, which was scheduled with the old delay.
    h.next_start += delay - h.delay;
    h.delay = delay;
  }
}

void HostScheduler::defer(Host& h, Clock::time_point until) { h.next_start = std::max(h.next_start, until); }

}  // namespace docpipe::http
