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
#include <string>

#include "pipeline.hpp"
#include "run_stats.hpp"

namespace docpipe {

class ShardState;

//! How to run; zeros mean "choose".
struct RunOptions {
  unsigned threads = 0;         //!< workers; 0 = the pipeline's threads or all cores
  size_t queue_docs = 0;        //!< per queue; 0 = the pipeline's value or 4 x threads (at least 16)
  size_t queue_bytes = 0;       //!< both queues together; 0 = the pipeline's value or 256 MiB
  uint32_t shard_index = 0;     //!< this run's shard
  uint32_t shard_count = 1;     //!< number of shards
  bool progress = false;        //!< print a progress line to stderr
  std::atomic<int>* stop = nullptr;  //!< non-zero asks the run to stop reading and drain
  // Resumable runs (--state): documents an earlier attempt committed are
  // skipped, and a checkpoint commits everything delivered so far after
  // checkpoint_docs documents or checkpoint_seconds, whichever comes first.
  ShardState* state = nullptr;         //!< null: the run keeps no state
  uint64_t checkpoint_docs = 100000;   //!< 0: no count-based checkpoints
  double checkpoint_seconds = 60;      //!< 0: no time-based checkpoints
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
//! in RunStats::fatal_error after draining.
RunStats run_pipeline(const Pipeline& pipeline, const RunOptions& options);

}  // namespace docpipe
