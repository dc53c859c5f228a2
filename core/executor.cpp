#include "executor.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "errors.hpp"
#include "host_api.hpp"
#include "instance.hpp"
#include "isolation/worker_process.hpp"
#include "isolation/worker_setup.hpp"
#include "logging.hpp"
#include "progress_line.hpp"
#include "resume/input_tracker.hpp"
#include "resume/shard_state.hpp"
#include "stage_chain.hpp"

namespace docpipe {
namespace {

using Clock = std::chrono::steady_clock;
using DocPtr = std::unique_ptr<dp_document>;
using isolation::WorkerOutcome;
using isolation::WorkerProcess;

uint64_t nanos_since(Clock::time_point t0) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
}

std::string seconds_text(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms % 1000 == 0 ? "%.0f s" : "%.1f s",
                static_cast<double>(ms) / 1000.0);
  return buf;
}

// Bytes a document brings in, for throughput and queue accounting.
size_t input_bytes(const dp_document& d) {
  size_t raw = d.get(DP_FIELD_RAW).size();
  return raw > 0 ? raw : d.get(DP_FIELD_HTML).size() + d.get(DP_FIELD_TEXT).size();
}

uint64_t own_peak_rss() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<uint64_t>(u.ru_maxrss) * 1024;
}

// Lets the reader run at most `size` documents ahead of the writer (ordered runs).
class OrderWindow {
 public:
  explicit OrderWindow(size_t size) : size_(size) {}
  void admit(uint64_t seq) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return seq < delivered_ + size_ || open_; });
  }
  void delivered(uint64_t count) {
    std::lock_guard lock(mutex_);
    delivered_ = count;
    cv_.notify_all();
  }
  //! Lets every waiting reader through (the run is being abandoned).
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  uint64_t delivered_ = 0;
  size_t size_;
  bool open_ = false;
};

// The first component error stops the run; later ones are only logged. A
// broken source or sink stops reading but what was read is still processed
// (and written to the sinks that still work); a broken stage also stops
// processing, since later documents would fail anyway.
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
  std::atomic<uint64_t> read{0}, ok{0}, dropped{0}, failed{0}, partial{0}, bytes_in{0},
      bytes_out{0};
  std::array<std::atomic<uint64_t>, DP_PARTIAL + 1> by_status{};
};

// What one worker thread is doing, for the watchdog, the progress line and a
// drain that has to give up on a stage that never returns.
struct WorkerSlot {
  enum State : int { idle = 0, busy = 1, abandoned = 2 };
  std::atomic<int> state{idle};
  std::atomic<int32_t> stage{-1};
  std::atomic<int64_t> stage_started_ns{0};
  std::atomic<int64_t> doc_started_ns{0};
  std::atomic<bool> warned{false};
  // The document's identity, copied when it starts: what an abandoned
  // document's errors record is made of, without touching the document a
  // stuck stage still holds.
  std::mutex identity_mutex;
  dp_document identity;
  // Process isolation: this thread's worker process.
  std::unique_ptr<WorkerProcess> process;
  bool process_started_once = false;
  int64_t started_ns = 0;
};

// A run of consecutive stages that execute in the same place.
struct StageGroup {
  size_t begin = 0, end = 0;  // pipeline stage indexes
  bool isolated = false;
  uint32_t worker_begin = 0;  // isolated: indexes among the worker's stages
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
        resume_handle_{o.state},
        slots_(limits_.threads) {
    if (state_ != nullptr) tracker_.emplace(*state_);
    run_services_.stdout_fd = o.stdout_fd;
    plan_isolation();
  }

  RunStats execute() {
    log_->debug("limits: {} workers; input and output queues {} documents / {} bytes each; {}",
                limits_.threads, limits_.queue_docs, limits_.queue_bytes / 2,
                pipeline_.ordered ? "ordered, window " + std::to_string(limits_.order_window)
                                  : std::string("unordered"));
    create_instances();
    auto t0 = Clock::now();
    std::thread writer([&] { write_loop(); });
    for (unsigned w = 0; w < limits_.threads; ++w) workers_.emplace_back([&, w] { work_loop(w); });
    std::thread monitor([&] { monitor_loop(t0); });
    reader_ = std::thread([&] { read_loop(); });

    wait_for_reader();
    in_.close();
    wait_for_workers();
    finish_stages();
    out_.close();
    writer.join();
    finish_sinks();
    if (state_ != nullptr) final_commit();
    {
      std::lock_guard lock(monitor_mutex_);
      done_ = true;
    }
    monitor_cv_.notify_all();
    monitor.join();
    if (options_.progress) std::fputs(progress_line_.finish().c_str(), stderr);
    return collect(std::chrono::duration<double>(Clock::now() - t0).count());
  }

  bool abandoned_threads() const { return abandoned_ > 0; }

 private:
  // ---- isolation plan -------------------------------------------------------

