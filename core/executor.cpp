#include "executor.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

#include "errors.hpp"
#include "host_api.hpp"
#include "instance.hpp"
#include "logging.hpp"
#include "resume/input_tracker.hpp"
#include "resume/shard_state.hpp"

namespace docpipe {
namespace {

using Clock = std::chrono::steady_clock;
using DocPtr = std::unique_ptr<dp_document>;

uint64_t nanos_since(Clock::time_point t0) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
}

// Bytes a document brings in, for throughput and queue accounting.
size_t input_bytes(const dp_document& d) {
  size_t raw = d.get(DP_FIELD_RAW).size();
  return raw > 0 ? raw : d.get(DP_FIELD_HTML).size() + d.get(DP_FIELD_TEXT).size();
}

// Lets the reader run at most `size` documents ahead of the writer (ordered runs).
class OrderWindow {
 public:
  explicit OrderWindow(size_t size) : size_(size) {}
  void admit(uint64_t seq) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return seq < delivered_ + size_; });
  }
  void delivered(uint64_t count) {
    std::lock_guard lock(mutex_);
    delivered_ = count;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  uint64_t delivered_ = 0;
  size_t size_;
};

// The first component error stops the run; later ones are only logged. A
// broken source stops reading but what it read is still processed; a broken
// stage or sink also stops processing, since later documents would fail anyway.
class FatalError {
 public:
  void set(const std::string& what, bool stop_processing = true) {
    std::lock_guard lock(mutex_);
    if (message_.empty()) message_ = what;
    flag_.store(true);
    if (stop_processing) stop_processing_.store(true);
  }
  bool is_set() const { return flag_.load(std::memory_order_relaxed); }
  bool stops_processing() const { return stop_processing_.load(std::memory_order_relaxed); }
  std::string message() const {
    std::lock_guard lock(mutex_);
    return message_;
  }

 private:
  mutable std::mutex mutex_;
  std::string message_;
  std::atomic<bool> flag_{false};
  std::atomic<bool> stop_processing_{false};
};

struct Counters {
  std::atomic<uint64_t> read{0}, ok{0}, dropped{0}, failed{0}, bytes_in{0}, bytes_out{0};
};

class Run {
 public:
  Run(const Pipeline& p, const RunOptions& o)
      : pipeline_(p),
        options_(o),
        limits_(resolve_limits(p, o)),
        log_(make_logger("docpipe")),
        in_(limits_.queue_docs, limits_.queue_bytes / 2),
        out_(limits_.queue_docs, limits_.queue_bytes / 2),
        window_(limits_.order_window),
        state_(o.state),
        resume_handle_{o.state} {
    if (state_ != nullptr) tracker_.emplace(*state_);
  }

  RunStats execute() {
    log_->debug("limits: {} workers; input and output queues {} documents / {} bytes each; {}",
                limits_.threads, limits_.queue_docs, limits_.queue_bytes / 2,
                pipeline_.ordered ? "ordered, window " + std::to_string(limits_.order_window)
                                  : std::string("unordered"));
    create_instances();
    auto t0 = Clock::now();
    std::thread writer([&] { write_loop(); });
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < limits_.threads; ++w) workers.emplace_back([&, w] { work_loop(w); });
    std::thread progress;
    if (options_.progress) progress = std::thread([&] { progress_loop(t0); });

