// Runs a pipeline, streaming in bounded memory:
//
//   source (1 reader thread) -> input queue -> N workers (stage chain)
//                            -> output queue -> writer thread (sinks, errors sink)
//
// Both queues are bounded in documents and in bytes (BoundedQueue), so a slow
// sink slows the workers and then the reader: memory stays flat. With
// ordered=true the writer restores source order, and the reader may run at
// most `order window` documents ahead of the writer, which bounds the reorder
// buffer too. A document that fails or is dropped anywhere still reaches the
// writer, which counts it exactly once (read = ok + dropped + failed) and
// sends failures to the errors sink.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "pipeline.hpp"
#include "run_stats.hpp"

namespace docpipe {

class ShardState;

//! How to run; zeros mean "choose".
struct RunOptions {
  unsigned threads = 0;      //!< workers; 0 = the pipeline's threads or all cores
  size_t queue_docs = 0;     //!< per queue; 0 = the pipeline's value or 4 x threads (at least 16)
  size_t queue_bytes = 0;    //!< both queues together; 0 = the pipeline's value or 256 MiB
  uint32_t shard_index = 0;  //!< this run's shard
  uint32_t shard_count = 1;  //!< number of shards
  bool progress = false;     //!< print a progress line to stderr
  std::atomic<int>* stop = nullptr;  //!< non-zero asks the run to stop reading and drain
  // Resumable runs (--state): documents an earlier attempt committed are
  // skipped, and a checkpoint commits everything delivered so far after
  // checkpoint_docs documents or checkpoint_seconds, whichever comes first.
  ShardState* state = nullptr;        //!< null: the run keeps no state
  uint64_t checkpoint_docs = 100000;  //!< 0: no count-based checkpoints
  double checkpoint_seconds = 60;     //!< 0: no time-based checkpoints
  // Crash-proof runs. Stages run in the host unless isolated: then each
  // worker thread drives a docpipe-worker process that holds the isolated
  // stages, and a stage that crashes, hangs or grows costs one document.
  std::optional<bool> isolated;      //!< --isolation; unset: the pipeline's attribute
  int64_t doc_timeout_ms = 0;        //!< the stage chain's budget per document; 0: none
  uint32_t crash_retries = 0;        //!< fresh workers a crashing document is retried on
  uint64_t worker_memory = 0;        //!< resident bytes a worker may use; 0: no cap
  uint64_t worker_max_docs = 0;      //!< documents before a worker is recycled; 0: never
  int64_t drain_timeout_ms = 30000;  //!< after a stop request, how long stages may drain
  int stdout_fd = 1;                 //!< the run's standard output, for sinks' "-" paths
};

//! The defaults, resolved: what `run --help` and the debug log show.
struct QueueLimits {
  unsigned threads;
  size_t queue_docs;
  size_t queue_bytes;
  size_t order_window;
};
QueueLimits resolve_limits(const Pipeline& pipeline, const RunOptions& options);

//! Runs to the end (or to a stop request). Throws ComponentError when an
//! instance cannot be created; a component error during the run is reported
//! in RunStats::fatal_error after draining. When a stop request's drain
//! timeout passes while an in-process stage (or the source) never returns,
//! its thread is left running and RunStats::abandoned_threads says so: the
//! caller must then end the process without unloading plugins (std::_Exit).
RunStats run_pipeline(const Pipeline& pipeline, const RunOptions& options);

}  // namespace docpipe