  void plan_isolation() {
    size_t n = pipeline_.stages.size();
    stage_timeout_ns_.resize(n);
    bool any_isolated = false, any_in_process = false;
    for (size_t i = 0; i < n; ++i) {
      const auto& st = pipeline_.stages[i];
      bool iso =
          st.isolated.value_or(options_.isolated.value_or(pipeline_.isolated.value_or(false)));
      stage_timeout_ns_[i] = st.timeout_ms * 1'000'000;
      if (groups_.empty() || groups_.back().isolated != iso) {
        StageGroup g;
        g.begin = i;
        g.isolated = iso;
        g.worker_begin = static_cast<uint32_t>(isolated_stages_.size());
        groups_.push_back(g);
      }
      groups_.back().end = i + 1;
      if (iso) {
        isolated_stages_.push_back(i);
        worker_stage_timeout_ns_.push_back(stage_timeout_ns_[i]);
      }
      (iso ? any_isolated : any_in_process) = true;
    }
    isolation_name_ = !any_isolated ? "none" : any_in_process ? "mixed" : "process";
    doc_timeout_ns_ = options_.doc_timeout_ms * 1'000'000;
  }

  isolation::WorkerLaunch worker_launch(unsigned w) const {
    isolation::WorkerSetup setup;
    setup.pipeline_name = pipeline_.name;
    setup.shard_index = options_.shard_index;
    setup.shard_count = options_.shard_count;
    setup.worker_index = w;
    setup.log_level = static_cast<int>(current_log_level());
    setup.log_json = current_log_format() == LogFormat::json;
    setup.memory_cap = options_.worker_memory;
    isolation::WorkerLaunch launch;
    launch.executable = worker_executable_;
    launch.memory_cap = options_.worker_memory;
    for (size_t i : isolated_stages_) {
      const auto& st = pipeline_.stages[i];
      setup.stages.push_back(
          {st.plugin->library->file.string(), st.plugin->id(), st.name, st.config});
      launch.stage_names.push_back(st.name);
    }
    launch.setup_json = isolation::encode_setup(setup);
    return launch;
  }

  // Starts worker w's process; with wait=false the caller waits (ready_worker)
  // so that several start at once.
  void start_worker(unsigned w, bool wait = true) {
    WorkerSlot& slot = slots_[w];
    slot.started_ns = monotonic_ns();
    if (slot.process_started_once) {
      ++worker_restarts_;
      slot.process = take_spare();
      log_->debug("worker {} replaced by pid {} in {:.1f} ms", w, slot.process->pid(),
                  static_cast<double>(monotonic_ns() - slot.started_ns) / 1e6);
      return;
    }
    slot.process_started_once = true;
    slot.process = std::make_unique<WorkerProcess>(worker_launch(w));
    if (wait) ready_worker(w);
  }

  // A replacement comes from the spare, started ahead of need so that a crash
  // costs the document it held and not a worker's start-up; the next spare
  // starts at once (without waiting for it). Replacements take worker
  // indexes from `threads` up, so no two live workers share one.
  std::unique_ptr<WorkerProcess> take_spare() {
    std::lock_guard lock(spare_mutex_);
    std::unique_ptr<WorkerProcess> p = std::move(spare_);
    if (!p) p = std::make_unique<WorkerProcess>(worker_launch(next_worker_index_++));
    try {
      p->wait_ready();
    } catch (const std::exception& e) {
      // The spare itself may have been killed while it waited: start afresh
      // once; a second failure means workers cannot start at all.
      log_->warn("the spare worker is gone ({}); starting another", e.what());
      p = std::make_unique<WorkerProcess>(worker_launch(next_worker_index_++));
      p->wait_ready();
    }
    if (!stop_requested() && !aborting_.load())
      spare_ = std::make_unique<WorkerProcess>(worker_launch(next_worker_index_++));
    return p;
  }

  void ready_worker(unsigned w) {
    WorkerSlot& slot = slots_[w];
    slot.process->wait_ready();
    log_->debug("worker process {} (pid {}) ready in {:.1f} ms", w, slot.process->pid(),
                static_cast<double>(monotonic_ns() - slot.started_ns) / 1e6);
  }

  void retire_worker(WorkerSlot& slot) {
    if (!slot.process) return;
    peak_rss_workers_ = std::max(peak_rss_workers_.load(), slot.process->peak_rss());
    slot.process.reset();
  }