    read_loop();
    in_.close();
    for (auto& t : workers) t.join();
    finish_stages();
    out_.close();
    writer.join();
    finish_sinks();
    if (state_ != nullptr) final_commit();
    {
      std::lock_guard lock(progress_mutex_);
      done_ = true;
    }
    progress_cv_.notify_all();
    if (progress.joinable()) {
      progress.join();
      std::fputs("\n", stderr);
    }
    return collect(std::chrono::duration<double>(Clock::now() - t0).count());
  }

 private:
  void create_instances() {
    InstancePlace place;
    place.pipeline_name = pipeline_.name;
    place.shard_index = options_.shard_index;
    place.shard_count = options_.shard_count;
    place.run = &run_services_;
    if (state_ != nullptr) {
      place.resume = &resume_handle_;
      place.temp_dir = state_->temp_dir().string();
      place.attempt = state_->attempt();
    }
    source_ = std::make_unique<PluginInstance>(pipeline_.source, place);
    stage_instances_.resize(limits_.threads);
    for (const auto& st : pipeline_.stages) {
      bool shared = (st.plugin->descriptor->flags & DP_FLAG_THREAD_SAFE) != 0;
      PluginInstance* shared_instance = nullptr;
      for (unsigned w = 0; w < limits_.threads; ++w) {
        if (!shared || shared_instance == nullptr) {
          place.worker_index = shared ? 0 : w;
          owned_.push_back(std::make_unique<PluginInstance>(st, place));
          shared_instance = owned_.back().get();
        }
        stage_instances_[w].push_back(shared_instance);
      }
    }
    place.worker_index = 0;
    for (const auto& s : pipeline_.sinks) sinks_.push_back(std::make_unique<PluginInstance>(s, place));
    errors_ = std::make_unique<PluginInstance>(pipeline_.errors, place);
    // One stats slot per element: source, stages, sinks, errors.
    auto slot = [&](const ResolvedElement& e, const char* role) {
      elements_.push_back({e.name, e.plugin->id(), role, 0, 0, 0, 0});
    };
    slot(pipeline_.source, "source");
    for (const auto& s : pipeline_.stages) slot(s, "stage");
    for (const auto& s : pipeline_.sinks) slot(s, "sink");
    slot(pipeline_.errors, "errors");
    worker_elements_.assign(limits_.threads, std::vector<ElementStats>(pipeline_.stages.size()));
    if (state_ != nullptr) {
      std::string without;
      for (const auto& s : sinks_)
        if (!s->can_checkpoint()) without += (without.empty() ? "" : ", ") + s->name();
      if (!errors_->can_checkpoint()) without += (without.empty() ? "" : ", ") + errors_->name();
      checkpointing_ = without.empty() && (options_.checkpoint_docs > 0 || options_.checkpoint_seconds > 0);
      if (!without.empty())
        log_->warn("{} cannot checkpoint: this shard commits only when it ends, and a killed attempt starts over",
                   without);
    }
  }

  bool stopping() const {
    return fatal_.is_set() || (options_.stop != nullptr && options_.stop->load() != 0);
  }

  void read_loop() {
    ElementStats& st = elements_[0];
    uint64_t seq = 0;
    while (!stopping()) {
      if (pipeline_.ordered) window_.admit(seq);
      auto doc = std::make_unique<dp_document>();
      doc->sequence = static_cast<int64_t>(seq);
      auto t0 = Clock::now();
      CallResult r = source_->next(*doc);
      st.nanos += nanos_since(t0);
      ++st.calls;
      if (r.status == DP_END) {
        source_ended_ = true;
        break;
      }
      if (r.status == DP_COMPONENT_ERROR) {
        fatal_.set(source_->name() + ": " + r.message, false);
        break;
      }
      if (tracker_ && tracker_->already_committed(doc->get(DP_FIELD_INPUT).empty() ? doc->get(DP_FIELD_SOURCE)
                                                                                 : doc->get(DP_FIELD_INPUT))) {
        ++skipped_committed_;
        continue;
      }
      counters_.read.fetch_add(1, std::memory_order_relaxed);
      size_t bytes = input_bytes(*doc);
      counters_.bytes_in.fetch_add(bytes, std::memory_order_relaxed);
      ++seq;
      if (r.status == DP_OK) {
        in_.push(std::move(doc), bytes);
      } else {
        // A document the source itself failed or dropped skips the stages but is
        // still counted and, when failed, recorded by the writer.
        doc->mark(r.status == DP_DROPPED ? DP_DROPPED : DP_DOCUMENT_ERROR, source_->name(), r.message);
        if (r.status == DP_DROPPED) ++st.dropped; else ++st.failed;
        out_.push(std::move(doc), bytes);
      }
      if (checkpointing_ && checkpoint_due()) checkpoint();
    }
  }

  bool checkpoint_due() {
    ++since_checkpoint_;
    if (options_.checkpoint_docs > 0 && since_checkpoint_ >= options_.checkpoint_docs) return true;
    return options_.checkpoint_seconds > 0 &&
           std::chrono::duration<double>(Clock::now() - last_checkpoint_).count() >= options_.checkpoint_seconds;
  }

  // Runs on the reader thread: waits until the writer has delivered every
  // document read so far (the writer is then idle, so the sinks are ours),
  // has every sink make its output durable, and commits the inputs' progress.
  void checkpoint() {
    uint64_t target = counters_.read.load();
    {
      std::unique_lock lock(barrier_mutex_);
      barrier_waiting_.store(true);
      barrier_cv_.wait(lock, [&] { return delivered_.load() >= target || fatal_.is_set(); });
      barrier_waiting_.store(false);
    }
    since_checkpoint_ = 0;
    last_checkpoint_ = Clock::now();
    if (fatal_.is_set()) return;
    for (auto* s : checkpoint_order()) {
      CallResult r = s->checkpoint();
      if (r.status != DP_OK) {
        fatal_.set(s->name() + ": checkpoint failed: " + r.message);
        return;
      }
    }
    commit(false);
  }

  std::vector<PluginInstance*> checkpoint_order() {
    std::vector<PluginInstance*> all;
    for (auto& s : sinks_) all.push_back(s.get());
    all.push_back(errors_.get());
    return all;
  }

  void commit(bool source_ended) {
    CommitCounts now{counters_.ok.load(), counters_.dropped.load(), counters_.failed.load()};
    CommitCounts delta{now.ok - committed_.ok, now.dropped - committed_.dropped, now.failed - committed_.failed};
    try {
      state_->commit(tracker_->take_progress(source_ended), delta, source_ended);
      committed_ = now;
      ++checkpoints_;
      state_->write_status("running", std::nullopt);
    } catch (const std::exception& e) {
      fatal_.set(std::string("state ") + state_->dir().string() + ": " + e.what());
    }
  }

  // The run's last commit: what finish() completed. Not after a component
  // error: what was written since the last checkpoint is discarded, and the
  // next attempt redoes it.
  void final_commit() {
    if (fatal_.is_set()) {
      state_->abandon_pending();
      return;
    }
    commit(source_ended_ && !stop_requested());
  }

  bool stop_requested() const { return options_.stop != nullptr && options_.stop->load() != 0; }

  void work_loop(unsigned w) {
    auto& instances = stage_instances_[w];
    auto& stats = worker_elements_[w];
    while (auto item = in_.pop()) {
      DocPtr doc = std::move(*item);
      for (size_t i = 0; i < instances.size(); ++i) {
        if (fatal_.stops_processing()) {
          doc->mark(DP_DOCUMENT_ERROR, instances[i]->name(),
                    "not processed: the run stopped after: " + fatal_.message());
          break;
        }
        auto t0 = Clock::now();
        CallResult r = instances[i]->process(*doc);
        stats[i].nanos += nanos_since(t0);
        ++stats[i].calls;
        if (r.status == DP_OK) continue;
        if (r.status == DP_DROPPED) {
          ++stats[i].dropped;
          doc->mark(DP_DROPPED, instances[i]->name(), r.message);
        } else {
          ++stats[i].failed;
          if (r.status == DP_COMPONENT_ERROR) fatal_.set(instances[i]->name() + ": " + r.message);
          doc->mark(r.status == DP_END ? DP_DOCUMENT_ERROR : r.status, instances[i]->name(),
                    r.message.empty() ? "failed without a message" : r.message);
        }
        break;
      }
      size_t bytes = doc->bytes();
      out_.push(std::move(doc), bytes);
    }
  }

  void finish_stages() {
    for (auto& inst : owned_) {
      CallResult r = inst->finish();
      if (r.status != DP_OK) fatal_.set(inst->name() + ": finish failed: " + r.message);
    }
  }

  void write_loop() {
    std::map<int64_t, DocPtr> pending;
    int64_t next = 0;
    while (auto item = out_.pop()) {
      DocPtr doc = std::move(*item);
      if (!pipeline_.ordered) {
        deliver(*doc);
        continue;
      }
      pending.emplace(doc->sequence, std::move(doc));
      while (!pending.empty() && pending.begin()->first == next) {
        deliver(*pending.begin()->second);
        pending.erase(pending.begin());
        ++next;
      }
      window_.delivered(static_cast<uint64_t>(next));
    }
    // Only gaps left by a source that stopped mid-way; still deliver in order.
    for (auto& [seq, doc] : pending) deliver(*doc);
  }

  void deliver(dp_document& doc) {
    size_t first_sink = 1 + pipeline_.stages.size();
    if (doc.status == DP_OK) {
      for (size_t i = 0; i < sinks_.size(); ++i) {
        ElementStats& st = elements_[first_sink + i];
        if (broken_sink_) {
          doc.mark(DP_DOCUMENT_ERROR, sinks_[i]->name(),
                   "not exported: the run stopped after: " + fatal_.message());
          break;
        }
        auto t0 = Clock::now();
        CallResult r = sinks_[i]->write(doc);
        st.nanos += nanos_since(t0);
        ++st.calls;
        if (r.status == DP_OK) continue;
        ++st.failed;
        if (r.status == DP_COMPONENT_ERROR) {
          broken_sink_ = true;
          fatal_.set(sinks_[i]->name() + ": " + r.message);
        }
        doc.mark(DP_DOCUMENT_ERROR, sinks_[i]->name(),
                 r.message.empty() ? "write failed without a message" : r.message);
        break;
      }
    }
    if (doc.status == DP_OK) {
      counters_.ok.fetch_add(1, std::memory_order_relaxed);
      counters_.bytes_out.fetch_add(doc.get(DP_FIELD_TEXT).size(), std::memory_order_relaxed);
    } else if (doc.status == DP_DROPPED) {
      counters_.dropped.fetch_add(1, std::memory_order_relaxed);
      log_->debug("dropped {} at {}: {}", doc.get(DP_FIELD_ID), doc.get(DP_FIELD_STAGE),
                  doc.get(DP_FIELD_MESSAGE));
    } else {
      counters_.failed.fetch_add(1, std::memory_order_relaxed);
      log_->debug("failed {} at {}: {}", doc.get(DP_FIELD_ID), doc.get(DP_FIELD_STAGE),
                  doc.get(DP_FIELD_MESSAGE));
      ElementStats& st = elements_.back();
      auto t0 = Clock::now();
      CallResult r = errors_->write(doc);
      st.nanos += nanos_since(t0);
      ++st.calls;
      if (r.status != DP_OK) {
        ++st.failed;
        log_->error("could not record failed document {} in {}: {}", doc.get(DP_FIELD_ID),
                    errors_->name(), r.message);
      }
    }
    delivered_.fetch_add(1);
    if (barrier_waiting_.load()) {
      std::lock_guard lock(barrier_mutex_);
      barrier_cv_.notify_all();
    }
  }

  void finish_sinks() {
    auto finish = [&](PluginInstance& s) {
      CallResult r = s.finish();
      if (r.status != DP_OK) fatal_.set(s.name() + ": finish failed: " + r.message);
    };
    if (!broken_sink_)
      for (auto& s : sinks_) finish(*s);
    finish(*errors_);
    finish(*source_);
  }

  void progress_loop(Clock::time_point t0) {
    bool tty = isatty(STDERR_FILENO) != 0;
    std::unique_lock lock(progress_mutex_);
    while (!progress_cv_.wait_for(lock, std::chrono::milliseconds(tty ? 500 : 5000),
                                  [&] { return done_; })) {
      double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      uint64_t read = counters_.read.load();
      std::fprintf(stderr, "%s[docpipe] %llu read, %llu ok, %llu dropped, %llu failed | %.1f docs/s | %.2f MB/s%s",
                   tty ? "\r" : "", static_cast<unsigned long long>(read),
                   static_cast<unsigned long long>(counters_.ok.load()),
                   static_cast<unsigned long long>(counters_.dropped.load()),
                   static_cast<unsigned long long>(counters_.failed.load()),
                   secs > 0 ? read / secs : 0.0,
                   secs > 0 ? counters_.bytes_in.load() / secs / 1e6 : 0.0, tty ? "   " : "\n");
      std::fflush(stderr);
    }
  }

  RunStats collect(double wall) {
    RunStats s;
    s.pipeline = pipeline_.name;
    s.shard_index = options_.shard_index;
    s.shard_count = options_.shard_count;
    s.threads = limits_.threads;
    s.ordered = pipeline_.ordered;
    s.read = counters_.read;
    s.ok = counters_.ok;
    s.dropped = counters_.dropped;
    s.failed = counters_.failed;
    s.bytes_in = counters_.bytes_in;
    s.bytes_out = counters_.bytes_out;
    s.wall_seconds = wall;
    s.interrupted = options_.stop != nullptr && options_.stop->load() != 0;
    s.fatal_error = fatal_.message();
    for (const auto& per_worker : worker_elements_) {
      for (size_t i = 0; i < per_worker.size(); ++i) {
        auto& e = elements_[1 + i];
        e.calls += per_worker[i].calls;
        e.nanos += per_worker[i].nanos;
        e.dropped += per_worker[i].dropped;
        e.failed += per_worker[i].failed;
      }
    }
    s.elements = elements_;
    s.input_queue = in_.stats();
    s.output_queue = out_.stats();
    s.order_window = pipeline_.ordered ? limits_.order_window : 0;
    s.resumable = state_ != nullptr;
    s.attempt = state_ != nullptr ? state_->attempt() : 0;
    s.skipped_committed = skipped_committed_;
    s.checkpoints = checkpoints_;
    return s;
  }

  const Pipeline& pipeline_;
  RunOptions options_;
  QueueLimits limits_;
  std::shared_ptr<spdlog::logger> log_;
  BoundedQueue<DocPtr> in_;
  BoundedQueue<DocPtr> out_;
  OrderWindow window_;
  FatalError fatal_;
  Counters counters_;
  bool broken_sink_ = false;  // writer thread only

  // Resumable runs. The tracker, counts and clock belong to the reader thread.
  ShardState* state_;
  dp_resume resume_handle_;
  dp_run run_services_;
  std::optional<InputTracker> tracker_;
  bool checkpointing_ = false;
  bool source_ended_ = false;
  uint64_t skipped_committed_ = 0;
  uint64_t checkpoints_ = 0;
  uint64_t since_checkpoint_ = 0;
  Clock::time_point last_checkpoint_ = Clock::now();
  CommitCounts committed_;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<bool> barrier_waiting_{false};
  std::mutex barrier_mutex_;
  std::condition_variable barrier_cv_;

  std::unique_ptr<PluginInstance> source_;
  std::vector<std::unique_ptr<PluginInstance>> owned_;
  std::vector<std::vector<PluginInstance*>> stage_instances_;
  std::vector<std::unique_ptr<PluginInstance>> sinks_;
  std::unique_ptr<PluginInstance> errors_;
  std::vector<ElementStats> elements_;                      // reader and writer slots
  std::vector<std::vector<ElementStats>> worker_elements_;  // [worker][stage]

  std::mutex progress_mutex_;
  std::condition_variable progress_cv_;
  bool done_ = false;
};

}  // namespace

QueueLimits resolve_limits(const Pipeline& p, const RunOptions& o) {
  QueueLimits l{};
  l.threads = o.threads ? o.threads
              : p.threads ? *p.threads
                          : std::max(1u, std::thread::hardware_concurrency());
  l.queue_docs = o.queue_docs ? o.queue_docs
                 : p.queue_docs && *p.queue_docs > 0 ? static_cast<size_t>(*p.queue_docs)
                                                     : std::max<size_t>(16, 4 * l.threads);
  l.queue_bytes = o.queue_bytes ? o.queue_bytes
                  : p.queue_bytes && *p.queue_bytes > 0 ? static_cast<size_t>(*p.queue_bytes)
                                                        : size_t{256} << 20;
  // Everything that can be in flight: both queues and one document per worker.
  l.order_window = 2 * l.queue_docs + l.threads;
  return l;
}

RunStats run_pipeline(const Pipeline& pipeline, const RunOptions& options) {
  Run run(pipeline, options);
  return run.execute();
}

}  // namespace docpipe
