// A blocking FIFO bounded both in items and in bytes: the executor's
// backpressure. push() waits while the queue is full; one item larger than
// the byte limit is still admitted when the queue is empty, so a single big
// document can never wedge the run. close() wakes everyone: pop() then drains
// what is left and returns nothing once empty.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace docpipe {

//! Limits and what was observed, for stats and tests.
struct QueueStats {
  size_t max_items = 0;       //!< the item limit
  size_t max_bytes = 0;       //!< the byte limit
  size_t peak_items = 0;      //!< most items ever held at once
  size_t peak_bytes = 0;      //!< most bytes ever held at once
  size_t pushes_blocked = 0;  //!< pushes that had to wait (backpressure)
};

template <class T>
class BoundedQueue {
 public:
  BoundedQueue(size_t max_items, size_t max_bytes) {
    stats_.max_items = max_items < 1 ? 1 : max_items;
    stats_.max_bytes = max_bytes;
  }

  //! Waits for room, then adds; false if the queue was closed.
  bool push(T item, size_t bytes) {
    std::unique_lock lock(mutex_);
    auto full = [&] {
      return !items_.empty() &&
             (items_.size() >= stats_.max_items || bytes_ + bytes > stats_.max_bytes);
    };
    if (full()) ++stats_.pushes_blocked;
    not_full_.wait(lock, [&] { return closed_ || !full(); });
    if (closed_) return false;
    items_.emplace_back(std::move(item), bytes);
    bytes_ += bytes;
    if (items_.size() > stats_.peak_items) stats_.peak_items = items_.size();
    if (bytes_ > stats_.peak_bytes) stats_.peak_bytes = bytes_;
    not_empty_.notify_one();
    return true;
  }

  //! Waits for an item; nothing once the queue is closed and empty.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    auto [item, bytes] = std::move(items_.front());
    items_.pop_front();
    bytes_ -= bytes;
    not_full_.notify_one();
    return std::move(item);
  }

  //! No more pushes; pops drain what is left.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  QueueStats stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::pair<T, size_t>> items_;
  size_t bytes_ = 0;
  bool closed_ = false;
  QueueStats stats_;
};

}  // namespace docpipe