  // ---- instances ------------------------------------------------------------

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
    source_drains_ = (pipeline_.source.plugin->descriptor->flags & DP_FLAG_DRAINS) != 0;
    stage_instances_.assign(limits_.threads,
                            std::vector<PluginInstance*>(pipeline_.stages.size(), nullptr));
    for (const auto& g : groups_) {
      if (g.isolated) continue;
      for (size_t i = g.begin; i < g.end; ++i) {
        const auto& st = pipeline_.stages[i];
        bool shared = (st.plugin->descriptor->flags & DP_FLAG_THREAD_SAFE) != 0;
        PluginInstance* shared_instance = nullptr;
        for (unsigned w = 0; w < limits_.threads; ++w) {
          if (!shared || shared_instance == nullptr) {
            place.worker_index = shared ? 0 : w;
            owned_.push_back(std::make_unique<PluginInstance>(st, place));
            shared_instance = owned_.back().get();
          }
          stage_instances_[w][i] = shared_instance;
        }
      }
    }
    if (!isolated_stages_.empty()) {
      worker_executable_ = isolation::find_worker_executable();
      for (unsigned w = 0; w < limits_.threads; ++w) start_worker(w, false);
      for (unsigned w = 0; w < limits_.threads; ++w) ready_worker(w);
      next_worker_index_ = limits_.threads;
      spare_ = std::make_unique<WorkerProcess>(worker_launch(next_worker_index_++));
      log_->debug("{} worker processes ({}) run {} isolated stage(s)", limits_.threads,
                  worker_executable_.string(), isolated_stages_.size());
    }
    place.worker_index = 0;
    for (const auto& s : pipeline_.sinks)
      sinks_.push_back(std::make_unique<PluginInstance>(s, place));
    broken_sink_.assign(sinks_.size(), false);
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
      checkpointing_ =
          without.empty() && (options_.checkpoint_docs > 0 || options_.checkpoint_seconds > 0);
      if (!without.empty())
        log_->warn(
            "{} cannot checkpoint: this shard commits only when it ends, and a killed attempt "
            "starts over",
            without);
    }
  }

  // ---- stopping -------------------------------------------------------------

  bool stop_requested() const { return options_.stop != nullptr && options_.stop->load() != 0; }
  bool stopping() const { return fatal_.is_set() || stop_requested(); }

  // Called from the waiting main thread: turns a signal into the drain state
  // plugins can see, and says when the drain must give up.
  void note_stop() {
    if (!stop_requested() || stop_noted_) return;
    stop_noted_ = true;
    drain_deadline_ = Clock::now() + std::chrono::milliseconds(options_.drain_timeout_ms);
    int expected = DP_RUN_GOING;
    run_services_.stop_state.compare_exchange_strong(expected, DP_RUN_DRAINING);
    log_->warn(
        "stopping: reading no more; draining what was read for at most {} "
        "(a second signal exits at once)",
        seconds_text(options_.drain_timeout_ms));
  }

  bool drain_expired() const { return stop_noted_ && Clock::now() >= drain_deadline_; }

  void wait_for_reader() {
    std::unique_lock lock(reader_mutex_);
    while (!reader_done_) {
      reader_cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (reader_done_) break;
      lock.unlock();
      note_stop();
      bool expired = drain_expired();
      if (expired && !aborting_.load()) {
        // Tell the source to abandon its work in flight, and give it a moment
        // to hand back what it abandoned before it is left behind.
        abort_stages();
        lock.lock();
        reader_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return reader_done_; });
        lock.unlock();
      }
      bool give_up = expired;
      lock.lock();
      if (give_up && !reader_done_) {
        // The source never came back from next(): leave it. The gate makes
        // sure it cannot count or queue a document after this.
        log_->error("{} did not return within the drain timeout; leaving it", source_->name());
        in_.close();
        window_.open();
        lock.unlock();
        {
          std::lock_guard gate(reader_gate_);
          reader_abandoned_ = true;
        }
        reader_.detach();
        ++abandoned_;
        return;
      }
    }
    lock.unlock();
    reader_.join();
  }

  void wait_for_workers() {
    {
      std::unique_lock lock(workers_mutex_);
      while (workers_running_ > 0) {
        workers_cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (workers_running_ == 0) break;
        lock.unlock();
        note_stop();
        bool give_up = drain_expired() && !aborting_.load();
        lock.lock();
        if (give_up) {
          lock.unlock();
          abort_stages();
          lock.lock();
          // Process-isolated threads come back at once (their worker is
          // killed); give in-process ones a moment before leaving them.
          workers_cv_.wait_for(lock, std::chrono::seconds(1),
                               [&] { return workers_running_ == 0; });
          if (workers_running_ > 0) {
            lock.unlock();
            abandon_stuck_workers();
            lock.lock();
            break;
          }
        }
      }
    }
    for (unsigned w = 0; w < workers_.size(); ++w) {
      if (slots_[w].state.load() == WorkerSlot::abandoned) {
        workers_[w].detach();
      } else {
        workers_[w].join();
      }
    }
  }

  // The drain timeout passed: every document still queued or held by a stage
  // is failed as interrupted; isolated stages' workers are killed.
  void abort_stages() {
    if (aborting_.exchange(true)) return;
    run_services_.stop_state.store(DP_RUN_ABORTING);
    log_->error(
        "the drain timeout of {} passed: documents still in the stages are failed as interrupted",
        seconds_text(options_.drain_timeout_ms));
  }

  void abandon_stuck_workers() {
    for (unsigned w = 0; w < slots_.size(); ++w) {
      WorkerSlot& slot = slots_[w];
      int expected = WorkerSlot::busy;
      if (!slot.state.compare_exchange_strong(expected, WorkerSlot::abandoned)) continue;
      ++abandoned_;
      int32_t stage = slot.stage.load();
      std::string name =
          stage >= 0 ? pipeline_.stages[static_cast<size_t>(stage)].name : "stage chain";
      auto doc = std::make_unique<dp_document>();
      {
        std::lock_guard lock(slot.identity_mutex);
        *doc = slot.identity;
      }
      log_->error("{} never returned from document {}; leaving it", name, doc->get(DP_FIELD_ID));
      doc->mark(DP_INTERRUPTED, name,
                "the run stopped and the drain timeout of " +
                    seconds_text(options_.drain_timeout_ms) +
                    " passed while this stage held the document");
      ++worker_elements_[w][static_cast<size_t>(std::max(stage, 0))].failed;
      size_t bytes = doc->bytes();
      out_.push(std::move(doc), bytes);
    }
    // Nobody may be left to take what is still queued: fail it here.
    while (auto item = in_.pop()) {
      DocPtr doc = std::move(*item);
      interrupt_unprocessed(*doc);
      size_t bytes = doc->bytes();
      out_.push(std::move(doc), bytes);
    }
  }

  void interrupt_unprocessed(dp_document& doc) {
    std::string first = pipeline_.stages.empty() ? source_->name() : pipeline_.stages.front().name;
    doc.mark(DP_INTERRUPTED, first,
             "not processed: the run stopped and the drain timeout of " +
                 seconds_text(options_.drain_timeout_ms) + " passed");
  }

  // ---- reading --------------------------------------------------------------

  void read_loop() {
    try {
      read_documents();
    } catch (const std::exception& e) {
      fatal_.set(std::string("reader: ") + e.what(), false);
    }
    std::lock_guard lock(reader_mutex_);
    reader_done_ = true;
    reader_cv_.notify_all();
  }

  // Whether to ask the source for more. After a stop request, only a source
  // that drains (DP_FLAG_DRAINS) is read on: it ends by itself, and what it
  // finishes meanwhile must not be left unread.
  bool keep_reading() const {
    if (fatal_.is_set()) return false;
    if (!stop_requested()) return true;
    return source_drains_;
  }

  void read_documents() {
    ElementStats& st = elements_[0];
    uint64_t seq = 0;
    while (keep_reading()) {
      if (pipeline_.ordered) window_.admit(seq);
      auto doc = std::make_unique<dp_document>();
      doc->sequence = static_cast<int64_t>(seq);
      auto t0 = Clock::now();
      CallResult r = source_->next(*doc);
      std::lock_guard gate(reader_gate_);
      if (reader_abandoned_) return;
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
      if (tracker_ && tracker_->already_committed(doc->get(DP_FIELD_INPUT).empty()
                                                      ? doc->get(DP_FIELD_SOURCE)
                                                      : doc->get(DP_FIELD_INPUT))) {
        ++skipped_committed_;
        continue;
      }
      counters_.read.fetch_add(1, std::memory_order_relaxed);
      size_t bytes = input_bytes(*doc);
      counters_.bytes_in.fetch_add(bytes, std::memory_order_relaxed);
      ++seq;
      bool queued = false;
      if (r.status == DP_OK) {
        queued = in_.push(std::move(doc), bytes);
      } else {
        // A document the source itself failed or dropped skips the stages but is
        // still counted and, when failed, recorded by the writer.
        std::string message = r.message;
        std::string forbidden =
            r.status == DP_DROPPED ? std::string() : forbidden_stage_result(r.status);
        if (!forbidden.empty()) message = forbidden + (message.empty() ? "" : ": " + message);
        doc->mark(r.status == DP_DROPPED ? DP_DROPPED : DP_DOCUMENT_ERROR, source_->name(),
                  message);
        if (r.status == DP_DROPPED)
          ++st.dropped;
        else
          ++st.failed;
        queued = out_.push(std::move(doc), bytes);
      }
      if (!queued) {
        // The run gave up on its stages: this document was never handed on.
        counters_.read.fetch_sub(1, std::memory_order_relaxed);
        counters_.bytes_in.fetch_sub(bytes, std::memory_order_relaxed);
        break;
      }
      if (checkpointing_ && checkpoint_due()) checkpoint();
    }
  }

  bool checkpoint_due() {
    ++since_checkpoint_;
    if (options_.checkpoint_docs > 0 && since_checkpoint_ >= options_.checkpoint_docs) return true;
    return options_.checkpoint_seconds > 0 &&
           std::chrono::duration<double>(Clock::now() - last_checkpoint_).count() >=
               options_.checkpoint_seconds;
  }

  // Runs on the reader thread: waits until the writer has delivered every
  // document read so far (the writer is then idle, so the sinks are ours),
  // has every sink make its output durable, and commits the inputs' progress.
  void checkpoint() {
    uint64_t target = counters_.read.load();
    {
      std::unique_lock lock(barrier_mutex_);
      barrier_waiting_.store(true);
      barrier_cv_.wait(
          lock, [&] { return delivered_.load() >= target || fatal_.is_set() || aborting_.load(); });
      barrier_waiting_.store(false);
    }
    since_checkpoint_ = 0;
    last_checkpoint_ = Clock::now();
    if (fatal_.is_set() || aborting_.load()) return;
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
    // The journal knows ok, dropped and failed; a partial document failed too.
    CommitCounts now{counters_.ok.load(), counters_.dropped.load(),
                     counters_.failed.load() + counters_.partial.load()};
    CommitCounts delta{now.ok - committed_.ok, now.dropped - committed_.dropped,
                       now.failed - committed_.failed};
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
    if (fatal_.is_set() || reader_abandoned_) {
      state_->abandon_pending();
      return;
    }
    commit(source_ended_ && !stop_requested());
  }

  // ---- stages ---------------------------------------------------------------

  void work_loop(unsigned w) {
    WorkerSlot& slot = slots_[w];
    while (auto item = in_.pop()) {
      DocPtr doc = std::move(*item);
      if (aborting_.load()) {
        interrupt_unprocessed(*doc);
      } else {
        begin_document(slot, *doc);
        process_document(w, slot, *doc);
        int expected = WorkerSlot::busy;
        if (!slot.state.compare_exchange_strong(expected, WorkerSlot::idle)) {
          // Abandoned while a stage held it: its errors record was sent then.
          (void)doc.release();  // the stuck stage may still touch it; never free it
          return;
        }
      }
      size_t bytes = doc->bytes();
      out_.push(std::move(doc), bytes);
    }
    std::lock_guard lock(workers_mutex_);
    --workers_running_;
    workers_cv_.notify_all();
  }

  void begin_document(WorkerSlot& slot, const dp_document& doc) {
    {
      std::lock_guard lock(slot.identity_mutex);
      slot.identity = dp_document();
      for (dp_field f : {DP_FIELD_ID, DP_FIELD_SOURCE, DP_FIELD_URL, DP_FIELD_INPUT})
        slot.identity.fields[static_cast<size_t>(f)] = std::string(doc.get(f));
      slot.identity.sequence = doc.sequence;
    }
    slot.warned.store(false, std::memory_order_relaxed);
    slot.doc_started_ns.store(monotonic_ns(), std::memory_order_relaxed);
    slot.state.store(WorkerSlot::busy, std::memory_order_release);
  }

  void process_document(unsigned w, WorkerSlot& slot, dp_document& doc) {
    int64_t deadline = doc_timeout_ns_ > 0 ? slot.doc_started_ns.load() + doc_timeout_ns_ : 0;
    auto& stats = worker_elements_[w];
    for (const StageGroup& g : groups_) {
      if (fatal_.stops_processing()) {
        doc.mark(DP_DOCUMENT_ERROR, pipeline_.stages[g.begin].name,
                 "not processed: the run stopped after: " + fatal_.message());
        return;
      }
      bool go_on = g.isolated ? run_isolated(w, slot, g, doc, deadline)
                              : run_in_process(w, slot, g, doc, deadline, stats);
      if (!go_on) return;
    }
  }

  bool run_in_process(unsigned w, WorkerSlot& slot, const StageGroup& g, dp_document& doc,
                      int64_t deadline, std::vector<ElementStats>& stats) {
    size_t n = g.end - g.begin;
    ChainDeadlines d;
    d.document_deadline_ns = deadline;
    d.document_timeout_ns = doc_timeout_ns_;
    d.stage_timeout_ns = std::span<const int64_t>(stage_timeout_ns_.data() + g.begin, n);
    int stopped =
        run_stage_chain(std::span<PluginInstance* const>(stage_instances_[w].data() + g.begin, n),
                        g.begin, doc, std::span<ElementStats>(stats.data() + g.begin, n),
                        StageProbe{&slot.stage, &slot.stage_started_ns}, d);
    if (stopped < 0) return true;
    if (doc.status == DP_COMPONENT_ERROR)
      fatal_.set(pipeline_.stages[g.begin + static_cast<size_t>(stopped)].name + ": " +
                 std::string(doc.get(DP_FIELD_MESSAGE)));
    return false;
  }

  bool run_isolated(unsigned w, WorkerSlot& slot, const StageGroup& g, dp_document& doc,
                    int64_t deadline) {
    auto& stats = worker_elements_[w];
    uint32_t begin = g.worker_begin;
    uint32_t end = begin + static_cast<uint32_t>(g.end - g.begin);
    isolation::DocumentLimits limits;
    limits.deadline_ns = deadline;
    limits.stage_timeout_ns = worker_stage_timeout_ns_;
    limits.stop_state = &run_services_.stop_state;
    uint32_t lost = 0;
    for (uint32_t attempt = 0;; ++attempt) {
      if (!slot.process || !slot.process->alive()) {
        retire_worker(slot);
        try {
          start_worker(w);
        } catch (const std::exception& e) {
          fatal_.set(e.what());
          doc.mark(DP_DOCUMENT_ERROR, pipeline_.stages[g.begin].name, e.what());
          return false;
        }
      }
      slot.stage.store(static_cast<int32_t>(g.begin), std::memory_order_relaxed);
      slot.stage_started_ns.store(monotonic_ns(), std::memory_order_relaxed);
      WorkerOutcome o = slot.process->process(doc, begin, end, limits);
      slot.stage.store(-1, std::memory_order_relaxed);
      if (o.kind == WorkerOutcome::Kind::done) {
        for (size_t i = 0; i < o.stage_nanos.size(); ++i) {
          size_t s = g.begin + i;
          if (o.stopped_at >= 0 && i > static_cast<size_t>(o.stopped_at) - begin) break;
          stats[s].nanos += o.stage_nanos[i];
          ++stats[s].calls;
        }
        if (options_.worker_max_docs > 0 && slot.process->documents() >= options_.worker_max_docs)
          recycle(slot);
        if (o.stopped_at < 0) return true;
        size_t s = g.begin + static_cast<size_t>(o.stopped_at) - begin;
        if (doc.status == DP_DROPPED) {
          ++stats[s].dropped;
        } else {
          ++stats[s].failed;
          if (doc.status == DP_COMPONENT_ERROR)
            fatal_.set(pipeline_.stages[s].name + ": " + std::string(doc.get(DP_FIELD_MESSAGE)));
        }
        return false;
      }
      if (o.kind == WorkerOutcome::Kind::lost && ++lost <= 3 && !aborting_.load()) {
        // Killed from outside while idle, say: not this document's doing.
        log_->warn("{}; sending document {} to a new one", o.detail, doc.get(DP_FIELD_ID));
        retire_worker(slot);
        --attempt;
        continue;
      }
      size_t s = g.begin + (o.stopped_at >= 0 && static_cast<uint32_t>(o.stopped_at) >= begin &&
                                    static_cast<uint32_t>(o.stopped_at) < end
                                ? static_cast<size_t>(o.stopped_at) - begin
                                : 0);
      const std::string& stage = pipeline_.stages[s].name;
      if (o.kind == WorkerOutcome::Kind::crashed && attempt < options_.crash_retries &&
          !aborting_.load()) {
        log_->warn("document {} crashed a worker in {} ({}); retrying on a fresh worker ({} of {})",
                   doc.get(DP_FIELD_ID), stage, o.detail, attempt + 1, options_.crash_retries);
        continue;
      }
      ++stats[s].failed;
      mark_worker_failure(doc, stage, o, slot);
      retire_worker(slot);
      // Replace it now, so the next document does not wait for the start.
      if (!aborting_.load() && !stop_requested()) {
        try {
          start_worker(w);
        } catch (const std::exception& e) {
          fatal_.set(e.what());
        }
      }
      return false;
    }
  }

  void mark_worker_failure(dp_document& doc, const std::string& stage, const WorkerOutcome& o,
                           WorkerSlot& slot) {
    switch (o.kind) {
      case WorkerOutcome::Kind::lost:
      case WorkerOutcome::Kind::crashed: {
        std::string message = o.detail;
        auto lines = slot.process ? slot.process->last_lines() : std::vector<std::string>{};
        if (!lines.empty()) {
          message += "; its last output:";
          size_t from = lines.size() > 5 ? lines.size() - 5 : 0;
          for (size_t i = from; i < lines.size(); ++i)
            message += (i == from ? " " : " | ") + lines[i];
        }
        log_->error("{} crashed on document {}: {}; starting a new worker", stage,
                    doc.get(DP_FIELD_ID), o.detail);
        doc.mark(DP_CRASH, stage, message);
        break;
      }
      case WorkerOutcome::Kind::timed_out: {
        int64_t stage_ms = 0;
        for (size_t i = 0; i < pipeline_.stages.size(); ++i)
          if (pipeline_.stages[i].name == stage) stage_ms = pipeline_.stages[i].timeout_ms;
        std::string limit =
            stage_ms > 0 && (options_.doc_timeout_ms == 0 || stage_ms < options_.doc_timeout_ms)
                ? "the stage's timeout of " + seconds_text(stage_ms)
                : "--doc-timeout " + seconds_text(options_.doc_timeout_ms);
        log_->warn("{} exceeded {} on document {}; its worker was killed and is replaced", stage,
                   limit, doc.get(DP_FIELD_ID));
        doc.mark(DP_TIMEOUT, stage, "exceeded " + limit + "; the worker was killed and replaced");
        break;
      }
      case WorkerOutcome::Kind::out_of_memory:
        log_->warn("{} ran out of memory on document {}: {}", stage, doc.get(DP_FIELD_ID),
                   o.detail);
        doc.mark(DP_OOM, stage, o.detail + "; the worker was replaced");
        break;
      case WorkerOutcome::Kind::aborted:
        doc.mark(DP_INTERRUPTED, stage,
                 "the run stopped and the drain timeout of " +
                     seconds_text(options_.drain_timeout_ms) +
                     " passed while this stage held the document");
        break;
      case WorkerOutcome::Kind::done:
        break;
    }
  }

  void recycle(WorkerSlot& slot) {
    std::string error = slot.process->quit();
    if (!error.empty()) log_->warn("recycling a worker: {}", error);
    retire_worker(slot);
  }

  void finish_stages() {
    // A stage instance another thread may still be inside is not finished.
    if (abandoned_ == 0) {
      for (auto& inst : owned_) {
        CallResult r = inst->finish();
        if (r.status != DP_OK) fatal_.set(inst->name() + ": finish failed: " + r.message);
      }
    }
    {
      std::lock_guard lock(spare_mutex_);
      if (spare_) {
        spare_->quit();
        peak_rss_workers_ = std::max(peak_rss_workers_.load(), spare_->peak_rss());
        spare_.reset();
      }
    }
    for (auto& slot : slots_) {
      if (slot.state.load() == WorkerSlot::abandoned || !slot.process) continue;
      if (slot.process->alive()) {
        std::string error = slot.process->quit();
        if (!error.empty()) fatal_.set("a worker process: finish failed: " + error);
      }
      retire_worker(slot);
    }
  }

  // ---- writing --------------------------------------------------------------

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

  // Every sink that still works is given every ok document. A document some
  // sinks wrote and another failed is partial: it is in their outputs, and
  // in the errors sink with the sinks that have it.
  void write_to_sinks(dp_document& doc) {
    size_t first_sink = 1 + pipeline_.stages.size();
    std::string have, failed_at, why;
    for (size_t i = 0; i < sinks_.size(); ++i) {
      if (broken_sink_[i]) {
        if (failed_at.empty()) {
          failed_at = sinks_[i]->name();
          why = "not written: " + sinks_[i]->name() + " stopped working: " + broken_reason_[i];
        }
        continue;
      }
      ElementStats& st = elements_[first_sink + i];
      auto t0 = Clock::now();
      CallResult r = sinks_[i]->write(doc);
      st.nanos += nanos_since(t0);
      ++st.calls;
      if (r.status == DP_OK) {
        have += (have.empty() ? "" : ", ") + sinks_[i]->name();
        continue;
      }
      ++st.failed;
      std::string message = r.message.empty() ? "write failed without a message" : r.message;
      std::string forbidden = forbidden_stage_result(r.status);
      if (!forbidden.empty() && r.status != DP_END) message = forbidden + ": " + message;
      if (r.status == DP_COMPONENT_ERROR) {
        broken_sink_[i] = true;
        broken_reason_.resize(sinks_.size());
        broken_reason_[i] = message;
        // Stop reading, but keep giving what is in flight to the other sinks.
        fatal_.set(sinks_[i]->name() + ": " + message, false);
        log_->error("{} stopped working: {}; the run stops, the other sinks keep what they get",
                    sinks_[i]->name(), message);
      }
      if (failed_at.empty()) {
        failed_at = sinks_[i]->name();
        why = message;
      }
    }
    if (failed_at.empty()) return;
    if (have.empty()) {
      doc.mark(DP_DOCUMENT_ERROR, failed_at, why);
    } else {
      doc.mark(DP_PARTIAL, failed_at, why + "; written by " + have);
    }
  }

  void deliver(dp_document& doc) {
    if (doc.status == DP_OK) write_to_sinks(doc);
    if (doc.status == DP_OK) {
      counters_.ok.fetch_add(1, std::memory_order_relaxed);
      counters_.bytes_out.fetch_add(doc.get(DP_FIELD_TEXT).size(), std::memory_order_relaxed);
    } else if (doc.status == DP_DROPPED) {
      counters_.dropped.fetch_add(1, std::memory_order_relaxed);
      log_->debug("dropped {} at {}: {}", doc.get(DP_FIELD_ID), doc.get(DP_FIELD_STAGE),
                  doc.get(DP_FIELD_MESSAGE));
    } else {
      (doc.status == DP_PARTIAL ? counters_.partial : counters_.failed)
          .fetch_add(1, std::memory_order_relaxed);
      counters_.by_status[static_cast<size_t>(doc.status)].fetch_add(1, std::memory_order_relaxed);
      log_->debug("{} {} at {}: {}", status_name(doc.status), doc.get(DP_FIELD_ID),
                  doc.get(DP_FIELD_STAGE), doc.get(DP_FIELD_MESSAGE));
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

  // Every sink is finished, a broken one too: what it took before it broke
  // is committed when it still can be.
  void finish_sinks() {
    auto finish = [&](PluginInstance& s, bool broken) {
      CallResult r = s.finish();
      if (r.status == DP_OK) return;
      if (broken) {
        log_->error("{} could not commit what it wrote before it broke: {}", s.name(), r.message);
      } else {
        fatal_.set(s.name() + ": finish failed: " + r.message);
      }
    };
    for (size_t i = 0; i < sinks_.size(); ++i) finish(*sinks_[i], broken_sink_[i]);
    finish(*errors_, false);
    if (!reader_abandoned_) finish(*source_, false);
  }

  // ---- watching -------------------------------------------------------------

  struct Overdue {
    std::string stage, id;
    double held_seconds = 0, limit_seconds = 0;
  };

  // Documents held past a deadline. In-process stages cannot be stopped, so
  // each is also logged once: the user learns which stage and document.
  std::vector<Overdue> overdue() {
    std::vector<Overdue> out;
    int64_t now = monotonic_ns();
    for (auto& slot : slots_) {
      if (slot.state.load(std::memory_order_acquire) != WorkerSlot::busy) continue;
      int32_t stage = slot.stage.load(std::memory_order_acquire);
      if (stage < 0) continue;
      int64_t stage_limit = stage_timeout_ns_[static_cast<size_t>(stage)];
      int64_t stage_held = now - slot.stage_started_ns.load(std::memory_order_relaxed);
      int64_t doc_held = now - slot.doc_started_ns.load(std::memory_order_relaxed);
      Overdue o;
      if (stage_limit > 0 && stage_held > stage_limit) {
        o.held_seconds = static_cast<double>(stage_held) / 1e9;
        o.limit_seconds = static_cast<double>(stage_limit) / 1e9;
      } else if (doc_timeout_ns_ > 0 && doc_held > doc_timeout_ns_) {
        o.held_seconds = static_cast<double>(doc_held) / 1e9;
        o.limit_seconds = static_cast<double>(doc_timeout_ns_) / 1e9;
      } else {
        continue;
      }
      o.stage = pipeline_.stages[static_cast<size_t>(stage)].name;
      {
        std::lock_guard lock(slot.identity_mutex);
        o.id = std::string(slot.identity.get(DP_FIELD_ID));
      }
      bool in_process = !slot.process;
      if (in_process && !slot.warned.exchange(true))
        log_->warn(
            "{} has held document {} for {:.1f} s, past its deadline of {:.1f} s; an in-process "
            "stage "
            "cannot be stopped (run with --isolation process to kill it); the document will count "
            "as "
            "timeout if it returns",
            o.stage, o.id, o.held_seconds, o.limit_seconds);
      out.push_back(std::move(o));
    }
    return out;
  }

  void monitor_loop(Clock::time_point t0) {
    bool tty = isatty(STDERR_FILENO) != 0;
    bool watching =
        doc_timeout_ns_ > 0 || std::any_of(stage_timeout_ns_.begin(), stage_timeout_ns_.end(),
                                           [](int64_t t) { return t > 0; });
    auto interval = std::chrono::milliseconds(tty ? 500 : 5000);
    auto tick = watching ? std::chrono::milliseconds(200) : interval;
    auto next_line = Clock::now() + interval;
    std::unique_lock lock(monitor_mutex_);
    while (!monitor_cv_.wait_for(lock, tick, [&] { return done_; })) {
      lock.unlock();
      std::vector<Overdue> late = watching ? overdue() : std::vector<Overdue>{};
      if (options_.progress && Clock::now() >= next_line) {
        next_line = Clock::now() + interval;
        print_progress(t0, late);
      }
      lock.lock();
    }
  }

  void print_progress(Clock::time_point t0, const std::vector<Overdue>& late) {
    ProgressSnapshot snap;
    snap.elapsed_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    snap.read = counters_.read.load();
    snap.ok = counters_.ok.load();
    snap.dropped = counters_.dropped.load();
    snap.failed = counters_.failed.load();
    snap.partial = counters_.partial.load();
    snap.bytes_in = counters_.bytes_in.load();
    snap.source_done = run_services_.progress_done.load(std::memory_order_relaxed);
    snap.source_total = run_services_.progress_total.load(std::memory_order_relaxed);
    snap.source_unit = run_services_.progress_unit.load(std::memory_order_relaxed);
    for (const auto& o : late)
      snap.overdue.push_back({o.stage, o.id, o.held_seconds, o.limit_seconds});
    std::fputs(progress_line_.render(snap).c_str(), stderr);
    std::fflush(stderr);
  }

  // ---- results --------------------------------------------------------------

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
    s.partial = counters_.partial;
    for (dp_status st :
         {DP_DOCUMENT_ERROR, DP_TIMEOUT, DP_CRASH, DP_OOM, DP_INTERRUPTED, DP_PARTIAL})
      s.results.emplace_back(std::string(status_name(st)),
                             counters_.by_status[static_cast<size_t>(st)].load());
    // A stage's component error fails its document like an error does.
    s.results.front().second += counters_.by_status[DP_COMPONENT_ERROR].load();
    s.bytes_in = counters_.bytes_in;
    s.bytes_out = counters_.bytes_out;
    s.wall_seconds = wall;
    s.interrupted = stop_requested();
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
    s.isolation = isolation_name_;
    s.worker_restarts = worker_restarts_;
    s.peak_rss_workers = peak_rss_workers_;
    s.peak_rss_host = own_peak_rss();
    s.abandoned_threads = abandoned_;
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
  std::vector<bool> broken_sink_;  // writer thread only
  std::vector<std::string> broken_reason_;

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

  // Isolation plan and workers.
  std::vector<StageGroup> groups_;
  std::vector<size_t> isolated_stages_;           // pipeline indexes of the worker's stages
  std::vector<int64_t> stage_timeout_ns_;         // per pipeline stage
  std::vector<int64_t> worker_stage_timeout_ns_;  // per worker stage
  int64_t doc_timeout_ns_ = 0;
  std::string isolation_name_;
  std::filesystem::path worker_executable_;
  std::vector<WorkerSlot> slots_;
  std::atomic<uint64_t> worker_restarts_{0};
  std::mutex spare_mutex_;
  std::unique_ptr<WorkerProcess> spare_;  // started ahead, replaces the next worker lost
  unsigned next_worker_index_ = 0;
  std::atomic<uint64_t> peak_rss_workers_{0};

  // Threads and stopping.
  std::thread reader_;
  std::mutex reader_mutex_;
  std::condition_variable reader_cv_;
  bool reader_done_ = false;
  std::mutex reader_gate_;
  bool reader_abandoned_ = false;
  bool source_drains_ = false;
  std::vector<std::thread> workers_;
  std::mutex workers_mutex_;
  std::condition_variable workers_cv_;
  unsigned workers_running_ = limits_.threads;
  bool stop_noted_ = false;
  Clock::time_point drain_deadline_{};
  std::atomic<bool> aborting_{false};
  std::atomic<unsigned> abandoned_{0};

  std::unique_ptr<PluginInstance> source_;
  std::vector<std::unique_ptr<PluginInstance>> owned_;
  std::vector<std::vector<PluginInstance*>>
      stage_instances_;  // [worker][stage]; null when isolated
  std::vector<std::unique_ptr<PluginInstance>> sinks_;
  std::unique_ptr<PluginInstance> errors_;
  std::vector<ElementStats> elements_;                      // reader and writer slots
  std::vector<std::vector<ElementStats>> worker_elements_;  // [worker][stage]

  std::mutex monitor_mutex_;
  std::condition_variable monitor_cv_;
  bool done_ = false;
  ProgressLine progress_line_ = ProgressLine::for_fd(STDERR_FILENO);
};

}  // namespace

QueueLimits resolve_limits(const Pipeline& p, const RunOptions& o) {
  QueueLimits l{};
  l.threads = o.threads   ? o.threads
              : p.threads ? *p.threads
                          : std::max(1u, std::thread::hardware_concurrency());
  l.queue_docs = o.queue_docs                        ? o.queue_docs
                 : p.queue_docs && *p.queue_docs > 0 ? static_cast<size_t>(*p.queue_docs)
                                                     : std::max<size_t>(16, 4 * l.threads);
  l.queue_bytes = o.queue_bytes                         ? o.queue_bytes
                  : p.queue_bytes && *p.queue_bytes > 0 ? static_cast<size_t>(*p.queue_bytes)
                                                        : size_t{256} << 20;
  // Everything that can be in flight: both queues and one document per worker.
  l.order_window = 2 * l.queue_docs + l.threads;
  return l;
}

RunStats run_pipeline(const Pipeline& pipeline, const RunOptions& options) {
  auto run = std::make_unique<Run>(pipeline, options);
  RunStats stats = run->execute();
  // A thread still inside a plugin keeps using the run: it is never freed.
  if (run->abandoned_threads()) (void)run.release();
  return stats;
}

}  // namespace docpipe
